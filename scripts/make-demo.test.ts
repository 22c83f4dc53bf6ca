import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { makeDemo } from './make-demo.ts'

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)))
  }
  return out.sort()
}

describe('embedded demo catalog', () => {
  it('data/ is exactly what scripts/make-demo.ts produces (regenerate with npm run demo)', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-demo-test-'))
    try {
      await makeDemo(tmp)
      const made = await listFiles(tmp)
      expect(made).toEqual(await listFiles('data'))
      for (const f of made) {
        const same = Buffer.compare(await fs.readFile(path.join(tmp, f)), await fs.readFile(path.join('data', f))) === 0
        expect(same, `${f} differs`).toBe(true)
      }
      const catalog = JSON.parse(await fs.readFile(path.join(tmp, 'catalog.json'), 'utf8'))
      const kinds = catalog.layers.map((l: { kind: string; geometryType?: string }) => l.geometryType ?? l.kind)
      expect(kinds).toEqual(expect.arrayContaining(['Polygon', 'LineString', 'Point', 'raster']))
      for (const l of catalog.layers) expect(l.demo && /^Demo: /.test(l.title)).toBe(true)
    } finally {
      vi.restoreAllMocks()
      await fs.rm(tmp, { recursive: true, force: true })
    }
  })
})
