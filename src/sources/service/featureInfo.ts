// GetFeatureInfo answers → attributes as text (pure). Whatever the service sends is data: HTML is reduced to its text
// here and shown through React as text, never inserted as markup, so a <script> or <img onerror> in an answer stays
// inert. Recognised: MapServer/GeoServer text/plain ("name = 'value'" lines), GeoJSON, GML / ogc:gml feature members
// (leaf elements), HTML; anything else is shown as its text.

export interface FeatureInfoAnswer {
  /** One record per feature found (attribute name → value as text). */
  features: Record<string, string>[]
  /** The answer as text when it could not be split into features (plain text, HTML). */
  text?: string
}

/** Answers longer than this are cut (a service can send megabytes of HTML). */
export const MAX_ANSWER_CHARS = 20_000

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ''
    }
    return ENTITIES[e.toLowerCase()] ?? m
  })
}

/** The visible text of an HTML answer: scripts, styles and comments dropped, tags removed, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|template|noscript|head)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>?/g, ' ')
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

function plainText(text: string): FeatureInfoAnswer {
  // MapServer: "Layer 'x'", "  Feature 5: ", "    name = 'value'"; GeoServer: "name = value" under "-----" lines.
  const features: Record<string, string>[] = []
  let current: Record<string, string> | null = null
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(Feature\b.*|-{5,}.*)$/i.test(line)) {
      current = null
      continue
    }
    const m = /^\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m) continue
    if (!current) {
      current = {}
      features.push(current)
    }
    current[m[1]] = m[2].replace(/^'(.*)'$/s, '$1')
  }
  if (features.length) return { features }
  const t = text.trim()
  return t ? { features: [], text: t } : { features: [] }
}

function json(text: string): FeatureInfoAnswer | null {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return null
  }
  const list = (doc as { features?: unknown })?.features
  if (!Array.isArray(list)) return null
  const features = list.map((f) => {
    const props = (f as { properties?: unknown })?.properties
    const out: Record<string, string> = {}
    if (props && typeof props === 'object') for (const [k, v] of Object.entries(props)) out[k] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
    return out
  })
  return { features }
}

/** GML: each feature member's child elements that hold only text (geometry and bounding boxes left out). */
function gml(text: string): FeatureInfoAnswer | null {
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*</.test(text)) return null
  const body = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<(\w+:)?boundedBy\b[\s\S]*?<\/(\w+:)?boundedBy>/g, '')
  const features: Record<string, string>[] = []
  // MapServer: <x_feature>…</x_feature>; GeoServer / WFS: <gml:featureMember><ns:type>…</ns:type></gml:featureMember>.
  const member = /<((?:\w+:)?\w+_feature|(?:gml:)?featureMember)\b[^>]*>([\s\S]*?)<\/\1>/g
  for (const m of body.matchAll(member)) {
    let inner = m[2]
    const wrapped = /^\s*<((?:\w+:)?[\w.-]+)\b[^>]*>([\s\S]*)<\/\1>\s*$/.exec(inner)
    if (m[1].endsWith('featureMember') && wrapped) inner = wrapped[2]
    const out: Record<string, string> = {}
    for (const leaf of inner.matchAll(/<((?:[\w-]+:)?([\w.-]+))\b[^>/]*>([^<]*)<\/\1>/g)) {
      if (leaf[1].startsWith('gml:')) continue
      out[leaf[2]] = decodeEntities(leaf[3]).trim()
    }
    features.push(out)
  }
  return features.length || /FeatureCollection|msGMLOutput/.test(body) ? { features } : null
}

/** Reads an answer by its content type (falling back to what it looks like). */
export function parseFeatureInfo(contentType: string, raw: string): FeatureInfoAnswer {
  const text = raw.length > MAX_ANSWER_CHARS ? raw.slice(0, MAX_ANSWER_CHARS) : raw
  const type = contentType.split(';')[0].trim().toLowerCase()
  if (type.includes('json')) return json(text) ?? plainText(text)
  if (type === 'text/html' || /^\s*(<!doctype html|<html)/i.test(text)) {
    const t = htmlToText(text)
    return t ? { features: [], text: t } : { features: [] }
  }
  if (type.includes('xml') || type.includes('gml')) {
    const g = gml(text)
    if (g) return g
    const t = htmlToText(text)
    return t ? { features: [], text: t } : { features: [] }
  }
  return plainText(text)
}
