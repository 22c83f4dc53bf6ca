import { PNG } from 'pngjs'
import { readFileSync, writeFileSync } from 'node:fs'
const [src, dst, y0, y1] = process.argv.slice(2)
const png = PNG.sync.read(readFileSync(src))
const h = Math.min(+y1, png.height) - +y0
const out = new PNG({ width: png.width, height: h })
png.data.copy(out.data, 0, +y0 * png.width * 4, (+y0 + h) * png.width * 4)
writeFileSync(dst, PNG.sync.write(out))
console.log(png.width, png.height)
