// zlib DEFLATE with a limit, through the platform's DecompressionStream (browsers, Node ≥ 18: no extra code shipped).

/** Inflates zlib data, failing (via `tooBig`) as soon as the output would exceed `limit` bytes. */
export async function inflateAtMost(input: Uint8Array, limit: number, tooBig: () => Error): Promise<Uint8Array> {
  const stream = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'))
  const reader = stream.getReader()
  const parts: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw tooBig()
    }
    parts.push(value)
  }
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(total)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
