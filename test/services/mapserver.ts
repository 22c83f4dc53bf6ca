// A real MapServer (Debian's cgi-mapserver) for tests: a mapfile written into a temporary folder serves the demo
// elevation COG and the demo districts (FlatGeobuf through OGR) as WMS 1.1.1/1.3.0 with GetMap, GetLegendGraphic
// and GetFeatureInfo in EPSG:3857, 25832 and 4326. A small Node HTTP server runs /usr/lib/cgi-bin/mapserv as CGI per
// request (QUERY_STRING, MS_MAPFILE) and adds the CORS header a browser needs to draw the images in WebGL — the
// simplest real setup that works here (nginx + fcgiwrap would serve the same program).
import { spawn } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const MAPSERV = process.env.MAPSERV_PATH ?? '/usr/lib/cgi-bin/mapserv'
const DATA = path.resolve(import.meta.dirname, '../../data/layers')

/** Why MapServer cannot run here, or null. Printed by the specs when they skip (CI installs it: .ci/run). */
export function mapserverUnavailable(): string | null {
  if (!existsSync(MAPSERV)) return `no MapServer CGI at ${MAPSERV} (apt-get install -y cgi-mapserver mapserver-bin, or set MAPSERV_PATH)`
  return null
}

/** The demo files the mapfile serves (the current versions in data/). */
export async function demoFiles(): Promise<{ elevation: string; districts: string }> {
  const find = async (id: string, ext: string) => {
    const dir = path.join(DATA, id)
    for (const v of await fs.readdir(dir)) {
      const f = path.join(dir, v, `${id}.${ext}`)
      if (existsSync(f)) return f
    }
    throw new Error(`no ${id}.${ext} under ${dir}`)
  }
  return { elevation: await find('demo-gelaende', 'tif'), districts: await find('demo-bezirke', 'fgb') }
}

export interface MapServer {
  /** The service URL (GetCapabilities: `${url}?SERVICE=WMS&REQUEST=GetCapabilities`). */
  url: string
  /** Requests seen: the query string and the HTTP status answered. */
  requests: { query: string; status: number }[]
  close(): Promise<void>
}

export interface MapServerOptions {
  /** GetFeatureInfo's default answer format: MapServer answers text/html through the HTML template below. */
  htmlTemplate?: string
}

/** A GetFeatureInfo HTML template with hostile markup around the values (the portal must show it as text). */
export const HOSTILE_TEMPLATE = `<!-- MapServer Template -->
<html><body><script>window.__wmsPwned = 1</script><img src="x" onerror="window.__wmsPwned = 2">
<b>Bezirk:</b> [item name="bezirk"] <i>Einwohner:</i> [item name="einwohner"]</body></html>
`

