// A seeded synthetic drive for the inventory benchmark: `parts` top-level folders of `perPart` files each, 5 % of
// them geodata (Shapefile sets — some incomplete —, GeoJSON, GeoTIFF, GeoPackage, CSV, KML, images with world
// files, renamed files), 1 % exact duplicates, versions ("_alt", "Kopie von"), umlauts and CP1252 names, folders
// 2–7 levels deep plus one chain 80 levels deep per part. Small files: the walk, not the disk, is measured.
// Usage: npx tsx bench/_inventory-tree.ts <dir> [--files 1000000] [--parts 4] [--seed 1]
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mulberry32 } from '../scripts/random.ts'

const PRJ = 'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

function shp(x: number, y: number): { shp: Buffer; shx: Buffer; dbf: Buffer } {
  const head = (len: number) => {
    const b = Buffer.alloc(100)
    b.writeUInt32BE(9994, 0)
    b.writeUInt32BE(len / 2, 24)
    b.writeUInt32LE(1000, 28)
    b.writeUInt32LE(1, 32)
    for (const [i, v] of [x, y, x, y].entries()) b.writeDoubleLE(v, 36 + i * 8)
    return b
  }
  const rec = Buffer.alloc(28)
  rec.writeUInt32BE(1, 0)
  rec.writeUInt32BE(10, 4)
  rec.writeUInt32LE(1, 8)
  rec.writeDoubleLE(x, 12)
  rec.writeDoubleLE(y, 20)
  const idx = Buffer.alloc(8)
  idx.writeUInt32BE(50, 0)
  idx.writeUInt32BE(10, 4)
  const dbf = Buffer.alloc(66)
  dbf[0] = 3
  dbf.writeUInt32LE(1, 4)
  dbf.writeUInt16LE(65, 8)
  dbf.writeUInt16LE(1, 10)
  dbf[64] = 0x0d
  dbf[65] = 0x1a
  return { shp: Buffer.concat([head(128), rec]), shx: Buffer.concat([head(108), idx]), dbf }
}

/** Templates made once by GDAL when it is there (GeoTIFF, GeoPackage); without GDAL those kinds are left out. */
function gdalTemplates(): { tif: Buffer | null; gpkg: Buffer | null } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inv-templates-'))
  try {
    execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', '4', '4', '-bands', '1', '-a_srs', 'EPSG:25832', '-a_ullr', '440000', '5720000', '440040', '5719960', path.join(dir, 't.tif')], { stdio: 'ignore' })
    writeFileSync(path.join(dir, 'p.csv'), 'id,x,y\n1,443500,5717200\n')
    execFileSync('ogr2ogr', ['-f', 'GPKG', path.join(dir, 'p.gpkg'), path.join(dir, 'p.csv'), '-oo', 'X_POSSIBLE_NAMES=x', '-oo', 'Y_POSSIBLE_NAMES=y', '-a_srs', 'EPSG:25832'], { stdio: 'ignore' })
    return { tif: readFileSync(path.join(dir, 't.tif')), gpkg: readFileSync(path.join(dir, 'p.gpkg')) }
  } catch {
    return { tif: null, gpkg: null }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0, 0xff, 0xd9])
const OTHER = ['pdf', 'docx', 'xls', 'txt', 'msg', 'jpg', 'png', 'odt', 'html', 'pptx', 'eml', 'log', 'ini', 'mp4', 'doc']
const WORDS = ['Bauantrag', 'Protokoll', 'Haushalt', 'Plan', 'Liste', 'Foto', 'Schreiben', 'Vermerk', 'Bericht', 'Entwurf', 'Übersicht', 'Straßen', 'Grünflächen']
const GEO_WORDS = ['flurstuecke', 'bplan', 'kanal', 'baeume', 'strassen', 'schulen', 'spielplaetze', 'gewaesser', 'laermkarte', 'luftbild']

export interface TreeStats {
  files: number
  dirs: number
  geodataFiles: number
  duplicates: number
}

