// Default styles, so a layer published without a style file still reads well on the map.
import type { RasterStyle, VectorStyle } from '../../src/model/catalog.ts'

/**
 * The style of a layer published without one, in `color` (pickDefaultColour, src/catalog/palette.ts): polygons
 * translucent over the base map with a solid outline, lines solid, points solid on a white halo. A layer of
 * mixed types gets the map's defaults for each (fill 0.3, circles with a white ring).
 */
export function defaultVectorStyle(geometryType: string, color: string): VectorStyle {
  const geom = geometryType.replace(/^Multi/, '')
  if (geom === 'Polygon') return { color, strokeColor: color, strokeWidth: 1.5, opacity: 0.25 }
  if (geom === 'LineString') return { color, strokeWidth: 2.5 }
  if (geom === 'Point') return { color, strokeColor: '#ffffff', strokeWidth: 1.5, radius: 5, opacity: 1 }
  return { color, strokeWidth: 1.5, radius: 5 }
}

/** An elevation-like ramp spread over the file's value range. */
export function defaultRasterStyle(min: number, max: number): RasterStyle {
  const stops = ['#1a9850', '#91cf60', '#d9ef8b', '#fee08b', '#fc8d59', '#d73027']
  const span = max - min || 1
  return { ramp: stops.map((c, i) => [min + (span * i) / (stops.length - 1), c]), opacity: 0.8 }
}

export function parseStyle(json: unknown, kind: 'vector' | 'raster', file: string): VectorStyle | RasterStyle {
  if (typeof json !== 'object' || json === null) throw new Error(`${file}: style must be a JSON object`)
  const s = json as Record<string, unknown>
  const hex = (v: unknown) => typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v)
  if (kind === 'vector') {
    if (!hex(s.color)) throw new Error(`${file}: style.color must be a colour like #0072B2`)
    if (s.strokeColor !== undefined && !hex(s.strokeColor)) throw new Error(`${file}: style.strokeColor must be a colour like #0072B2`)
    const cat = s.categories as VectorStyle['categories']
    if (cat !== undefined && (typeof cat?.attribute !== 'string' || !Array.isArray(cat.values) || !cat.values.every((v) => hex(v?.color) && ['string', 'number', 'boolean'].includes(typeof v.value)))) {
      throw new Error(`${file}: style.categories must be { attribute, values: [{ value, color: "#rrggbb", label? }] }`)
    }
    const cls = s.classes as VectorStyle['classes']
    if (cls !== undefined) {
      const ok = typeof cls?.attribute === 'string' && Array.isArray(cls.breaks) && Array.isArray(cls.colors) && cls.colors.every(hex) &&
        cls.breaks.length === cls.colors.length + 1 && cls.breaks.every((b, i) => typeof b === 'number' && (i === 0 || b > cls.breaks[i - 1]))
      if (!ok) throw new Error(`${file}: style.classes must be { attribute, breaks: ascending numbers, colors: one "#rrggbb" per class (breaks.length − 1) }`)
    }
    return s as unknown as VectorStyle
  }
  // RGB and palette images are coloured by the file; their style may only set the opacity (and palette labels).
  if (s.kind !== undefined && s.kind !== 'ramp' && s.kind !== 'rgb' && s.kind !== 'palette') {
    throw new Error(`${file}: style.kind must be "ramp", "rgb" or "palette"`)
  }
  const p = s.palette
  if (p !== undefined && (s.kind !== 'palette' || !Array.isArray(p) || !p.every((e) => Array.isArray(e) && typeof e[0] === 'number' && hex(e[1]) && (e[2] === undefined || typeof e[2] === 'string')))) {
    throw new Error(`${file}: style.palette (with "kind": "palette") must be a list of [index, "#rrggbb", label?]`)
  }
  const ramp = s.ramp
  const needsRamp = s.kind === undefined || s.kind === 'ramp'
  if ((needsRamp || ramp !== undefined) && (!Array.isArray(ramp) || ramp.length < 2 || !ramp.every((r) => Array.isArray(r) && typeof r[0] === 'number' && hex(r[1])))) {
    throw new Error(`${file}: style.ramp must be a list of [value, "#rrggbb"] with at least two stops`)
  }
  if (s.resampling !== undefined && s.resampling !== 'bilinear' && s.resampling !== 'nearest') {
    throw new Error(`${file}: style.resampling must be "bilinear" or "nearest"`)
  }
  return s as unknown as RasterStyle
}
