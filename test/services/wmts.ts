// A WMTS for tests, modelled on the capabilities of Geobasis NRW and basemap.de (no outside host is ever contacted):
// a hand-written WMTS 1.0.0 capabilities document and a tile server answering RESTful and KVP GetTile requests with
// PNG tiles made here (pngjs). Two layers:
//  - demo_dop: RESTful template, matrix sets EPSG_25832_16 (UTM, not drawable in Web Mercator) and GLOBAL_WEBMERCATOR
//    (identifiers "0" … "16", like basemap.de), a LegendURL;
//  - demo_kvp: KVP only, matrix set "EPSG:3857" with GeoServer-style identifiers "EPSG:3857:0" … "EPSG:3857:16".
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { PNG } from 'pngjs'

const ORIGIN = 20037508.342789244
const SCALE0 = 559082264.0287178

/** The colour of every tile (RGBA), so a browser test can find the layer's pixels. */
export const WMTS_TILE_RGBA: [number, number, number, number] = [123, 50, 148, 255]

function webMercatorSet(id: string, ids: (z: number) => string, maxZoom = 16): string {
  const m = Array.from({ length: maxZoom + 1 }, (_, z) => `
      <TileMatrix>
        <ows:Identifier>${ids(z)}</ows:Identifier>
        <ScaleDenominator>${SCALE0 / 2 ** z}</ScaleDenominator>
        <TopLeftCorner>${-ORIGIN} ${ORIGIN}</TopLeftCorner>
        <TileWidth>256</TileWidth><TileHeight>256</TileHeight>
        <MatrixWidth>${2 ** z}</MatrixWidth><MatrixHeight>${2 ** z}</MatrixHeight>
      </TileMatrix>`).join('')
  return `
    <TileMatrixSet>
      <ows:Identifier>${id}</ows:Identifier>
      <ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>
      <WellKnownScaleSet>urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible</WellKnownScaleSet>${m}
    </TileMatrixSet>`
}

/** An EPSG:25832 matrix set as Geobasis NRW offers next to Web Mercator (the portal cannot draw it). */
const UTM_SET = `
    <TileMatrixSet>
      <ows:Identifier>EPSG_25832_16</ows:Identifier>
      <ows:SupportedCRS>urn:ogc:def:crs:EPSG::25832</ows:SupportedCRS>
      <TileMatrix>
        <ows:Identifier>00</ows:Identifier>
        <ScaleDenominator>17471320.75</ScaleDenominator>
        <TopLeftCorner>-46133.17 6301219.54</TopLeftCorner>
        <TileWidth>256</TileWidth><TileHeight>256</TileHeight>
        <MatrixWidth>1</MatrixWidth><MatrixHeight>1</MatrixHeight>
      </TileMatrix>
    </TileMatrixSet>`

