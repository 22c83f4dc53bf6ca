// The portal's slim proj4 (vite.config.ts builds the portal with it) against the full package: the same modules,
// so the same numbers for every CRS the registry defines; other projections are not there.
import fullProj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import slimProj4 from './proj4-portal.js'
import { CRS_DEFINITIONS } from './registry.ts'

describe('proj4 as built into the portal', () => {
  for (const [code, def] of Object.entries(CRS_DEFINITIONS)) {
    fullProj4.defs(code, def)
    slimProj4.defs(code, def)
  }
  const rand = mulberry32(5)
  // Around the Kreis Soest and across Germany.
  const points = Array.from({ length: 500 }, () => [5 + rand() * 10, 47 + rand() * 8] as [number, number])

  for (const target of Object.keys(CRS_DEFINITIONS).filter((c) => c !== 'EPSG:4326')) {
    it(`gives bit-identical EPSG:4326 ⇄ ${target} results`, () => {
      const full = fullProj4('EPSG:4326', target)
      const slim = slimProj4('EPSG:4326', target)
      for (const p of points) {
        const f = full.forward([...p])
        expect(slim.forward([...p])).toEqual(f)
        expect(slim.inverse([...f])).toEqual(full.inverse([...f]))
      }
    })
  }

  it('has Gauss-Krüger (tmerc) and lacks projections the registry never uses', () => {
    const gk = '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +units=m +no_defs'
    expect(slimProj4('EPSG:4326', gk).forward([8.1, 51.57])).toEqual(fullProj4('EPSG:4326', gk).forward([8.1, 51.57]))
    expect(() => slimProj4('EPSG:4326', '+proj=laea +lat_0=52 +lon_0=10 +ellps=GRS80 +units=m')).toThrow()
  })
})
