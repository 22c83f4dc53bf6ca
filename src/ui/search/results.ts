// The place search's result list (issue #15), pure: typed coordinates, addresses and streets, and places of the
// searchable layers merged into one ranking.
import type { AddressHit } from '../../catalog/addresses.ts'
import type { Place, PlaceHit } from '../../catalog/places.ts'
import type { CoordinateProblem, ParsedCoordinate } from '../../tools/coordinates/parse.ts'

export type SearchResult =
  | { kind: 'coordinate'; coordinate: ParsedCoordinate }
  | { kind: 'address' | 'street'; hit: AddressHit }
  | { kind: 'place'; place: Place }

export type CoordinateReading = ParsedCoordinate | CoordinateProblem | null

/**
 * One list, best first: a typed coordinate; a house number as typed (then with an addition); then streets and
 * places by how well their names match (whole name, name prefix, word prefixes — a street before a place at the
 * same level); then house numbers that only start with the typed one.
 */
export function mergeResults(coordinate: CoordinateReading, addresses: AddressHit[], places: PlaceHit[], limit: number): SearchResult[] {
  const scored: { score: number; r: SearchResult }[] = []
  if (coordinate && !('problem' in coordinate)) scored.push({ score: 0, r: { kind: 'coordinate', coordinate } })
  for (const hit of addresses) {
    const score = hit.kind === 'address' ? (hit.rank === 0 ? 1 : hit.rank === 1 ? 2 : 9) : 3 + hit.streetRank * 2
    scored.push({ score, r: { kind: hit.kind, hit } })
  }
  for (const h of places) scored.push({ score: 4 + h.rank * 2, r: { kind: 'place', place: h.place } })
  // Array.prototype.sort is stable: equal scores keep each source's own order.
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((s) => s.r)
}
