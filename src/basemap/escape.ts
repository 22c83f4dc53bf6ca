/** Text for MapLibre's attribution control, which renders HTML: escape so metadata stays text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
