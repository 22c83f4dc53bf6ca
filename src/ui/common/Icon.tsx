// Small inline icons. SVG rather than symbol characters: fonts on city workstations and phones lack some symbols
// (ⓘ showed as an empty box), and an SVG follows the text colour and size. Always decorative: the button carries
// the accessible name.
const PATHS = {
  info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm-1 6v8h2v-8h-2Zm0-4v2h2V6h-2Z',
  zoom: 'M4 4h6v2H7.4l4.3 4.3-1.4 1.4L6 7.4V10H4V4Zm16 16h-6v-2h2.6l-4.3-4.3 1.4-1.4 4.3 4.3V14h2v6Z',
  // layout (issue #15): bottom-sheet steps, the phone header's menu button
  up: 'M12 7l7 8H5z',
  down: 'M12 17l7-8H5z',
  menu: 'M3 6h18v2H3V6Zm0 5h18v2H3v-2Zm0 5h18v2H3v-2Z',
  close: 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6 6.4 5Z',
} as const

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="1.1em" height="1.1em" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  )
}