export function wmtsCapabilities(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">
  <ows:ServiceIdentification>
    <ows:Title>Test-WMTS (nach Geobasis NRW / basemap.de)</ows:Title>
    <ows:Abstract>Kacheldienst im Test</ows:Abstract>
    <ows:ServiceType>OGC WMTS</ows:ServiceType>
    <ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion>
    <ows:Fees>keine</ows:Fees>
    <ows:AccessConstraints>Datenlizenz Deutschland – Zero – Version 2.0</ows:AccessConstraints>
  </ows:ServiceIdentification>
  <ows:ServiceProvider>
    <ows:ProviderName>Test-Landesvermessung</ows:ProviderName>
    <ows:ServiceContact>
      <ows:IndividualName>Servicedesk</ows:IndividualName>
      <ows:ContactInfo><ows:Address><ows:ElectronicMailAddress>service@example.org</ows:ElectronicMailAddress></ows:Address></ows:ContactInfo>
    </ows:ServiceContact>
  </ows:ServiceProvider>
  <ows:OperationsMetadata>
    <ows:Operation name="GetCapabilities">
      <ows:DCP><ows:HTTP><ows:Get xlink:href="${base}/kvp?"><ows:Constraint name="GetEncoding"><ows:AllowedValues><ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP>
    </ows:Operation>
    <ows:Operation name="GetTile">
      <ows:DCP><ows:HTTP><ows:Get xlink:href="${base}/kvp?"><ows:Constraint name="GetEncoding"><ows:AllowedValues><ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP>
    </ows:Operation>
  </ows:OperationsMetadata>
  <Contents>
    <Layer>
      <ows:Title>Demo: Luftbild (WMTS)</ows:Title>
      <ows:Abstract>Erfundenes Orthophoto als Kacheldienst.</ows:Abstract>
      <ows:WGS84BoundingBox><ows:LowerCorner>7.98 51.50</ows:LowerCorner><ows:UpperCorner>8.23 51.64</ows:UpperCorner></ows:WGS84BoundingBox>
      <ows:Identifier>demo_dop</ows:Identifier>
      <Style isDefault="true">
        <ows:Identifier>default</ows:Identifier>
        <LegendURL format="image/png" xlink:href="${base}/legend/demo_dop.png"/>
      </Style>
      <Format>image/png</Format>
      <TileMatrixSetLink><TileMatrixSet>EPSG_25832_16</TileMatrixSet></TileMatrixSetLink>
      <TileMatrixSetLink><TileMatrixSet>GLOBAL_WEBMERCATOR</TileMatrixSet></TileMatrixSetLink>
      <ResourceURL format="image/png" resourceType="tile" template="${base}/tile/1.0.0/demo_dop/{Style}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png"/>
    </Layer>
    <Layer>
      <ows:Title>Demo: KVP-Ebene</ows:Title>
      <ows:WGS84BoundingBox><ows:LowerCorner>7.98 51.50</ows:LowerCorner><ows:UpperCorner>8.23 51.64</ows:UpperCorner></ows:WGS84BoundingBox>
      <ows:Identifier>demo_kvp</ows:Identifier>
      <Style isDefault="true"><ows:Identifier>grau</ows:Identifier></Style>
      <Format>image/png</Format>
      <TileMatrixSetLink><TileMatrixSet>EPSG:3857</TileMatrixSet></TileMatrixSetLink>
    </Layer>${UTM_SET}${webMercatorSet('GLOBAL_WEBMERCATOR', (z) => String(z))}${webMercatorSet('EPSG:3857', (z) => `EPSG:3857:${z}`)}
  </Contents>
</Capabilities>
`
}

export interface WmtsServer {
  /** The capabilities URL (RESTful, as basemap.de publishes it). */
  url: string
  base: string
  /** Tile requests seen: [z, x, y] as the server read them. */
  tiles: { z: number; x: number; y: number; kvp: boolean }[]
  close(): Promise<void>
}

function pngOf([r, g, b, a]: [number, number, number, number], size = 256): Buffer {
  const png = new PNG({ width: size, height: size })
  for (let i = 0; i < size * size; i++) png.data.set([r, g, b, a], i * 4)
  return PNG.sync.write(png)
}

export async function startWmtsServer(): Promise<WmtsServer> {
  const tile = pngOf(WMTS_TILE_RGBA)
  const legend = pngOf([123, 50, 148, 255], 16)
  const tiles: WmtsServer['tiles'] = []
  let base = ''
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    const cors = { 'Access-Control-Allow-Origin': '*' }
    const png = (b: Buffer) => res.writeHead(200, { ...cors, 'Content-Type': 'image/png' }).end(b)
    if (u.pathname === '/wmts/1.0.0/WMTSCapabilities.xml') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/xml' }).end(wmtsCapabilities(base))
      return
    }
    const rest = /^\/wmts\/tile\/1\.0\.0\/demo_dop\/default\/GLOBAL_WEBMERCATOR\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(u.pathname)
    if (rest) {
      tiles.push({ z: Number(rest[1]), y: Number(rest[2]), x: Number(rest[3]), kvp: false })
      return png(tile)
    }
    if (u.pathname === '/wmts/kvp') {
      const q = (k: string) => u.searchParams.get(k) ?? ''
      if (q('REQUEST') === 'GetCapabilities') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/xml' }).end(wmtsCapabilities(base))
        return
      }
      const m = /^EPSG:3857:(\d+)$/.exec(q('TILEMATRIX'))
      if (q('REQUEST') === 'GetTile' && q('LAYER') === 'demo_kvp' && q('TILEMATRIXSET') === 'EPSG:3857' && m) {
        tiles.push({ z: Number(m[1]), x: Number(q('TILECOL')), y: Number(q('TILEROW')), kvp: true })
        return png(tile)
      }
    }
    if (u.pathname === '/wmts/legend/demo_dop.png') return png(legend)
    res.writeHead(404, cors).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmts`
  return {
    url: `${base}/1.0.0/WMTSCapabilities.xml`,
    base,
    tiles,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
