// Measures the personal-data guard on its labelled corpus (personal.corpus.json: real municipal column sets with
// sample values, labelled by meaning before the classifier was run). Every layer is scanned as publish scans it;
// a column counts as flagged when the scan reports any finding for it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scanPersonalData } from './personal.ts'

interface CorpusColumn {
  name: string
  personal: boolean
  values: string[]
}
interface Corpus {
  layers: { model: string; columns: CorpusColumn[] }[]
}

const corpus = JSON.parse(readFileSync(new URL('./personal.corpus.json', import.meta.url), 'utf8')) as Corpus

function rowsOf(columns: CorpusColumn[]): Record<string, unknown>[] {
  const n = Math.max(...columns.map((c) => c.values.length))
  return Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i % c.values.length]])))
}

function measure() {
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  const errors: string[] = []
  for (const layer of corpus.layers) {
    const findings = scanPersonalData(
      layer.columns.map((c) => c.name),
      rowsOf(layer.columns),
    )
    for (const c of layer.columns) {
      const hits = findings.filter((f) => f.column === c.name)
      const flagged = hits.length > 0
      if (flagged && c.personal) tp++
      else if (flagged) {
        fp++
        errors.push(`false positive: ${layer.model} / ${c.name}: ${hits.map((h) => `${h.kind} (${h.why})`).join('; ')}`)
      } else if (c.personal) {
        fn++
        errors.push(`missed: ${layer.model} / ${c.name} = ${c.values.join(' | ')}`)
      } else tn++
    }
  }
  return { tp, fp, fn, tn, errors }
}

describe('the personal-data guard on its labelled corpus', () => {
  it('has a corpus of at least 200 labelled columns from real municipal data models', () => {
    const columns = corpus.layers.flatMap((l) => l.columns)
    expect(columns.length).toBeGreaterThanOrEqual(200)
    expect(columns.filter((c) => c.personal).length).toBeGreaterThanOrEqual(50)
    expect(columns.filter((c) => !c.personal).length).toBeGreaterThanOrEqual(100)
    for (const c of columns) expect(c.values.length, c.name).toBeGreaterThanOrEqual(2)
  })

  it('reaches recall ≥ 98 % and precision ≥ 90 %', () => {
    const { tp, fp, fn, tn, errors } = measure()
    const recall = tp / (tp + fn)
    const precision = tp / (tp + fp)
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`
    console.log(
      `personal-data guard on ${tp + fp + fn + tn} labelled columns (${tp + fn} personal): recall ${pct(recall)} (${tp}/${tp + fn}), ` +
        `precision ${pct(precision)} (${tp}/${tp + fp}); ${fn} missed, ${fp} false positives, ${tn} true negatives` +
        (errors.length ? `\n  ${errors.join('\n  ')}` : ''),
    )
    expect(recall).toBeGreaterThanOrEqual(0.98)
    expect(precision).toBeGreaterThanOrEqual(0.9)
  })
})
