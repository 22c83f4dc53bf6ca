// Where the real open data lives (read-only). The suite skips with a printed reason when it is absent,
// and fails instead when REQUIRE_SHARED_DATA=1 (as .ci/run sets it).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { repoPath } from '../browser/driver.ts'

export const SHARED_DATA = path.resolve(process.env.SHARED_DATA ?? repoPath('..', 'shared', 'data'))

export function sharedDataUnavailable(): string | null {
  if (existsSync(path.join(SHARED_DATA, 'vector'))) return null
  const reason = `no real-data folder at ${SHARED_DATA} (set SHARED_DATA)`
  if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(`REQUIRE_SHARED_DATA=1 but ${reason}`)
  return reason
}

export const shared = (...p: string[]) => path.join(SHARED_DATA, ...p)
