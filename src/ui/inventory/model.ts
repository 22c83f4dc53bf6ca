// The data manager's inventory page (issue #18): finds from inventory/inventory.jsonl (written by
// `geoportal inventory`, copied in by `geoportal build --internal --inventory <dir>`), filtered and summarised.
// Pure logic; the page component only renders.

export type BBox = [number, number, number, number]

export interface InventoryFind {
  path: string
  format: string
  size: number
  modified: string | null
  crs: string | null
  bbox: BBox | null
  count: number | null
  problems: { code: string; detail?: string }[]
}

/** The most finds the page holds; more lines are counted, not kept (a 16 M-file drive has ~800,000 finds). */
export const MAX_FINDS = 200_000

export function parseInventory(text: string, max = MAX_FINDS): { finds: InventoryFind[]; total: number; bad: number } {
  const finds: InventoryFind[] = []
  let total = 0
  let bad = 0
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    total++
    if (finds.length >= max) continue
    try {
      const f = JSON.parse(line) as Partial<InventoryFind>
      if (typeof f.path !== 'string' || typeof f.format !== 'string') throw new Error('no path or format')
      const bbox = Array.isArray(f.bbox) && f.bbox.length === 4 && f.bbox.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (f.bbox as BBox) : null
      finds.push({
        path: f.path,
        format: f.format,
        size: typeof f.size === 'number' ? f.size : 0,
        modified: typeof f.modified === 'string' ? f.modified : null,
        crs: typeof f.crs === 'string' ? f.crs : null,
        bbox,
        count: typeof f.count === 'number' ? f.count : null,
        problems: Array.isArray(f.problems) ? f.problems.filter((p) => p && typeof p.code === 'string') : [],
      })
    } catch {
      bad++
    }
  }
  return { finds, total, bad }
}

export const AGE_BUCKETS = ['lt1', '1to2', '2to5', '5to10', '10to20', 'ge20', 'unknown'] as const
export type AgeBucket = (typeof AGE_BUCKETS)[number]

export function ageBucket(modified: string | null, now: number): AgeBucket {
  if (!modified) return 'unknown'
  const years = (now - Date.parse(modified)) / (365.25 * 86400_000)
  if (!Number.isFinite(years)) return 'unknown'
  return years < 1 ? 'lt1' : years < 2 ? '1to2' : years < 5 ? '2to5' : years < 10 ? '5to10' : years < 20 ? '10to20' : 'ge20'
}

export const folderOf = (path: string) => path.slice(0, Math.max(1, path.lastIndexOf('/')))

export interface InventoryFilter {
  folder: string
  format: string
  crs: string
  age: string
  problem: string
}

export const NO_FILTER: InventoryFilter = { folder: '', format: '', crs: '', age: '', problem: '' }

/** The finds that pass every set filter ("" = any). Problem "none" means without problems. */
export function filterFinds(finds: InventoryFind[], f: InventoryFilter, now: number): InventoryFind[] {
  const folder = f.folder.trim().toLowerCase()
  return finds.filter(
    (x) =>
      (!folder || folderOf(x.path).toLowerCase().includes(folder)) &&
      (!f.format || x.format === f.format) &&
      (!f.crs || (x.crs ?? 'unknown') === f.crs) &&
      (!f.age || ageBucket(x.modified, now) === f.age) &&
      (!f.problem || (f.problem === 'none' ? x.problems.length === 0 : x.problems.some((p) => p.code === f.problem))),
  )
}

export interface SummaryRow {
  key: string
  finds: number
  bytes: number
}

/** Counts by a key (several keys per find for problems), largest first, at most `limit` rows. */
export function summarise(finds: InventoryFind[], keys: (f: InventoryFind) => string[], limit = 50): SummaryRow[] {
  const m = new Map<string, SummaryRow>()
  for (const f of finds) {
    for (const key of keys(f)) {
      let r = m.get(key)
      if (!r) m.set(key, (r = { key, finds: 0, bytes: 0 }))
      r.finds++
      r.bytes += f.size
    }
  }
  return [...m.values()].sort((a, b) => b.finds - a.finds || (a.key < b.key ? -1 : 1)).slice(0, limit)
}

export const problemKeys = (f: InventoryFind) => (f.problems.length ? [...new Set(f.problems.map((p) => p.code))] : ['none'])

/** The extent to draw: the area and every bbox that lies near it (a find in another part of the world would shrink it to a dot). */
export function mapExtent(finds: InventoryFind[], area: BBox): BBox {
  const near: BBox = [area[0] - 100_000, area[1] - 100_000, area[2] + 100_000, area[3] + 100_000]
  let e: BBox = [...area]
  for (const f of finds) {
    const b = f.bbox
    if (!b || b[0] < near[0] || b[1] < near[1] || b[2] > near[2] || b[3] > near[3]) continue
    e = [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])]
  }
  return e
}
