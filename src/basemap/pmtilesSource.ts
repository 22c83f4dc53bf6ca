// PMTiles reads its archive through our byte-range interface (src/io/source.ts), so the base map shares the
// layers' Range handling, timeouts and error messages instead of pmtiles' own FetchSource.
import type { RangeResponse, Source } from 'pmtiles'
import type { RangeSource } from '../io/source.ts'

export function pmtilesSource(source: RangeSource): Source {
  return {
    getKey: () => source.key,
    async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
      const { bytes } = await source.read(offset, length, signal)
      // pmtiles wants an ArrayBuffer of exactly these bytes.
      const data = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer)
      return { data }
    },
  }
}
