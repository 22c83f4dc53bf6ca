// A tree with known content for the inventory tests, made with GDAL's own writers (ogr2ogr, gdal_create,
// gdal_translate) so that every geodata file is what real software writes. Returns what must be found.
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, utimesSync, writeFileSync, copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] })

/** Points in Soest (EPSG:25832). */
const SOEST = [[443500, 5717200], [444100, 5716800], [442900, 5717900]]

function pointsGeojson(crsName: string, coords: number[][], extra = ''): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: crsName } },
    features: coords.map((c, i) => ({ type: 'Feature', properties: { id: i + 1, name: `Punkt ${i + 1}${extra}` }, geometry: { type: 'Point', coordinates: c } })),
  })
}

export interface Expected {
  /** relative path → format */
  finds: Record<string, string>
  /** relative path → problem codes (sorted); paths not listed have none */
  problems: Record<string, string[]>
}

export function makeInventoryTree(root: string): Expected {
  const d = (p: string) => {
    mkdirSync(join(root, p), { recursive: true })
    return join(root, p)
  }
  const src = join(d('.src'), 'punkte.geojson')
  writeFileSync(src, pointsGeojson('urn:ogc:def:crs:EPSG::25832', SOEST))

  // a/: a complete Shapefile set, and one that lost its .shx and .prj
  run('ogr2ogr', ['-f', 'ESRI Shapefile', join(d('a'), 'schulen.shp'), src])
  copyFileSync(join(root, 'a/schulen.shp'), join(root, 'a/strassen.shp'))
  writeFileSync(join(root, 'a/strassen.dbf'), Buffer.concat([Buffer.from([3, 124, 1, 1, 0, 0, 0, 0, 33, 0, 1, 0]), Buffer.alloc(20), Buffer.from([0x0d, 0x1a])]))
  // b/: a GeoPackage with two layers, and the same file under a name that hides it
  run('ogr2ogr', ['-f', 'GPKG', join(d('b'), 'plan.gpkg'), src, '-nln', 'punkte'])
  run('ogr2ogr', ['-f', 'GPKG', '-update', join(root, 'b/plan.gpkg'), src, '-nln', 'punkte2', '-where', 'id = 1'])
  copyFileSync(join(root, 'b/plan.gpkg'), join(root, 'b/daten.dat'))
  // c/: GeoJSON in lon/lat, a copy (duplicate + version) and an older version with other content
  writeFileSync(join(d('c'), 'punkte.geojson'), pointsGeojson('urn:ogc:def:crs:OGC:1.3:CRS84', [[8.106, 51.571], [8.11, 51.57]]))
  copyFileSync(join(root, 'c/punkte.geojson'), join(root, 'c/Kopie von punkte.geojson'))
  writeFileSync(join(root, 'c/punkte_alt.geojson'), pointsGeojson('urn:ogc:def:crs:OGC:1.3:CRS84', [[8.1, 51.57]]))
  // d/: a GeoTIFF (stale), an image with a world file and no CRS, an orphan world file, a FlatGeobuf
  run('gdal_create', ['-of', 'GTiff', '-outsize', '20', '10', '-bands', '1', '-a_srs', 'EPSG:25832', '-a_ullr', '440000', '5720000', '440200', '5719900', join(d('d'), 'dom.tif')])
  utimesSync(join(root, 'd/dom.tif'), new Date('2005-05-05'), new Date('2005-05-05'))
  run('gdal_translate', ['-q', '-of', 'PNG', '-co', 'WORLDFILE=YES', join(root, 'd/dom.tif'), join(root, 'd/scan.png')])
  rmSync(join(root, 'd/scan.png.aux.xml'), { force: true })
  writeFileSync(join(root, 'd/verwaist.tfw'), '1\n0\n0\n-1\n440000.5\n5719999.5\n')
  run('ogr2ogr', ['-f', 'FlatGeobuf', join(root, 'd/punkte.fgb'), src])
  // e/: KML far away (Munich), GPX, NAS, DXF without CRS, GML
  run('ogr2ogr', ['-f', 'KML', join(d('e'), 'muenchen.kml'), src, '-s_srs', 'EPSG:25832', '-t_srs', 'EPSG:4326', '-dialect', 'sqlite', '-sql', 'SELECT id, MakePoint(11.57, 48.14, 4326) AS geometry FROM punkte'])
  run('ogr2ogr', ['-f', 'GPX', join(root, 'e/weg.gpx'), src, '-t_srs', 'EPSG:4326', '-lco', 'FORCE_GPX_TRACK=NO'])
  writeFileSync(join(root, 'e/alkis.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<AX_Bestandsdatenauszug xmlns="http://www.adv-online.de/namespaces/adv/gid/6.0" xmlns:gml="http://www.opengis.net/gml/3.2">
 <enthaelt><wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs">
  <gml:featureMember><AX_Flurstueck gml:id="DENW1"><position><gml:Point srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH"><gml:pos>443000 5717000</gml:pos></gml:Point></position></AX_Flurstueck></gml:featureMember>
  <gml:featureMember><AX_Flurstueck gml:id="DENW2"><position><gml:Point srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH"><gml:pos>444000 5718000</gml:pos></gml:Point></position></AX_Flurstueck></gml:featureMember>
 </wfs:FeatureCollection></enthaelt></AX_Bestandsdatenauszug>\n`)
  run('ogr2ogr', ['-f', 'DXF', join(root, 'e/plan.dxf'), src])
  run('ogr2ogr', ['-f', 'GML', join(root, 'e/punkte.gml'), src, '-dsco', 'FORMAT=GML3'])
  // f/: CSV and XLSX with coordinate columns; text and JSON that are not geodata
  writeFileSync(join(d('f'), 'adressen.csv'), 'Name;Rechtswert;Hochwert;EPSG\nRathaus;443500;5717200;25832\nBahnhof;443800;5717900;25832\n')
  run('ogr2ogr', ['-f', 'XLSX', join(root, 'f/tabelle.xlsx'), join(root, 'f/adressen.csv')])
  writeFileSync(join(root, 'f/notizen.txt'), 'Einkaufsliste: Milch, Brot\n')
  writeFileSync(join(root, 'f/config.json'), '{"a": 1}\n')
  writeFileSync(join(root, 'f/bericht.pdf'), '%PDF-1.4\n')
  // g/: a zip with an incomplete set inside, a KMZ, a QGIS project with one source missing
  // No CRS in the CSV, so GDAL writes no .prj into the zip.
  run('ogr2ogr', ['-f', 'ESRI Shapefile', join(d('g'), 'paket.shp.zip'), join(root, 'f/adressen.csv'), '-oo', 'X_POSSIBLE_NAMES=Rechtswert', '-oo', 'Y_POSSIBLE_NAMES=Hochwert'])
  run('ogr2ogr', ['-f', 'LIBKML', join(root, 'g/karte.kmz'), src, '-t_srs', 'EPSG:4326'])
  writeFileSync(join(root, 'g/projekt.qgs'), `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="Test" version="3.28.0">
 <projectCrs><spatialrefsys><authid>EPSG:25832</authid></spatialrefsys></projectCrs>
 <projectlayers>
  <maplayer><datasource>../a/schulen.shp</datasource></maplayer>
  <maplayer><datasource>./fehlt.shp|layername=fehlt</datasource></maplayer>
  <maplayer><datasource>dbname='gis' host=db port=5432 table="x"</datasource></maplayer>
 </projectlayers>
</qgis>\n`)
  // h/: damaged files
  writeFileSync(join(d('h'), 'kaputt.gpkg'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from([0x10, 0x00]), Buffer.alloc(82), Buffer.alloc(4096, 0xee)]))
  writeFileSync(join(root, 'h/kaputt.tif'), 'not a tiff at all')
  // i/: odd names: umlauts (UTF-8) and a CP1252 name that is not valid UTF-8
  copyFileSync(join(root, 'c/punkte_alt.geojson'), join(d('i'), 'Grünflächen.geojson'))
  writeFileSync(Buffer.from(join(root, 'i/Stra\xdfen.geojson'), 'latin1'), pointsGeojson('urn:ogc:def:crs:OGC:1.3:CRS84', [[8.12, 51.58]]))
  // j/: a broken link and a link loop (folders are not followed by default)
  symlinkSync(join(root, 'j/fehlt.gpkg'), join(d('j'), 'link.gpkg'))
  symlinkSync('..', join(root, 'j/schleife'))
  // k/: deep folders
  let deep = 'k'
  for (let i = 0; i < 120; i++) deep += `/ebene${i}`
  copyFileSync(join(root, 'c/punkte_alt.geojson'), join(d(deep), 'tief.geojson'))

  rmSync(join(root, '.src'), { recursive: true })
  const finds: Record<string, string> = {
    'a/schulen.shp': 'shapefile',
    'a/strassen.shp': 'shapefile',
    'b/plan.gpkg': 'geopackage',
    'b/daten.dat': 'geopackage',
    'c/punkte.geojson': 'geojson',
    'c/Kopie von punkte.geojson': 'geojson',
    'c/punkte_alt.geojson': 'geojson',
    'd/dom.tif': 'geotiff',
    'd/scan.png': 'image+wld',
    'd/verwaist.tfw': 'worldfile',
    'd/punkte.fgb': 'flatgeobuf',
    'e/muenchen.kml': 'kml',
    'e/weg.gpx': 'gpx',
    'e/alkis.xml': 'nas',
    'e/plan.dxf': 'dxf',
    'e/punkte.gml': 'gml',
    'f/adressen.csv': 'csv',
    'f/tabelle.xlsx': 'xlsx',
    'g/paket.shp.zip': 'zip',
    'g/karte.kmz': 'kmz',
    'g/projekt.qgs': 'qgs',
    'h/kaputt.gpkg': 'geopackage',
    'h/kaputt.tif': 'geotiff',
    'i/Grünflächen.geojson': 'geojson',
    'i/Straßen.geojson': 'geojson',
    'j/link.gpkg': 'link',
    [`${deep}/tief.geojson`]: 'geojson',
  }
  const problems: Record<string, string[]> = {
    'a/strassen.shp': ['incomplete-set', 'unknown-crs'],
    'b/plan.gpkg': ['duplicate'],
    'c/Kopie von punkte.geojson': ['duplicate', 'version'],
    'c/punkte.geojson': ['version'],
    'c/punkte_alt.geojson': ['duplicate', 'version'],
    'i/Grünflächen.geojson': ['duplicate'],
    'd/dom.tif': ['stale'],
    'd/scan.png': ['unknown-crs'],
    'd/verwaist.tfw': ['incomplete-set'],
    'e/muenchen.kml': ['outside-area'],
    'e/plan.dxf': ['unknown-crs'],
    'g/paket.shp.zip': ['incomplete-set'],
    'g/projekt.qgs': ['missing-source'],
    'h/kaputt.gpkg': ['damaged'],
    'h/kaputt.tif': ['damaged'],
    'i/Straßen.geojson': ['name-encoding'],
    'j/link.gpkg': ['broken-link'],
  }
  return { finds, problems }
}
