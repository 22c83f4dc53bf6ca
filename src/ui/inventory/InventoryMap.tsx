// The inventory page's map: the finds' extents over the portal's base map (FindsOverlay), owned by a
// MapController of its own. A click lists the finds under it; the page's tables hold the same finds as text.
import { useEffect, useMemo, useRef, useState } from 'react'
import { needsConsent } from '../../basemap/choice.ts'
import { MapController } from '../../map/MapController.ts'
import { FindsOverlay, type FindBox } from '../../map/tools/findsOverlay.ts'
import type { Catalog } from '../../model/catalog.ts'
import { transformBBox } from '../../projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import { useI18n } from '../i18n.ts'
import { mapLocale } from '../map/MapView.tsx'
import { mapExtent, type BBox, type InventoryFind } from './model.ts'

/** The map draws at most this many extents (a drive has up to ~800,000 finds; the tables count them all). */
const MAX_DRAWN = 5000
const MAX_PICKED = 50

export interface InventoryMapContext {
  catalog: Catalog
  catalogUrl: string
  projections: Projections
}

export function InventoryMap({ finds, area, context }: { finds: InventoryFind[]; area: BBox; context: InventoryMapContext }) {
  const { t } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const [picked, setPicked] = useState<InventoryFind[] | null>(null)
  const extent = useMemo(() => mapExtent(finds, area), [finds, area])
  const toLonLat = useMemo(() => context.projections.forward(WORK_CRS, 'EPSG:4326'), [context.projections])
  const drawn = useMemo(
    () => finds.map((f, index) => ({ f, index })).filter(({ f }) => f.bbox && f.bbox[2] >= extent[0] && f.bbox[0] <= extent[2] && f.bbox[3] >= extent[1] && f.bbox[1] <= extent[3]).slice(0, MAX_DRAWN),
    [finds, extent],
  )
  const ring = (b: BBox): [number, number][] => [toLonLat([b[0], b[1]]), toLonLat([b[2], b[1]]), toLonLat([b[2], b[3]]), toLonLat([b[0], b[3]]), toLonLat([b[0], b[1]])] as [number, number][]
  const overlay = useMemo(() => new FindsOverlay((indexes) => setPicked(indexes.map((i) => finds[i]).filter(Boolean))), [finds])
  const controller = useRef<MapController | null>(null)

  useEffect(() => {
    const el = container.current
    if (!el) return
    const box = transformBBox(extent, toLonLat, 4)
    const c = new MapController({
      container: el,
      view: { center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], zoom: 9 },
      projections: context.projections,
      catalogUrl: context.catalogUrl,
      locale: mapLocale(t),
      // The view on the element, as the map screen's share link has it: tests find a find's pixel without hooks.
      onView: (v) => (el.dataset.view = `${v.zoom}/${v.center[1]}/${v.center[0]}`),
    })
    const { catalog } = context
    // Internal page: the default base map when it needs no consent (a remote one would ask first on the map screen).
    const def = (catalog.basemaps ?? []).find((b) => b.id === catalog.defaultBasemap) ?? catalog.basemaps?.[0]
    if (def && !needsConsent({ remoteConsent: catalog.remoteConsent }, def, new Set())) c.setBasemap(def)
    c.fitBounds(box)
    controller.current = c
    return () => {
      controller.current = null
      c.destroy()
    }
    // The map is made once per page; finds and extent change through the overlay below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const c = controller.current
    if (!c) return
    overlay.set(
      drawn.map(({ f, index }): FindBox => ({ index, ring: ring(f.bbox!), problem: f.problems.length > 0 })),
      ring(area),
    )
    const detach = c.attachTool(overlay)
    c.fitBounds(transformBBox(extent, toLonLat, 4))
    setPicked(null)
    return detach
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [overlay, drawn, area, extent])

  return (
    <figure className="inventory-map">
      <div ref={container} className="inventory-map-canvas" role="region" aria-label={t('invMapLabel', { n: drawn.length })} data-testid="inventory-map" data-drawn={drawn.length} />
      <figcaption>{t('invMapCaption')}</figcaption>
      <div role="status" data-testid="inventory-picked">
        {picked &&
          (picked.length === 0 ? (
            <p className="hint">{t('invPickedNone')}</p>
          ) : (
            <>
              <p>{t('invPicked', { n: picked.length })}</p>
              <ul>
                {picked.slice(0, MAX_PICKED).map((f) => (
                  <li key={f.path}>
                    <code>{f.path}</code> ({f.format})
                  </li>
                ))}
              </ul>
            </>
          ))}
      </div>
    </figure>
  )
}
