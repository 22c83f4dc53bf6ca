// Pure parts of the inventory: version keys, CSV cells that must not become formulas, names as bytes.
import { describe, expect, it } from 'vitest'
import { decodeName, extensionOf } from './names.ts'
import { csvField } from './output.ts'
import { versionKey } from './versions.ts'

describe('versionKey', () => {
  it('gives versions of one data set the same key', () => {
    const key = (p: string) => versionKey('shapefile', p).key
    const base = key('/g/Planung/bplan_12.shp')
    for (const p of ['/g/bplan_12_alt.shp', '/g/bplan_12_neu.shp', '/g/Kopie von bplan_12.shp', '/g/bplan_12 - Kopie.shp', '/g/bplan_12 - Kopie (2).shp', '/g/bplan_12_2019-05-03.shp', '/g/bplan_12_20190503.shp', '/g/bplan_12 (2).shp', '/g/bplan_12_v3.shp', '/g/bplan_12_final.shp', '/g/03.05.2019_bplan_12.shp']) {
      expect(key(p), p).toBe(base)
    }
    expect(key('/g/bplan_13.shp')).not.toBe(base)
    expect(versionKey('geojson', '/g/bplan_12.geojson').key).not.toBe(base)
  })
})

describe('csvField', () => {
  it('defuses formulas and quotes separators', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('/g/a,b')).toBe('"/g/a,b"')
    expect(csvField('/g/ab')).toBe('/g/ab')
  })
})

describe('names', () => {
  it('decodes UTF-8 and shows other bytes as CP1252', () => {
    expect(decodeName(Buffer.from('Grünflächen.shp'))).toEqual({ text: 'Grünflächen.shp', valid: true })
    expect(decodeName(Buffer.from('Gr\xfcn\x80.shp', 'latin1'))).toEqual({ text: 'Grün€.shp', valid: false })
    expect(extensionOf('karte.tif.aux.xml')).toBe('aux.xml')
    expect(extensionOf('liesmich')).toBe('')
  })
})
