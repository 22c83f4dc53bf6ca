// Human-readable quality summaries for the terminal (the JSON forms are the reports themselves), in one language.
import { CRITERIA, type Finding, type QualityReport, type RasterQualityReport } from '../../src/model/quality.ts'
import { criterionName, findingText, say, type CliLang } from './lang.ts'

const MARK = { error: '✗', warning: '!', info: '·' } as const

export function formatFindings(findings: Finding[], lang: CliLang, indent = '  '): string[] {
  const lines: string[] = []
  const t = say(lang)
  for (const c of CRITERIA) {
    for (const f of findings.filter((x) => x.criterion === c)) {
      const ids = f.featureIds.length ? ` [${t('Objekte', 'features')} ${f.featureIds.slice(0, 8).join(', ')}${(f.count ?? 0) > 8 ? ', …' : ''}]` : ''
      lines.push(`${indent}${MARK[f.severity]} ${criterionName(c, lang)}: ${findingText(f, lang)}${ids}`)
    }
  }
  return lines
}

/** An extent for the terminal: finite numbers, or a dash (a report never shows Infinity). */
export function extentText(bbox: readonly number[] | null | undefined): string {
  return bbox && bbox.every(Number.isFinite) ? bbox.map((v) => v.toFixed(2)).join(', ') : '–'
}

export function formatQuality(q: QualityReport | RasterQualityReport, lang: CliLang): string {
  const t = say(lang)
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`
  const head =
    'featureCount' in q
      ? [
          `${t('Objekte', 'features')}: ${q.featureCount} (${Object.entries(q.geometryTypes).map(([g, n]) => `${n} ${g}`).join(', ') || t('keine Geometrie', 'no geometry')})`,
          `${t('Koordinatensystem', 'CRS')}: ${q.sourceCrs} → ${q.crs}; ${t('Ausdehnung', 'extent')}: ${extentText(q.bbox)}`,
          `${t('ungültige Geometrien', 'invalid geometries')}: ${q.invalidGeometries}; ${t('doppelte Geometrien', 'duplicate geometries')}: ${q.duplicateGeometries}; ${t('außerhalb des Gebiets', 'outside the area')}: ${q.outsideExtent}`,
          `${t('Merkmale', 'attributes')}: ${Object.entries(q.attributes).map(([n, a]) => `${n} (${a.type}, ${pct(a.nullRate)} ${t('leer', 'empty')}, ${a.distinct} ${t('verschiedene', 'distinct')})`).join('; ')}`,
        ]
      : [
          `${t('Raster', 'raster')}: ${q.width}×${q.height} px, ${q.resolution} m, ${q.bands} ${t('Kanäle', 'band(s)')}, ${pct(q.noDataRate)} nodata`,
          `${t('Koordinatensystem', 'CRS')}: ${q.sourceCrs} → ${q.crs}`,
        ]
  return [...head, ...formatFindings(q.findings, lang)].join('\n')
}

export function severityCounts(findings: Finding[]): Record<'error' | 'warning' | 'info', number> {
  const c = { error: 0, warning: 0, info: 0 }
  for (const f of findings) c[f.severity]++
  return c
}
