// The accessibility statement (#page=barrierefreiheit), structured like the EU model statement (Implementing
// Decision (EU) 2018/1523) that BITV 2.0 and BITV NRW follow: state of compliance, non-accessible content with
// alternatives, preparation of the statement, feedback and contact, enforcement procedure (NRW).
// The contact is the city's to fill in: catalog.json "accessibility.contact"; without it a marked placeholder shows.
import { useEffect, useRef, type ReactNode } from 'react'
import type { AccessibilityContact } from '../../model/catalog.ts'
import { formatDate, useI18n } from '../i18n.ts'

export interface AccessibilityStatementProps {
  /** The portal's name (catalog title). */
  portalTitle: string
  contact?: AccessibilityContact
}

/** When this statement was prepared and last reviewed (ISO date). */
export const STATEMENT_DATE = '2026-11-26'

const EMAIL = /^[^@\s<>"'()]+@[^@\s<>"'()]+\.[a-z]{2,}$/i

function Contact({ contact, placeholder }: { contact?: AccessibilityContact; placeholder: string }) {
  if (!contact || (!contact.name && !contact.email && !contact.phone)) {
    return (
      <p className="placeholder" data-testid="a11y-contact-placeholder">
        {placeholder}
      </p>
    )
  }
  return (
    <address data-testid="a11y-contact">
      {contact.name && (
        <>
          {contact.name}
          <br />
        </>
      )}
      {contact.email && (EMAIL.test(contact.email) ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : contact.email)}
      {contact.email && contact.phone && <br />}
      {contact.phone}
    </address>
  )
}

interface Texts {
  intro(title: string): ReactNode
  compliance: string
  complianceText: ReactNode
  notAccessible: string
  notAccessibleIntro: string
  items: { issue: string; alternative: string }[]
  preparation: string
  preparationText(date: string): ReactNode
  feedback: string
  feedbackText: string
  placeholder: string
  enforcement: string
  enforcementText: ReactNode[]
}

const de: Texts = {
  intro: (title) => (
    <>
      Die Stadt Soest ist bemüht, ihr Geoportal „{title}“ im Einklang mit dem Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und der
      Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) barrierefrei zugänglich zu machen. Diese Erklärung gilt für das Geoportal mit der
      Kartenansicht, den Ebenenseiten, der Qualitätsübersicht und dieser Seite.
    </>
  ),
  compliance: 'Stand der Vereinbarkeit mit den Anforderungen',
  complianceText: (
    <>
      Das Geoportal ist wegen der unten aufgeführten Ausnahmen <strong>teilweise mit den Anforderungen vereinbar</strong> (BITV NRW, europäische Norm EN 301 549, WCAG
      2.1 Stufe AA).
    </>
  ),
  notAccessible: 'Nicht barrierefreie Inhalte',
  notAccessibleIntro: 'Die folgenden Inhalte sind nicht oder nur eingeschränkt barrierefrei:',
  items: [
    {
      issue:
        'Das Kartenbild selbst ist eine Grafik: Lage, Form und Farbe der Objekte lassen sich von Screenreadern nicht erfassen. Objekte in der Karte auszuwählen erfordert eine Maus oder einen Touchscreen; die Karte lässt sich aber mit der Tastatur verschieben (Pfeiltasten) und zoomen (+ und −).',
      alternative:
        'Alternativen: die Tabelle der Objekte im Kartenausschnitt (als Text, mit der Tastatur bedienbar), die Ebenenseiten mit Beschreibung, Merkmalen und Qualitätsbericht als Text sowie die Downloads (CSV und GeoJSON für Vektorebenen).',
    },
    {
      issue: 'Rasterebenen (z. B. Geländemodelle) zeigen Messwerte nur als Farbfläche; einzelne Werte erscheinen nur nach einem Klick in die Karte.',
      alternative: 'Alternative: der Download der Rasterdaten (Cloud-Optimized GeoTIFF) zur Auswertung in eigener Software; Beschreibung und Wertebereich auf der Ebenenseite.',
    },
    {
      issue:
        'Farben der Kartendarstellung: Klassen und Kategorien werden in der Karte allein durch Farbe unterschieden; Beschriftungen und Hintergrundkarten anderer Anbieter erreichen nicht immer ausreichende Kontraste.',
      alternative: 'Alternative: die Legende nennt jede Farbe als Text; die Objektinformation und die Objekttabelle zeigen die Werte als Text.',
    },
    {
      issue:
        'Die Datendateien FlatGeobuf und GeoTIFF sind Fachformate und keine barrierefreien Dokumente. Befunde des Qualitätsberichts werden vom Veröffentlichungsprogramm in englischer Fachsprache formuliert.',
      alternative: 'Alternative: die CSV-Datei für Tabellenkalkulationen; die Kriterien, Schweregrade und Anzahlen des Qualitätsberichts sind übersetzt.',
    },
    {
      issue: 'Informationen zum Geoportal in Leichter Sprache und in Deutscher Gebärdensprache werden derzeit nicht angeboten.',
      alternative: 'Bitte wenden Sie sich an die unten genannte Kontaktstelle, wenn Sie Informationen in einer dieser Formen benötigen.',
    },
  ],
  preparation: 'Erstellung dieser Erklärung zur Barrierefreiheit',
  preparationText: (date) => (
    <>
      Diese Erklärung wurde am {date} erstellt und zuletzt überprüft. Grundlage ist eine Selbstbewertung: automatische Prüfungen mit axe-core (Regeln der WCAG 2.0 und 2.1,
      Stufen A und AA) der Kartenansicht, einer Ebenenseite, der Qualitätsübersicht und dieser Seite, jeweils am Desktop (1000 × 700 Pixel) und in Smartphone-Größe
      (375 × 667 Pixel), bei jeder Änderung des Geoportals; ergänzt durch manuelle Prüfungen der Bedienung allein mit der Tastatur, der Fokusführung beim Seitenwechsel, der
      Seitentitel und der Darstellung bei Vergrößerung.
    </>
  ),
  feedback: 'Feedback und Kontakt',
  feedbackText:
    'Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten des Geoportals aufgefallen, oder benötigen Sie Informationen in einer barrierefreien Form? Dann wenden Sie sich bitte an:',
  placeholder: 'Platzhalter – die Stadt Soest trägt hier die zuständige Kontaktstelle ein (Name, E-Mail-Adresse, Telefonnummer; in catalog.json unter „accessibility.contact“).',
  enforcement: 'Durchsetzungsverfahren',
  enforcementText: [
    'Wenn auch nach Ihrer Rückmeldung an die oben genannte Kontaktstelle keine zufriedenstellende Lösung gefunden wurde, können Sie sich an die Ombudsperson für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden.',
    'Die Ombudsperson hat die Aufgabe, bei Konflikten zwischen Menschen mit Behinderungen und öffentlichen Stellen in Nordrhein-Westfalen zum Thema barrierefreie Informationstechnik eine außergerichtliche Streitbeilegung zu unterstützen. Das Verfahren ist kostenlos; ein Rechtsbeistand ist nicht erforderlich.',
    'Die aktuellen Kontaktdaten der Ombudsperson veröffentlicht das Land Nordrhein-Westfalen.',
  ],
}

