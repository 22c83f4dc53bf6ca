// The few lines every publish ends with: the grade, what is wrong, what is missing and what to do next — so the
// officer sees the quality without running `geoportal check`.
import type { Finding, QualitySummary } from '../../src/model/quality.ts'
import type { LayerEntry } from '../../src/model/catalog.ts'
import type { PublishOutcome } from '../catalog/store.ts'
import { formatFindings } from './format.ts'
import { fieldList, say, type CliLang } from './lang.ts'

export interface PublishSummary extends QualitySummary {
  /** What to do next, in the run's language. */
  nextStep: string
}

export interface SummaryContext {
  file: string
  catalog: string
  /** The metadata file given with --meta, if any. */
  meta?: string
}

export function publishSummary(summary: QualitySummary, ctx: SummaryContext, lang: CliLang): PublishSummary {
  const t = say(lang)
  let nextStep: string
  if (summary.errors > 0) {
    nextStep = t(
      `Fehler beheben (geoportal quality ${ctx.file} --lang de zeigt die betroffenen Objekte) und erneut veröffentlichen`,
      `fix the errors (geoportal quality ${ctx.file} --lang en lists the features concerned) and publish again`,
    )
  } else if (summary.missingMetadata.length) {
    nextStep = ctx.meta
      ? t(`fehlende Metadaten in ${ctx.meta} ergänzen und erneut veröffentlichen`, `add the missing metadata to ${ctx.meta} and publish again`)
      : t(
          'Metadaten in einer Datei beschreiben (docs/metadata.md) und mit --meta <Datei> erneut veröffentlichen',
          'describe the layer in a metadata file (docs/metadata.md) and publish again with --meta <file>',
        )
  } else {
    nextStep = t(`Portal bauen: geoportal build --catalog ${ctx.catalog} --out dist`, `build the portal: geoportal build --catalog ${ctx.catalog} --out dist`)
  }
  return { ...summary, nextStep }
}

/** The summary for the terminal: grade line, errors and warnings (notes only in `geoportal quality`), next step. */
export function formatPublishSummary(s: PublishSummary, quality: { findings: Finding[] }, lang: CliLang): string[] {
  const t = say(lang)
  const worth = quality.findings.filter((f) => f.severity !== 'info' && f.criterion !== 'aktuell' && f.code !== 'metadata_missing')
  return [
    `${t('Qualität', 'quality')}: ${t('Note', 'grade')} ${s.grade} — ${s.errors} ${t('Fehler', s.errors === 1 ? 'error' : 'errors')}, ${s.warnings} ${t(s.warnings === 1 ? 'Warnung' : 'Warnungen', s.warnings === 1 ? 'warning' : 'warnings')}`,
    ...formatFindings(worth, lang),
    ...(s.missingMetadata.length ? [`${t('fehlende Metadaten', 'missing metadata')}: ${fieldList(s.missingMetadata, lang)}`] : []),
    `${t('Nächster Schritt', 'next step')}: ${s.nextStep}`,
  ]
}

const OUTCOME_DE = { created: 'neu', updated: 'aktualisiert', unchanged: 'unverändert' } as const

/** "created: schulen (42 features, 3120 bytes) in katalog" in the run's language. */
export function outcomeLine(outcome: PublishOutcome, entry: LayerEntry, catalog: string, lang: CliLang): string {
  const t = say(lang)
  const count =
    entry.kind === 'vector' ? `${entry.featureCount} ${t('Objekte', 'features')}` : entry.kind === 'raster' ? `${entry.width}×${entry.height} ${t('Pixel', 'pixels')}` : t('Dienst', 'service')
  const bytes = 'bytes' in entry ? `, ${entry.bytes} Bytes` : ''
  return `${lang === 'de' ? OUTCOME_DE[outcome] : outcome}: ${entry.id} (${count}${lang === 'de' ? bytes : bytes.replace('Bytes', 'bytes')}) ${t('in', 'in')} ${catalog}`
}
