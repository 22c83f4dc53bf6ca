// What is checked on every feature as the source gives it, before any promotion or reprojection: the extent of
// the source coordinates (for the placement check), the source geometry types (Polygon + MultiPolygon is how
// exports write one kind: published as the Multi type) and personal data. Runs in the publishing pass or, for
// large files, in the checks thread (thread.ts), which leaves the extent to the pass (that balances the two
// threads' work); either way the result is the plain `SourceSeen`.
import type { VectorFeature } from '../../vector/model.ts'
import { personalScan, type PersonalFinding } from '../personal.ts'
import { SourceExtentScan, type ExtentFacts } from '../plausible.ts'

/** What the checks saw, as plain data (it crosses from the checks thread). */
export interface SourceSeen {
  /**
   * The extent facts as for a geographic CRS (checkPlacement masks what only applies to one); absent when not
   * walked here.
   */
  extent?: ExtentFacts
  sourceTypes: string[]
  personal: PersonalFinding[]
  /** How many features were seen (the pass and the thread read the file each: they must agree). */
  features: number
}

export class SourceChecks {
  private readonly extent: SourceExtentScan | null
  private readonly sourceTypes = new Set<string>()
  private readonly personalRows: ReturnType<typeof personalScan>
  private features = 0

  constructor(columns: readonly string[], opts: { extent: boolean }) {
    this.extent = opts.extent ? new SourceExtentScan() : null
    this.personalRows = personalScan(columns)
  }

  see(f: VectorFeature, index: number): void {
    this.features++
    this.extent?.add(f, index)
    if (!f.geometry) return
    this.sourceTypes.add(f.geometry.type)
    this.personalRows.add(f.properties)
  }

  seen(): SourceSeen {
    const extent = this.extent ? { extent: this.extent.result() } : {}
    return { ...extent, sourceTypes: [...this.sourceTypes], personal: this.personalRows.findings(), features: this.features }
  }
}
