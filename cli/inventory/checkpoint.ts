// Checkpoint of the walk: written atomically (temporary file + rename) every few seconds and at the end.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'

export interface Counters {
  dirs: number
  files: number
  finds: number
  bytes: number
  problems: number
}

export interface Checkpoint {
  version: 1
  roots: string[]
  /** bytes of walk.jsonl that belong to completed directories */
  offset: number
  /** directories still to read (pending and in flight), base64 of their path bytes */
  pending: string[]
  visited: string[]
  counters: Counters
  done: boolean
  started: string
  /** seconds of walking before this checkpoint (for the rate after a resume) */
  elapsed: number
}

export function writeCheckpoint(file: string, c: Checkpoint): void {
  const tmp = `${file}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    writeSync(fd, JSON.stringify(c))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
}

export function readCheckpoint(file: string): Checkpoint | null {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint
    return c.version === 1 ? c : null
  } catch {
    return null
  }
}
