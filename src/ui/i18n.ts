// UI text in German (first) and English. Every string the UI shows comes from here.
import { createContext, useContext } from 'react'

const de = {
  appTitle: 'Geoportal Soest',
  layers: 'Ebenen',
  layerListLabel: 'Kartenebenen ein- und ausblenden',
  loading: 'lädt …',
  features: '{n} Objekte',
  truncated: 'Mehr als {n} Objekte im Ausschnitt – bitte hineinzoomen',
  layerError: 'Fehler: {message}',
  demo: 'Demodaten',
  featureInfo: 'Objektinformation',
  noHits: 'An dieser Stelle ist kein Objekt.',
  clickHint: 'Klicken Sie in die Karte, um Informationen zu Objekten zu sehen.',
  previous: 'Vorheriges Objekt',
  next: 'Nächstes Objekt',
  pageOf: '{i} / {n}',
  close: 'Schließen',
  value: 'Wert',
  catalogError: 'Der Katalog konnte nicht geladen werden: {message}',
  rejectedLayers: 'Nicht nutzbare Katalogeinträge: {list}',
  language: 'Sprache',
  switchLanguage: 'English',
  map: 'Karte',
  mapLabel: 'Karte von Soest. Mit den Pfeiltasten verschieben, mit + und − zoomen.',
  attribute: 'Merkmal',
  zoomTo: 'Auf Ebene zoomen',
  coordinates: 'UTM32: {e} / {n}',
  zoomIn: 'Zum Anzeigen hineinzoomen (ab Zoomstufe {z}; {n} Objekte)',
  opacity: 'Deckkraft: {title}',
  moveUp: 'Nach oben: {title}',
  moveDown: 'Nach unten: {title}',
  legend: 'Legende: {title}',
  other: 'andere',
} as const

export type MessageKey = keyof typeof de
export type Messages = Record<MessageKey, string>

const en: Messages = {
  appTitle: 'Geoportal Soest',
  layers: 'Layers',
  layerListLabel: 'Show and hide map layers',
  loading: 'loading …',
  features: '{n} features',
  truncated: 'More than {n} features in view – please zoom in',
  layerError: 'Error: {message}',
  demo: 'demo data',
  featureInfo: 'Feature information',
  noHits: 'No feature at this place.',
  clickHint: 'Click the map to see information about features.',
  previous: 'Previous feature',
  next: 'Next feature',
  pageOf: '{i} / {n}',
  close: 'Close',
  value: 'Value',
  catalogError: 'The catalog could not be loaded: {message}',
  rejectedLayers: 'Unusable catalog entries: {list}',
  language: 'Language',
  switchLanguage: 'Deutsch',
  map: 'Map',
  mapLabel: 'Map of Soest. Pan with the arrow keys, zoom with + and −.',
  attribute: 'Attribute',
  zoomTo: 'Zoom to layer',
  coordinates: 'UTM32: {e} / {n}',
  zoomIn: 'Zoom in to see this layer (from zoom {z}; {n} features)',
  opacity: 'Opacity: {title}',
  moveUp: 'Move up: {title}',
  moveDown: 'Move down: {title}',
  legend: 'Legend: {title}',
  other: 'other',
}

export const MESSAGES = { de, en } as const
export type Lang = keyof typeof MESSAGES

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function translator(lang: Lang): Translate {
  const m = MESSAGES[lang]
  const numberFormat = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB')
  return (key, vars) =>
    m[key].replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = vars?.[k]
      return typeof v === 'number' ? numberFormat.format(v) : String(v ?? '')
    })
}

export const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'de', t: translator('de') })
export const useI18n = () => useContext(I18nContext)
