// The inventory page's data (issue #18): inventory.jsonl and run.json of an internal build's inventory/ folder.
// Kept out of src/ui, which does no I/O.

export interface InventoryFiles {
  /** inventory.jsonl as text */
  text: string
  /** run.json's area (EPSG:25832), when given */
  area: [number, number, number, number] | null
}

export class InventoryMissing extends Error {}

export async function loadInventoryFiles(base = 'inventory/'): Promise<InventoryFiles> {
  const res = await fetch(`${base}inventory.jsonl`)
  if (res.status === 404) throw new InventoryMissing('no inventory in this build')
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  const text = await res.text()
  const run = await fetch(`${base}run.json`).then((r) => (r.ok ? r.json() : null)).catch(() => null)
  const a = run?.area
  const area = Array.isArray(a) && a.length === 4 && a.every((v: unknown) => typeof v === 'number' && Number.isFinite(v)) ? (a as [number, number, number, number]) : null
  return { text, area }
}
