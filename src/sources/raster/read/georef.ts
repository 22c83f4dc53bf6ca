// Where a GeoTIFF's pixels are. geotiff.js returns the raw tie point; for rasters flagged PixelIsPoint
// (GTRasterTypeGeoKey = 2, e.g. many grids) that point is the centre of the first pixel, and GDAL — whose
// reading every other tool follows — shifts the corner by half a pixel. We do the same.
import type { GeoTIFFImage } from 'geotiff'

export interface GeoRef {
  /** Upper-left corner of the upper-left pixel. */
  originX: number
  originY: number
  /** Pixel size (positive) in CRS units. */
  resX: number
  resY: number
  pixelIsPoint: boolean
}

export function geoRef(image: GeoTIFFImage): GeoRef {
  const [ox, oy] = image.getOrigin()
  const [rx, ry] = image.getResolution()
  const keys = (image.getGeoKeys?.() ?? {}) as Record<string, number>
  const pixelIsPoint = keys.GTRasterTypeGeoKey === 2
  const resX = Math.abs(rx)
  const resY = Math.abs(ry)
  return {
    originX: pixelIsPoint ? ox - resX / 2 : ox,
    originY: pixelIsPoint ? oy + resY / 2 : oy,
    resX,
    resY,
    pixelIsPoint,
  }
}
