// Builds the portal app once for all browser specs (production build, as deployed).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildApp } from '../../cli/commands/build.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    appDir: string
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-app-'))
  const appDir = path.join(dir, 'app')
  await buildApp(appDir)
  project.provide('appDir', appDir)
  return () => rmSync(dir, { recursive: true, force: true })
}
