// Bounded-memory building blocks for quality checks over layers of any size: sets of feature indices as
// bitmaps, "which ones repeat an earlier value" by 64-bit hashes (8 bytes a feature, no values kept), and
// distinct counts that are exact up to a limit and estimated (HyperLogLog) beyond it.

/** A set of feature indices (as they were added), one bit each. */
export class IndexSet {
  private bits = new Uint32Array(64)
  size = 0
  add(i: number): void {
    const w = i >>> 5
    if (w >= this.bits.length) {
      const next = new Uint32Array(Math.max(w + 1, this.bits.length * 2))
      next.set(this.bits)
      this.bits = next
    }
    const m = 1 << (i & 31)
    if (!(this.bits[w] & m)) {
      this.bits[w] |= m
      this.size++
    }
  }
  has(i: number): boolean {
    const w = i >>> 5
    return w < this.bits.length && (this.bits[w] & (1 << (i & 31))) !== 0
  }
  /** The first `limit` members in file order (`at(p)` = index of the feature at file position p) as positions. */
  positions(n: number, at: (p: number) => number, limit: number): number[] {
    const out: number[] = []
    for (let p = 0; p < n && out.length < Math.min(limit, this.size); p++) if (this.has(at(p))) out.push(p)
    return out
  }
}

const fmix = (h: number) => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const f64 = new Float64Array(1)
const f64Bits = new Uint32Array(f64.buffer)
let objectSerial = 0

/**
 * A 64-bit hash (two 32-bit halves) of a value as a Map key sees it (SameValueZero): 1 and 1.0 alike, "1" and 1
 * not, null and undefined not; every object its own.
 */
export function hashValue(v: unknown, out: Uint32Array): void {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  const mix = (x: number) => {
    h1 = Math.imul(h1 ^ x, 0x01000193)
    h2 = Math.imul(h2 ^ x, 0x5bd1e995) ^ (h2 >>> 15)
  }
  switch (typeof v) {
    case 'string':
      mix(1)
      for (let i = 0; i < v.length; i++) mix(v.charCodeAt(i))
      mix(v.length)
      break
    case 'number':
      mix(2)
      f64[0] = v === 0 ? 0 : v
      mix(f64Bits[0])
      mix(f64Bits[1])
      break
    case 'boolean':
      mix(v ? 3 : 4)
      break
    case 'undefined':
      mix(5)
      break
    case 'bigint':
      mix(6)
      for (const c of v.toString()) mix(c.charCodeAt(0))
      break
    default:
      if (v === null) mix(7)
      else {
        mix(8)
        mix(++objectSerial)
        mix(objectSerial / 2 ** 32)
      }
  }
  out[0] = fmix(h1)
  out[1] = fmix(h2 ^ h1)
}

/**
 * Finds the features that repeat an earlier one's key (a 64-bit hash), "earlier" in file order. Keys are held
 * as two Uint32Arrays; at the end a native sort of 53-bit prefixes finds the repeated keys, and one walk in file
 * order marks every member of a group but the first.
 */
export class RepeatFinder {
  private lo = new Uint32Array(1024)
  private hi = new Uint32Array(1024)
  private n = 0
  constructor(capacity = 0) {
    if (capacity > 1024) {
      this.lo = new Uint32Array(capacity)
      this.hi = new Uint32Array(capacity)
    }
  }
  /** Key of the next feature (indices 0, 1, 2 … as added; `skip()` for a feature without a key). */
  add(h1: number, h2: number): void {
    this.ensure()
    this.lo[this.n] = h1
    this.hi[this.n++] = h2 | 1 // 0 marks "no key"
  }
  skip(): void {
    this.ensure()
    this.lo[this.n] = 0
    this.hi[this.n++] = 0
  }
  private ensure(): void {
    if (this.n < this.lo.length) return
    const grow = (a: Uint32Array) => {
      const b = new Uint32Array(a.length * 2)
      b.set(a)
      return b
    }
    this.lo = grow(this.lo)
    this.hi = grow(this.hi)
  }
  /** The repeats, as a set of indices as added; `at(p)` = index of the feature at file position p. */
  repeats(at: (p: number) => number): IndexSet {
    const n = this.n
    const out = new IndexSet()
    const prefix = new Float64Array(n)
    let k = 0
    for (let i = 0; i < n; i++) if (this.hi[i]) prefix[k++] = this.lo[i] * 2 ** 21 + (this.hi[i] >>> 11)
    const sorted = prefix.subarray(0, k).sort()
    const candidates = new Set<number>()
    for (let i = 1; i < k; i++) if (sorted[i] === sorted[i - 1]) candidates.add(sorted[i])
    if (!candidates.size) return out
    const seen = new Set<string>()
    for (let p = 0; p < n; p++) {
      const i = at(p)
      if (!this.hi[i] || !candidates.has(this.lo[i] * 2 ** 21 + (this.hi[i] >>> 11))) continue
      const key = `${this.lo[i]}:${this.hi[i]}`
      if (seen.has(key)) out.add(i)
      else seen.add(key)
    }
    return out
  }
}

/** Exact distinct values up to EXACT_DISTINCT, a HyperLogLog estimate (±1 %) beyond. */
export const EXACT_DISTINCT = 100_000

export class DistinctCounter {
  private exact: Set<unknown> | null = new Set()
  private readonly registers = new Uint8Array(1 << 14)
  private readonly h = new Uint32Array(2)
  add(key: unknown): void {
    if (this.exact) {
      this.exact.add(key)
      if (this.exact.size > EXACT_DISTINCT) this.exact = null
    }
    hashValue(key, this.h)
    const r = this.h[0] >>> 18
    const rank = Math.clz32((this.h[1] << 0) | 0) + 1
    if (rank > this.registers[r]) this.registers[r] = rank
  }
  get size(): number {
    if (this.exact) return this.exact.size
    const m = this.registers.length
    let sum = 0
    for (const v of this.registers) sum += 2 ** -v
    return Math.round(((0.7213 / (1 + 1.079 / m)) * m * m) / sum)
  }
}
