// The walk: directories are read concurrently (a bounded number at a time) from a stack of pending directories.
// A directory is "done" only when its finds are written and its subdirectories pushed, in one synchronous step,
// so a checkpoint taken between steps is always consistent: (output offset, pending + in-flight directories).
import { promises as fs, readdirSync, type Dirent } from 'node:fs'
import { syncReads } from './bytes.ts'
import { decodeName, join } from './names.ts'
import type { FileEntry } from './recognise/index.ts'
import type { Find, Problem } from './types.ts'

export interface WalkOptions {
  /** directories read at the same time */
  concurrency: number
  followLinks: boolean
}

export interface DirResult {
  dir: Buffer
  files: FileEntry[]
  /** the number of entries that are regular files (for the rate), including those not opened */
  fileCount: number
  /** problems the walk itself met (unreadable directories, broken links, loops) */
  problems: Find[]
}

export interface WalkState {
  pending: Buffer[]
  /** dev:ino of directories entered through links (only with followLinks) */
  visited: Set<string>
}

/**
 * Runs the walk from `state.pending`. `process` turns a directory listing into output; `commit` is called
 * synchronously with its result and the subdirectories, and must write the output before it returns.
 */
export async function walk<T>(
  state: WalkState,
  opts: WalkOptions,
  process: (r: DirResult) => Promise<T>,
  commit: (r: DirResult, out: T, subdirs: Buffer[]) => void,
  inflight: Set<Buffer>,
): Promise<void> {
  let active = 0
  let failed: unknown = null
  let turned = performance.now()
  let yielding = false
  await new Promise<void>((resolveAll, rejectAll) => {
    const pump = () => {
      if (failed) return
      while (active < opts.concurrency && state.pending.length) {
        const dir = state.pending.pop()!
        active++
        inflight.add(dir)
        readDirectory(dir, opts, state)
          .then(async ({ result, subdirs }) => {
            const out = await process(result)
            commit(result, out, subdirs)
            inflight.delete(dir)
            active--
            // Synchronous reads chain directories in microtasks; the checkpoint and progress timers need the event
            // loop to turn now and then. Once it is due, no chain refills its slot (the others would keep the
            // microtask queue busy for good); the turn refills them all.
            if (yielding) return
            if (performance.now() - turned > 50) {
              yielding = true
              setImmediate(() => {
                yielding = false
                turned = performance.now()
                pump()
              })
            } else pump()
          })
          .catch((e) => {
            failed = e
            rejectAll(e)
          })
      }
      if (active === 0 && state.pending.length === 0) resolveAll()
    }
    pump()
  })
}

async function readDirectory(dir: Buffer, opts: WalkOptions, state: WalkState): Promise<{ result: DirResult; subdirs: Buffer[] }> {
  const result: DirResult = { dir, files: [], fileCount: 0, problems: [] }
  const subdirs: Buffer[] = []
  let entries: Dirent[]
  try {
    const how = { encoding: 'buffer', withFileTypes: true } as const
    entries = (syncReads() ? readdirSync(dir, how) : await fs.readdir(dir, how)) as unknown as Dirent[]
  } catch (e) {
    result.problems.push(placeProblem(dir, 'directory', problemFor(e)))
    return { result, subdirs }
  }
  for (const d of entries) {
    const name = d.name as unknown as Buffer
    if (d.isFile()) {
      result.files.push({ name })
      result.fileCount++
    } else if (d.isDirectory()) {
      const path = join(dir, name)
      // Following links, a folder can be reached twice (a link to an ancestor): every folder is then checked.
      if (opts.followLinks && !(await firstVisit(path, state, result))) continue
      subdirs.push(path)
    }
    else if (d.isSymbolicLink()) {
      const path = join(dir, name)
      try {
        const s = await fs.stat(path)
        if (s.isFile()) {
          result.files.push({ name, stats: s })
          result.fileCount++
        } else if (s.isDirectory() && opts.followLinks && (await firstVisit(path, state, result))) subdirs.push(path)
      } catch (e) {
        result.problems.push(placeProblem(path, 'link', problemFor(e)))
      }
    }
  }
  // Reverse so that popping from the stack visits names in directory order (a stable, repeatable walk).
  subdirs.reverse()
  return { result, subdirs }
}

async function firstVisit(path: Buffer, state: WalkState, result: DirResult): Promise<boolean> {
  try {
    const s = await fs.stat(path)
    const key = `${s.dev}:${s.ino}`
    if (!state.visited.has(key)) {
      state.visited.add(key)
      return true
    }
    result.problems.push(placeProblem(path, 'link', { code: 'link-loop', detail: 'folder already visited (reached again through a link)' }))
  } catch (e) {
    result.problems.push(placeProblem(path, 'directory', problemFor(e)))
  }
  return false
}

/** With followLinks, the roots count as visited before the walk starts. */
export async function markRoots(roots: Buffer[], state: WalkState): Promise<void> {
  for (const r of roots) {
    const s = await fs.stat(r).catch(() => null)
    if (s) state.visited.add(`${s.dev}:${s.ino}`)
  }
}

function problemFor(e: unknown): Problem {
  const code = (e as { code?: string }).code
  if (code === 'ENOENT') return { code: 'broken-link', detail: 'target does not exist' }
  if (code === 'ELOOP') return { code: 'link-loop', detail: 'symbolic link loop' }
  return { code: 'unreadable', detail: `${code ?? 'error'}: ${(e as Error).message.split('\n')[0]}` }
}

/** A walk problem as an inventory line (format "directory" or "link"). */
function placeProblem(path: Buffer, format: string, problem: Problem): Find {
  const { text, valid } = decodeName(path)
  const f: Find = { path: text, format, size: 0, modified: null, crs: null, bbox: null, count: null, hash: null, problems: [problem] }
  if (!valid) {
    f.pathBase64 = path.toString('base64')
    f.problems.push({ code: 'name-encoding', detail: 'name is not valid UTF-8 (shown as CP1252)' })
  }
  return f
}
