// Shared by benchmarks: whether the native GDAL baseline can run here.
import { execFileSync } from 'node:child_process'

/** True when ogr2ogr is installed; otherwise says that the baseline is skipped. */
export function ogr2ogrAvailable(): boolean {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    console.log('ogr2ogr not installed (apt-get install gdal-bin): baseline skipped')
    return false
  }
}
