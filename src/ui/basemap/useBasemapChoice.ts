// The base-map choice of the portal (lives in App, so it survives a visit to a page): the chosen id, the
// agreements given on this device, and what that means for the map (see src/basemap/choice.ts).
import { useMemo, useRef, useState } from 'react'
import { basemapState, consentKey, needsConsent } from '../../basemap/choice.ts'
import { NO_BASEMAP, type BasemapDefinition, type BasemapSettings } from '../../model/basemap.ts'

export interface BasemapChoice {
  basemaps: BasemapDefinition[]
  chosen: string
  /** Drawn on the map (null: none). */
  active: BasemapDefinition | null
  /** Chosen, but waiting for the user's agreement: nothing is requested from it. */
  asking: BasemapDefinition | null
  choose(id: string): void
  /** The answer to the consent notice: agree loads it (remembered), cancel returns to the previous choice. */
  answer(agree: boolean): void
}

export interface BasemapChoiceOptions {
  settings: BasemapSettings
  initial: string
  consents: ReadonlySet<string>
  onChange?(id: string): void
  onConsent?(keys: string[]): void
}

export function useBasemapChoice(o: BasemapChoiceOptions): BasemapChoice {
  const [chosen, setChosen] = useState(o.initial)
  const [consents, setConsents] = useState<ReadonlySet<string>>(o.consents)
  // Where "cancel" goes back to: the last choice that needed no (further) agreement.
  const previous = useRef(NO_BASEMAP)
  const { active, asking } = useMemo(() => basemapState(o.settings, chosen, consents), [o.settings, chosen, consents])
  const set = (id: string) => {
    setChosen(id)
    o.onChange?.(id)
  }
  return {
    basemaps: o.settings.basemaps,
    chosen,
    active,
    asking,
    choose(id) {
      if (id === chosen) return
      const current = o.settings.basemaps.find((b) => b.id === chosen)
      if (!current || !needsConsent(o.settings, current, consents)) previous.current = chosen
      set(id)
    },
    answer(agree) {
      if (!asking) return
      if (!agree) return set(previous.current)
      const next = new Set(consents).add(consentKey(asking))
      setConsents(next)
      o.onConsent?.([...next])
    },
  }
}
