// What the place search needs from the composition root for addresses, coordinates and the marker (issue #15).
// Types only: the I/O behind them lives in src/app/ (addressLoader.ts, the BeTA2007 grid loader).
import type { AddressIndex } from '../../catalog/addresses.ts'

/** A marked point (a chosen address or typed coordinate); in the share link as marker=<lat>,<lon>. */
export interface Marker {
  lon: number
  lat: number
}

/** The address indexes: implemented by src/app/addressLoader.ts. */
export interface AddressSearchSource {
  index: AddressIndex
  /** Changes whenever a manifest or shard arrives: the search matches again. */
  version: number
  /** Fetches what the query needs and is not there yet. */
  request(query: string): void
  /** Whether something the query needs is still on its way. */
  pending(query: string): boolean
  /** Layers whose index could not be loaded. */
  failed: string[]
}

export interface SearchHooks {
  /** Undefined when no layer of the catalog has an address or street index. */
  addresses?: AddressSearchSource
  /** Layers with an address or street index (titles for errors). */
  addressLayers: { id: string; title: string }[]
  marker?: Marker
  onMarker(marker: Marker | undefined): void
  /** Loads the BeTA2007 grid into the projections (Gauss-Krüger coordinates); rejects when it cannot. */
  loadGrid(): Promise<void>
}
