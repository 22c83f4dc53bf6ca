// A local file through the project's one byte-range interface (src/io/source.ts): the publisher's `check` reads a
// catalog's COGs with the portal's own reader (CogReader) over this, as the portal does over HTTP.
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { RangeResult, RangeSource } from '../../src/io/source.ts'

export class FileRangeSource implements RangeSource {
  private handle: Promise<FileHandle> | null = null

  /** `key` is the file's path. Call close() when done: the file stays open between reads. */
  constructor(readonly key: string) {}

  async read(offset: number, length: number, signal?: AbortSignal): Promise<RangeResult> {
    signal?.throwIfAborted()
    const file = await (this.handle ??= this.openRegular())
    const { size } = await file.stat()
    const want = Math.max(0, Math.min(length, size - offset))
    const bytes = new Uint8Array(want)
    let done = 0
    while (done < want) {
      signal?.throwIfAborted()
      const { bytesRead } = await file.read(bytes, done, want - done, offset + done)
      // The file shrank while being read: what there is, as a server's short answer would be.
      if (bytesRead === 0) break
      done += bytesRead
    }
    return { bytes: done === want ? bytes : bytes.subarray(0, done), totalSize: size }
  }

  /** Non-blocking, so a FIFO put in the file's place cannot make the open wait for a writer; then refused. */
  private async openRegular(): Promise<FileHandle> {
    const file = await open(this.key, constants.O_RDONLY | constants.O_NONBLOCK)
    if (!(await file.stat()).isFile()) {
      await file.close()
      throw new Error(`${this.key} is not a regular file`)
    }
    return file
  }

  async close(): Promise<void> {
    const handle = this.handle
    this.handle = null
    if (handle) await (await handle.catch(() => null))?.close()
  }
}
