// A temporary folder with a catalog path for CLI tests, and the CLI's error lines captured (its output silenced).
// Call inside a describe block or at the top level of a spec; the fields are fresh for every test.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, vi } from 'vitest'

export interface CliSandbox {
  dir: string
  catalog: string
  /** What the CLI printed to stderr, one entry per line written. */
  errors: string[]
}

export function useCliSandbox(prefix: string): CliSandbox {
  const box: CliSandbox = { dir: '', catalog: '', errors: [] }
  beforeEach(async () => {
    box.dir = await fs.mkdtemp(path.join(os.tmpdir(), `geoportal-${prefix}-`))
    box.catalog = path.join(box.dir, 'catalog')
    box.errors = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void box.errors.push(m))
    vi.spyOn(console, 'log').mockImplementation(() => {})
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await fs.rm(box.dir, { recursive: true, force: true })
  })
  return box
}

/** Every file under a folder, by relative path, as base64: compare before and after to prove nothing changed. */
export async function snapshotFiles(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else files[path.relative(root, p)] = (await fs.readFile(p)).toString('base64')
    }
  }
  await walk(root)
  return files
}