/** Writes one part (a top-level folder) of about `files` files. */
export function makePart(root: string, files: number, seed: number): TreeStats {
  const r = mulberry32(seed)
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]
  const templates = gdalTemplates()
  const stats: TreeStats = { files: 0, dirs: 0, geodataFiles: 0, duplicates: 0 }
  const recent: [string, Buffer][] = []
  const write = (p: string | Buffer, data: Buffer | string, geo: boolean) => {
    writeFileSync(p, data)
    stats.files++
    if (geo) stats.geodataFiles++
  }
  const pad = () => ' '.repeat(Math.floor(r() * 64))
  let dirIndex = 0
  const newDir = () => {
    const depth = 1 + Math.floor(r() * 6)
    const parts = [root]
    for (let i = 0; i < depth; i++) parts.push(`${pick(['Amt', 'Projekt', 'Archiv', 'Daten', 'Ablage', 'Öffentlich'])}_${Math.floor(r() * 12)}`)
    parts.push(`ordner_${dirIndex++}`)
    const d = path.join(...parts)
    mkdirSync(d, { recursive: true })
    stats.dirs++
    return d
  }
  // One deep chain.
  let deep = root
  for (let i = 0; i < 80; i++) deep = path.join(deep, `t${i}`)
  mkdirSync(deep, { recursive: true })
  write(path.join(deep, 'tief.geojson'), `{"type":"FeatureCollection","features":[]}${pad()}`, true)

  while (stats.files < files) {
    const d = newDir()
    const n = 20 + Math.floor(r() * 180)
    const names: string[] = []
    for (let i = 0; i < n && stats.files < files; i++) {
      const u = r()
      const x = 420000 + Math.floor(r() * 50000)
      const y = 5695000 + Math.floor(r() * 35000)
      // 5 % of the names are another version of a recent name in this folder
      let base = `${pick(GEO_WORDS)}_${Math.floor(r() * 100000)}`
      if (r() < 0.05 && names.length) base = pick(names) + pick(['_alt', '_neu', '_2019-05-03', ' - Kopie'])
      else names.push(base)
      if (u < 0.006) {
        // Shapefile set (4 files); every tenth lacks .prj or .shx
        const s = shp(x, y)
        write(path.join(d, `${base}.shp`), s.shp, true)
        write(path.join(d, `${base}.dbf`), s.dbf, true)
        const broken = r() < 0.1
        if (!broken || r() < 0.5) write(path.join(d, `${base}.shx`), s.shx, true)
        if (!broken || stats.files % 2) write(path.join(d, `${base}.prj`), PRJ, true)
      } else if (u < 0.014) {
        const lon = 7.9 + r() * 0.6
        const lat = 51.45 + r() * 0.3
        const data = Buffer.from(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":${i}},"geometry":{"type":"Point","coordinates":[${lon.toFixed(6)},${lat.toFixed(6)}]}}]}${pad()}`)
        write(path.join(d, `${base}.geojson`), data, true)
        recent.push([base, data])
        // every tenth GeoJSON has an older version next to it
        if (r() < 0.1) write(path.join(d, `${base}_alt.geojson`), Buffer.concat([data, Buffer.from(' '.repeat(1 + Math.floor(r() * 8)))]), true)
      } else if (u < 0.017 && templates.tif) {
        write(path.join(d, `${base}.tif`), Buffer.concat([templates.tif, Buffer.alloc(Math.floor(r() * 256))]), true)
      } else if (u < 0.0172 && templates.gpkg) {
        write(path.join(d, `${base}.gpkg`), templates.gpkg, true)
      } else if (u < 0.0202) {
        write(path.join(d, `${base}.csv`), `Name;Rechtswert;Hochwert\n${base};${x};${y}\n${pad()}`, true)
      } else if (u < 0.0222) {
        write(path.join(d, `${base}.kml`), `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>8.1,51.57</coordinates></Point></Placemark></kml>${pad()}`, true)
      } else if (u < 0.0242) {
        write(path.join(d, `${base}.jpg`), JPEG, true)
        write(path.join(d, `${base}.jgw`), `0.5\n0\n0\n-0.5\n${x}.25\n${y}.75\n`, true)
      } else if (u < 0.0252) {
        // a GeoJSON renamed to .dat or .bak: found by content
        write(path.join(d, `${base}.${pick(['dat', 'bak'])}`), `{"type":"FeatureCollection","features":[]}${pad()}`, true)
      } else if (u < 0.0282 && recent.length) {
        // an exact duplicate of an earlier GeoJSON, as a copy
        const [b, data] = pick(recent)
        write(path.join(d, `Kopie von ${b}_${i}.geojson`), data, true)
        stats.duplicates++
      } else {
        const ext = pick(OTHER)
        let name = `${pick(WORDS)}_${Math.floor(r() * 1e6)}.${ext}`
        const odd = r()
        if (odd < 0.001) {
          // a CP1252 name from a Windows share: not valid UTF-8
          write(Buffer.concat([Buffer.from(`${d}/`), Buffer.from(`Gr\xfcnfl\xe4che_${i}.${ext}`, 'latin1')]), 'x', false)
          continue
        }
        if (odd < 0.01) name = `Änderung_${name}`
        write(path.join(d, name), ext === 'jpg' ? JPEG : 'x'.repeat(Math.floor(r() * 200)), false)
      }
      if (recent.length > 200) recent.splice(0, 100)
    }
  }
  return stats
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const opt = (n: string, d: number) => (args.includes(n) ? Number(args[args.indexOf(n) + 1]) : d)
  const dir = args[0]
  if (!dir) throw new Error('usage: npx tsx bench/_inventory-tree.ts <dir> [--files N] [--parts N] [--seed N]')
  const parts = opt('--parts', 4)
  const files = opt('--files', 1_000_000)
  for (let p = 0; p < parts; p++) console.log(JSON.stringify(makePart(path.join(dir, `teil${p}`), files / parts, opt('--seed', 1) * 100 + p)))
}
