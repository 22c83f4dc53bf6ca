// The one place that knows CRS definitions. Nothing is registered at import time: the composition root
// (portal or CLI) creates a Projections instance, which registers the definitions it carries with proj4.
import proj4 from 'proj4'

/** The portal's working CRS: ETRS89 / UTM zone 32N. */
export const WORK_CRS = 'EPSG:25832'

/** proj4 definitions, matching PROJ's for these codes. ETRS89 is treated as identical to WGS84 (as PROJ does). */
export const CRS_DEFINITIONS: Record<string, string> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs +type=crs',
  'EPSG:4258': '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs +type=crs',
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs +type=crs',
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs',
  'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs',
}

/** Gauss-Krüger needs the BeTA2007 NTv2 grid; these are registered only once the grid is loaded. */
export const GK_DEFINITIONS: Record<string, string> = {
  'EPSG:31466':
    '+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 +ellps=bessel +nadgrids=BETA2007 +units=m +no_defs +type=crs',
  'EPSG:31467':
    '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +nadgrids=BETA2007 +units=m +no_defs +type=crs',
}

/** Common aliases seen in GeoJSON and .prj files. */
const ALIASES: Record<string, string> = {
  'urn:ogc:def:crs:OGC:1.3:CRS84': 'EPSG:4326',
  'urn:ogc:def:crs:OGC::CRS84': 'EPSG:4326',
  CRS84: 'EPSG:4326',
  'OGC:CRS84': 'EPSG:4326',
}

export type Point = [number, number]
export type Converter = (p: Point) => Point

/** Normalises "EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "25832", CRS84 … to "EPSG:<code>". */
export function normaliseCrs(name: string): string | null {
  const n = name.trim()
  if (ALIASES[n]) return ALIASES[n]
  const m = /(?:^|EPSG[:/]+(?:[\d.]*:)?)(\d{4,5})$/i.exec(n)
  return m ? `EPSG:${m[1]}` : null
}

export class Projections {
  private readonly converters = new Map<string, proj4.Converter>()
  private readonly known = new Set<string>()

  constructor(definitions: Record<string, string> = CRS_DEFINITIONS) {
    for (const [code, def] of Object.entries(definitions)) this.define(code, def)
  }

  define(code: string, def: string): void {
    proj4.defs(code, def)
    this.known.add(code)
    // A redefinition invalidates cached converters involving this code.
    for (const key of [...this.converters.keys()]) if (key.split('>').includes(code)) this.converters.delete(key)
  }

  /** Loads the BeTA2007 grid (NTv2 bytes) and registers the Gauss-Krüger zones that use it. */
  loadBeta2007(gsb: ArrayBuffer): void {
    proj4.nadgrid('BETA2007', gsb)
    for (const [code, def] of Object.entries(GK_DEFINITIONS)) this.define(code, def)
  }

  has(code: string): boolean {
    return this.known.has(code)
  }

  supported(): string[] {
    return [...this.known].sort()
  }

  converter(from: string, to: string): proj4.Converter {
    const key = `${from}>${to}`
    let c = this.converters.get(key)
    if (!c) {
      for (const code of [from, to]) {
        if (!this.known.has(code)) {
          const hint = code in GK_DEFINITIONS ? ' (Gauss-Krüger needs the BeTA2007 grid loaded)' : ''
          throw new Error(`unsupported CRS ${code}${hint}; supported: ${this.supported().join(', ')}`)
        }
      }
      c = proj4(from, to)
      this.converters.set(key, c)
    }
    return c
  }

  forward(from: string, to: string): Converter {
    if (from === to) return (p) => p
    const c = this.converter(from, to)
    return (p) => c.forward(p) as Point
  }
}