const en: Texts = {
  intro: (title) => (
    <>
      The City of Soest endeavours to make its geoportal “{title}” accessible in accordance with the Disability Equality Act of North Rhine-Westphalia (BGG NRW) and the
      Accessible Information Technology Ordinance of North Rhine-Westphalia (BITV NRW). This statement applies to the geoportal with its map view, layer pages, quality
      dashboard and this page.
    </>
  ),
  compliance: 'Compliance status',
  complianceText: (
    <>
      This geoportal is <strong>partially compliant</strong> with the requirements (BITV NRW, European standard EN 301 549, WCAG 2.1 level AA) due to the exceptions listed
      below.
    </>
  ),
  notAccessible: 'Non-accessible content',
  notAccessibleIntro: 'The following content is not accessible, or only in part:',
  items: [
    {
      issue:
        'The map image itself is a graphic: the position, shape and colour of features cannot be perceived with a screen reader. Selecting features on the map needs a mouse or a touch screen; the map can, however, be panned with the arrow keys and zoomed with + and −.',
      alternative:
        'Alternatives: the table of the features in view (text, keyboard operable), the layer pages with description, attributes and quality report as text, and the downloads (CSV and GeoJSON for vector layers).',
    },
    {
      issue: 'Raster layers (e.g. elevation models) show values only as coloured areas; single values appear only after a click on the map.',
      alternative: 'Alternative: the download of the raster data (Cloud-Optimized GeoTIFF) for analysis in your own software; description and value range on the layer page.',
    },
    {
      issue:
        'Map colours: classes and categories are told apart on the map by colour alone; labels and base maps of other providers do not always reach sufficient contrast.',
      alternative: 'Alternative: the legend names every colour as text; the feature information and the feature table show values as text.',
    },
    {
      issue:
        'The data files FlatGeobuf and GeoTIFF are specialist formats, not accessible documents. Findings of the quality report are worded by the publishing program in technical English.',
      alternative: 'Alternative: the CSV file for spreadsheets; the criteria, severities and counts of the quality report are translated.',
    },
    {
      issue: 'Information about the geoportal in Easy Read German (Leichte Sprache) and German Sign Language is not offered at present.',
      alternative: 'Please contact the office named below if you need information in one of these forms.',
    },
  ],
  preparation: 'Preparation of this accessibility statement',
  preparationText: (date) => (
    <>
      This statement was prepared and last reviewed on {date}. It is based on a self-assessment: automated checks with axe-core (WCAG 2.0 and 2.1 rules, levels A and AA) of
      the map view, a layer page, the quality dashboard and this page, each on a desktop (1000 × 700 pixels) and at smartphone size (375 × 667 pixels), on every change of the
      geoportal; complemented by manual checks of keyboard-only operation, focus management when pages change, page titles and display when zoomed.
    </>
  ),
  feedback: 'Feedback and contact',
  feedbackText: 'Have you noticed barriers to accessing content of the geoportal, or do you need information in an accessible form? Please contact:',
  placeholder: 'Placeholder – the City of Soest enters the responsible contact here (name, e-mail address, telephone number; in catalog.json under “accessibility.contact”).',
  enforcement: 'Enforcement procedure',
  enforcementText: [
    'If no satisfactory solution has been found after your feedback to the contact above, you can turn to the Ombudsperson for accessible information technology of the State of North Rhine-Westphalia.',
    'The Ombudsperson supports out-of-court dispute resolution between people with disabilities and public bodies in North Rhine-Westphalia on accessible information technology. The procedure is free of charge; no legal representation is needed.',
    'The current contact details of the Ombudsperson are published by the State of North Rhine-Westphalia.',
  ],
}

