// Plain images made geodata by a world file (.tfw, .jgw, .pgw, .wld …) or a GDAL .aux.xml sidecar.
import { startsWith } from '../bytes.ts'
import type { BBox } from '../types.ts'

/** Pixel size of a PNG, JPEG, GIF or BMP from its first bytes (JPEG: the first SOF marker in `head`). */
export function imageSize(head: Buffer): { width: number; height: number } | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) && head.length >= 24) return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) }
  if (startsWith(head, 'GIF8') && head.length >= 10) return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) }
  if (startsWith(head, 'BM') && head.length >= 26) return { width: head.readInt32LE(18), height: Math.abs(head.readInt32LE(22)) }
  if (startsWith(head, [0xff, 0xd8])) {
    let p = 2
    while (p + 9 < head.length) {
      if (head[p] !== 0xff) return null
      const marker = head[p + 1]
      if (marker === 0xff) {
        p++
        continue
      }
      const len = head.readUInt16BE(p + 2)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: head.readUInt16BE(p + 7), height: head.readUInt16BE(p + 5) }
      }
      p += 2 + len
    }
  }
  return null
}

/** The six numbers of a world file (A, D, B, E, C, F: pixel size, rotation, centre of the upper-left pixel). */
export function parseWorldFile(text: string): number[] | null {
  const v = text.trim().split(/\s+/).map((s) => Number(s.replace(',', '.')))
  if (v.length !== 6 || !v.every(Number.isFinite) || v[0] === 0 || v[3] === 0) return null
  return v
}

export function worldBbox([a, d, b, e, c, f]: number[], width: number, height: number): BBox {
  const xs: number[] = []
  const ys: number[] = []
  for (const [i, j] of [[-0.5, -0.5], [width - 0.5, -0.5], [-0.5, height - 0.5], [width - 0.5, height - 0.5]]) {
    xs.push(a * i + b * j + c)
    ys.push(d * i + e * j + f)
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

/** GDAL PAM sidecar: SRS (WKT) and GeoTransform (x0, dx, rx, y0, ry, dy, corner-based). */
export function parseAuxXml(text: string): { wkt: string | null; world: number[] | null } {
  const srs = /<SRS[^>]*>([\s\S]*?)<\/SRS>/.exec(text)?.[1] ?? null
  const wkt = srs ? srs.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : null
  const gt = /<GeoTransform>([^<]*)<\/GeoTransform>/.exec(text)?.[1]
  let world: number[] | null = null
  if (gt) {
    const [x0, dx, rx, y0, ry, dy] = gt.split(',').map(Number)
    if ([x0, dx, rx, y0, ry, dy].every(Number.isFinite)) world = [dx, ry, rx, dy, x0 + dx / 2 + rx / 2, y0 + ry / 2 + dy / 2]
  }
  return { wkt, world }
}
