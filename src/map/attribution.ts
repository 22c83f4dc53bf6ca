// The attribution (issue #15): MapLibre's own control, always in full (compact: false), inside a wrapper that adds
// an ⓘ button. On phones (CSS, max-width 700px: the same breakpoint as src/ui/common/media.ts) only the button
// shows and opens the text as a box that never reaches over the scale bar; on wider screens the button is hidden
// and the text always shown. MapLibre's own compact mode starts open and closes on the first drag; this one starts
// closed and is a plain button with aria-expanded.
import * as maplibregl from 'maplibre-gl'

export class CompactAttribution implements maplibregl.IControl {
  private readonly inner = new maplibregl.AttributionControl({ compact: false })
  private box: HTMLElement | null = null
  private map: maplibregl.Map | null = null
  private readonly close = () => this.setOpen(false)

  constructor(private readonly label: string) {}

  onAdd(map: maplibregl.Map): HTMLElement {
    this.map = map
    const box = document.createElement('div')
    box.className = 'maplibregl-ctrl geoportal-attrib'
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'geoportal-attrib-button'
    button.title = this.label
    button.setAttribute('aria-label', this.label)
    button.setAttribute('aria-expanded', 'false')
    button.innerHTML =
      '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm-1 6v8h2v-8h-2Zm0-4v2h2V6h-2Z"/></svg>'
    button.addEventListener('click', () => this.setOpen(!box.classList.contains('open')))
    box.appendChild(button)
    const text = this.inner.onAdd(map)
    text.id = `geoportal-attrib-${Math.random().toString(36).slice(2)}`
    button.setAttribute('aria-controls', text.id)
    box.appendChild(text)
    this.box = box
    // Moving the map closes the box, as MapLibre's compact attribution does.
    map.on('dragstart', this.close)
    return box
  }

  onRemove(): void {
    this.map?.off('dragstart', this.close)
    this.inner.onRemove()
    this.box?.remove()
    this.box = this.map = null
  }

  getDefaultPosition(): maplibregl.ControlPosition {
    return 'bottom-right'
  }

  private setOpen(open: boolean) {
    this.box?.classList.toggle('open', open)
    this.box?.querySelector('button')?.setAttribute('aria-expanded', String(open))
  }
}