export function AccessibilityStatement({ portalTitle, contact }: AccessibilityStatementProps) {
  const { t, lang } = useI18n()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const x = lang === 'de' ? de : en
  const date = formatDate(STATEMENT_DATE, lang, { day: 'numeric', month: 'long', year: 'numeric' })
  return (
    <article className="statement" aria-labelledby="a11y-title" data-testid="accessibility-statement">
      <h2 id="a11y-title" ref={heading} tabIndex={-1}>
        {t('a11yTitle')}
      </h2>
      <p>{x.intro(portalTitle)}</p>
      <section aria-labelledby="a11y-compliance">
        <h3 id="a11y-compliance">{x.compliance}</h3>
        <p>{x.complianceText}</p>
      </section>
      <section aria-labelledby="a11y-not-accessible">
        <h3 id="a11y-not-accessible">{x.notAccessible}</h3>
        <p>{x.notAccessibleIntro}</p>
        <ul>
          {x.items.map((i) => (
            <li key={i.issue}>
              {i.issue} {i.alternative}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a11y-preparation">
        <h3 id="a11y-preparation">{x.preparation}</h3>
        <p>{x.preparationText(date)}</p>
      </section>
      <section aria-labelledby="a11y-feedback">
        <h3 id="a11y-feedback">{x.feedback}</h3>
        <p>{x.feedbackText}</p>
        <Contact contact={contact} placeholder={x.placeholder} />
      </section>
      <section aria-labelledby="a11y-enforcement">
        <h3 id="a11y-enforcement">{x.enforcement}</h3>
        {x.enforcementText.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </section>
    </article>
  )
}
