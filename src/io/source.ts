// The one interface for reading byte ranges of a file (modelled on PMTiles' Source): FlatGeobuf layers, the
// self-hosted PMTiles base map and anything else that reads parts of a file go through an implementation of it
// (HttpRangeSource over HTTP Range requests; tests may read from memory).

export interface RangeResult {
  bytes: Uint8Array
  /** Total size from Content-Range, when the server says it. */
  totalSize: number | null
}

export interface RangeSource {
  /** Identifies the file (its URL). */
  readonly key: string
  /** Up to length bytes from offset (fewer at the end of the file; none past it). */
  read(offset: number, length: number, signal?: AbortSignal): Promise<RangeResult>
}
