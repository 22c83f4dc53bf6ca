// Which base map the map shows, given the user's choice and the catalog's consent setting (pure).
import { basemapOrigins, isRemoteBasemap, NO_BASEMAP, type BasemapDefinition, type BasemapSettings } from '../model/basemap.ts'

/**
 * What an agreement covers: the base map and the origins it loads from, so that a base map pointed at another
 * provider asks again.
 */
export function consentKey(def: BasemapDefinition): string {
  return `${def.id} ${basemapOrigins(def).join(' ')}`
}

/** Must the user agree before this base map loads anything? */
export function needsConsent(settings: Pick<BasemapSettings, 'remoteConsent'>, def: BasemapDefinition, consents: ReadonlySet<string>): boolean {
  return !!settings.remoteConsent && isRemoteBasemap(def) && !consents.has(consentKey(def))
}

export interface BasemapState {
  /** The base map drawn (null: none). */
  active: BasemapDefinition | null
  /** The chosen base map that waits for the user's agreement (nothing is requested from it until then). */
  asking: BasemapDefinition | null
}

export function basemapState(settings: BasemapSettings, chosen: string, consents: ReadonlySet<string>): BasemapState {
  const def = chosen === NO_BASEMAP ? undefined : settings.basemaps.find((b) => b.id === chosen)
  if (!def) return { active: null, asking: null }
  return needsConsent(settings, def, consents) ? { active: null, asking: def } : { active: def, asking: null }
}

/** The hosts a base map loads from, for the switcher and the consent notice. */
export function basemapHosts(def: BasemapDefinition): string {
  return basemapOrigins(def)
    .map((o) => new URL(o).host)
    .join(', ')
}

/** The stored agreements (a JSON list of consentKey values); anything unreadable counts as none. */
export function parseConsents(stored: string | null): Set<string> {
  try {
    const v: unknown = JSON.parse(stored ?? '[]')
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}
