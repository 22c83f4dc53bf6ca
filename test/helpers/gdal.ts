// GDAL's command-line tools serve as oracles in tests; without them those tests are skipped with this reason.
import { execFileSync } from 'node:child_process'

/** Why GDAL-based checks cannot run (the first tool not on PATH), or null when all of them are there. */
export function gdalToolsMissing(...tools: string[]): string | null {
  for (const tool of tools) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' })
    } catch {
      return `${tool} not installed (apt-get install gdal-bin)`
    }
  }
  return null
}

/** Why a command-line tool of another Debian package cannot run (`tool --version` fails), or null. */
export function toolMissing(tool: string, debianPackage: string): string | null {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' })
    return null
  } catch {
    return `${tool} not installed (apt-get install ${debianPackage})`
  }
}