function mapfile(dir: string, files: { elevation: string; districts: string }, port: number): string {
  const q = (s: string) => JSON.stringify(s)
  return `MAP
  NAME "soest_test"
  EXTENT 430000 5707000 446000 5721000
  UNITS METERS
  SIZE 256 256
  IMAGECOLOR 255 255 255
  PROJECTION "init=epsg:25832" END
  OUTPUTFORMAT
    NAME "png"
    DRIVER AGG/PNG
    MIMETYPE "image/png"
    IMAGEMODE RGBA
    TRANSPARENT ON
    EXTENSION "png"
  END
  WEB
    METADATA
      "wms_title" "Geoportal Soest Test-WMS"
      "wms_abstract" "MapServer im Test: Demo-Gelände und Demo-Bezirke"
      "wms_onlineresource" ${q(`http://127.0.0.1:${port}/wms?`)}
      "wms_srs" "EPSG:25832 EPSG:3857 EPSG:4326"
      "wms_enable_request" "*"
      "wms_getfeatureinfo_formatlist" "text/plain,text/html,application/vnd.ogc.gml"
      "wms_feature_info_mime_type" "text/html"
      "wms_encoding" "UTF-8"
    END
  END
  LEGEND
    KEYSIZE 20 12
    LABEL TYPE BITMAP SIZE MEDIUM COLOR 0 0 0 END
  END
  LAYER
    NAME "gelaende"
    TYPE RASTER
    STATUS ON
    DATA ${q(files.elevation)}
    PROJECTION "init=epsg:25832" END
    PROCESSING "SCALE=80,200"
    METADATA
      "wms_title" "Demo: Gelände (MapServer)"
      "wms_abstract" "Erfundenes Höhenmodell, von MapServer als WMS ausgeliefert."
      "wms_attribution_title" "Demo-Daten Stadt Soest (MapServer)"
      "wms_extent" "430000 5707000 446000 5721000"
    END
  END
  LAYER
    NAME "bezirke"
    TYPE POLYGON
    STATUS ON
    CONNECTIONTYPE OGR
    CONNECTION ${q(files.districts)}
    PROJECTION "init=epsg:25832" END
    TEMPLATE ${q(path.join(dir, 'info.html'))}
    MAXSCALEDENOM 250000
    TOLERANCE 0
    METADATA
      "wms_title" "Demo: Bezirke (MapServer)"
      "wms_abstract" "Erfundene Stadtbezirke, von MapServer als WMS ausgeliefert."
      "wms_attribution_title" "Demo-Daten Stadt Soest (MapServer)"
      "wms_keywordlist" "Bezirk,Verwaltungsgrenze"
      "wms_include_items" "all"
      "gml_include_items" "all"
      "wms_extent" "432423 5707726 443815 5719782"
    END
    CLASS
      NAME "Bezirk"
      STYLE COLOR 213 94 0 OPACITY 60 END
      STYLE OUTLINECOLOR 120 40 0 WIDTH 2 END
    END
  END
END
`
}

/** Starts MapServer on a free loopback port. */
export async function startMapServer(opts: MapServerOptions = {}): Promise<MapServer> {
  const missing = mapserverUnavailable()
  if (missing) throw new Error(missing)
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-mapserver-'))
  const files = await demoFiles()
  await fs.writeFile(path.join(dir, 'info.html'), opts.htmlTemplate ?? HOSTILE_TEMPLATE)
  const requests: MapServer['requests'] = []
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    const cors = { 'Access-Control-Allow-Origin': '*' }
    if (u.pathname !== '/wms') {
      res.writeHead(404, cors).end()
      return
    }
    const query = u.search.slice(1)
    const child = spawn(MAPSERV, [], {
      env: { PATH: process.env.PATH ?? '', MAPSERVER_CONFIG_FILE: path.join(dir, 'mapserver.conf'), MS_MAPFILE: path.join(dir, 'test.map'), QUERY_STRING: query, REQUEST_METHOD: 'GET', GATEWAY_INTERFACE: 'CGI/1.1', SERVER_NAME: '127.0.0.1', SERVER_PORT: String(port), SCRIPT_NAME: '/wms' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.resume()
    child.on('close', () => {
      const all = Buffer.concat(out)
      // CGI answer: headers, a blank line, the body.
      let cut = all.indexOf('\r\n\r\n')
      let sep = 4
      if (cut < 0) {
        cut = all.indexOf('\n\n')
        sep = 2
      }
      const headers: Record<string, string> = { ...cors }
      let status = 200
      for (const line of all.subarray(0, Math.max(0, cut)).toString('latin1').split(/\r?\n/)) {
        const m = /^([^:]+):\s*(.*)$/.exec(line)
        if (!m) continue
        if (m[1].toLowerCase() === 'status') status = Number.parseInt(m[2], 10) || 200
        else headers[m[1]] = m[2]
      }
      requests.push({ query, status })
      res.writeHead(cut < 0 ? 502 : status, headers).end(cut < 0 ? all : all.subarray(cut + sep))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await fs.writeFile(path.join(dir, 'test.map'), mapfile(dir, files, port))
  // MapServer 8 refuses to start without its config file; ours names the one mapfile it may serve.
  await fs.writeFile(path.join(dir, 'mapserver.conf'), `CONFIG\n  ENV\n    MS_MAPFILE ${JSON.stringify(path.join(dir, 'test.map'))}\n  END\nEND\n`)
  return {
    url: `http://127.0.0.1:${port}/wms`,
    requests,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await fs.rm(dir, { recursive: true, force: true })
    },
  }
}
