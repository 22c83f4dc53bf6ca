// One service layer into the catalog: entry + layer.json (metadata validated like a published layer's), committed with
// the store's lock and atomic catalog write. Nothing of the service's data is copied.
import type { BBox, LayerDocument, ServiceLayerEntry } from '../../src/model/catalog.ts'
import { validateMetadata, type LayerMetadata } from '../../src/model/metadata.ts'
import type { ServiceQualityReport } from '../../src/model/service.ts'
import { transformBBox } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import { commitLayer, withCatalogLock, type PublishOutcome } from '../catalog/store.ts'
import { layerEntry } from '../publish/entry.ts'
import { ServiceError, type ServiceLayerInfo } from './capabilities.ts'

/** Metadata from the capabilities, then the officer's file, then the flags (later wins); validated. */
export function serviceMetadata(info: ServiceLayerInfo, given: Record<string, unknown>, source: string): LayerMetadata {
  const constraints = info.constraints?.trim()
  const fromCapabilities: Record<string, unknown> = {
    title: info.title,
    ...(info.abstract?.trim() ? { description: info.abstract.trim() } : {}),
    ...(info.keywords?.length ? { keywords: info.keywords.filter((k) => k.trim()) } : {}),
    ...(info.attribution?.trim() ? { attribution: info.attribution.trim() } : {}),
    ...(info.provider ? { contact: info.provider } : {}),
    // AccessConstraints often name the licence ("Datenlizenz Deutschland – Zero – Version 2.0"); "none" does not.
    ...(constraints && constraints.length <= 200 && !/^(none|keine)$/i.test(constraints) ? { license: constraints } : {}),
    lineage: `Externer ${info.service.toUpperCase()}-Dienst, Ebene „${info.layers}“; Dienstbeschreibung: ${info.capabilitiesUrl}`,
    category: 'Geodaten',
  }
  const merged = { ...fromCapabilities, ...given }
  if (merged.contact && typeof merged.contact === 'object') {
    // A provider's contact may hold an e-mail the metadata rules refuse ("" or "info at …"): keep what passes.
    const c = { ...(merged.contact as Record<string, unknown>) }
    if (typeof c.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) delete c.email
    merged.contact = c
  }
  return validateMetadata(merged, source)
}

/** The service's lon/lat extent (from the capabilities, or the officer's --bbox) in both catalog CRSs. */
export function serviceExtent(bbox4326: BBox | undefined, projections: Projections, url: string): { bbox: BBox; bbox4326: BBox } {
  if (!bbox4326) throw new ServiceError(`${url}: the capabilities give no lon/lat extent for this layer; give one with --bbox west,south,east,north`)
  const round = (v: number, k: number) => Math.round(v * k) / k
  const bbox = transformBBox(bbox4326, projections.forward('EPSG:4326', WORK_CRS)).map((v) => round(v, 100)) as BBox
  return { bbox, bbox4326: bbox4326.map((v) => round(v, 1e7)) as BBox }
}

export async function commitServiceLayer(
  catalogDir: string,
  id: string,
  info: ServiceLayerInfo,
  metadata: LayerMetadata,
  extent: { bbox: BBox; bbox4326: BBox },
): Promise<{ outcome: PublishOutcome; entry: ServiceLayerEntry }> {
  const entry: Omit<ServiceLayerEntry, 'metaHref'> = layerEntry({
    id,
    kind: 'service',
    metadata,
    extent,
    lead: {
      service: info.service,
      url: info.url,
      layers: info.layers,
      ...(info.styles ? { styles: info.styles } : {}),
      format: info.format,
      version: info.version,
      capabilitiesUrl: info.capabilitiesUrl,
      ...(info.legendUrl ? { legendUrl: info.legendUrl } : {}),
      ...(info.minZoom !== undefined ? { minZoom: info.minZoom } : {}),
      ...(info.maxZoom !== undefined ? { maxZoom: info.maxZoom } : {}),
      ...(info.queryable ? { queryable: true } : {}),
      ...(info.infoFormat ? { infoFormat: info.infoFormat } : {}),
    },
    fields: {},
    tail: { style: {} },
  })
  const quality: ServiceQualityReport = { external: true, findings: [] }
  const document: Omit<LayerDocument, 'files'> = { id, kind: 'service', metadata, quality }
  const r = await withCatalogLock(catalogDir, () => commitLayer(catalogDir, { entry, document }))
  return { outcome: r.outcome, entry: r.entry as ServiceLayerEntry }
}
