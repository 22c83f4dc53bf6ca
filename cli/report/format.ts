// Human-readable quality summaries for the terminal (the JSON forms are the reports themselves).
import { CRITERIA, type Finding, type QualityReport, type RasterQualityReport } from '../../src/model/quality.ts'

const MARK = { error: '✗', warning: '!', info: '·' } as const

export function formatFindings(findings: Finding[], indent = '  '): string[] {
  const lines: string[] = []
  for (const c of CRITERIA) {
    for (const f of findings.filter((x) => x.criterion === c)) {
      const ids = f.featureIds.length ? ` [features ${f.featureIds.slice(0, 8).join(', ')}${(f.count ?? 0) > 8 ? ', …' : ''}]` : ''
      lines.push(`${indent}${MARK[f.severity]} ${c}: ${f.message}${ids}`)
    }
  }
  return lines
}

export function formatQuality(q: QualityReport | RasterQualityReport): string {
  const head =
    'featureCount' in q
      ? [
          `features: ${q.featureCount} (${Object.entries(q.geometryTypes).map(([t, n]) => `${n} ${t}`).join(', ') || 'no geometry'})`,
          `CRS: ${q.sourceCrs} → ${q.crs}; extent: ${q.bbox?.map((v) => v.toFixed(2)).join(', ') ?? '–'}`,
          `invalid geometries: ${q.invalidGeometries}; duplicate geometries: ${q.duplicateGeometries}; outside the area: ${q.outsideExtent}`,
          `attributes: ${Object.entries(q.attributes).map(([n, a]) => `${n} (${a.type}, ${(a.nullRate * 100).toFixed(1)} % empty, ${a.distinct} distinct)`).join('; ')}`,
        ]
      : [`raster: ${q.width}×${q.height} px at ${q.resolution} m, ${q.bands} band(s), ${(q.noDataRate * 100).toFixed(1)} % nodata`, `CRS: ${q.sourceCrs} → ${q.crs}`]
  return [...head, ...formatFindings(q.findings)].join('\n')
}

export function severityCounts(findings: Finding[]): Record<'error' | 'warning' | 'info', number> {
  const c = { error: 0, warning: 0, info: 0 }
  for (const f of findings) c[f.severity]++
  return c
}
