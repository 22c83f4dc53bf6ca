// A disclosure (menu button + its list) closes on Escape, with focus back on its button, and on a press outside
// both. Shared by the header menu and the phone tool menu.
import { useEffect, type RefObject } from 'react'

export function useDismiss(open: boolean, close: () => void, toggle: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      close()
      toggle.current?.focus()
    }
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node
      if (!content.current?.contains(target) && !toggle.current?.contains(target)) close()
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onDown)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onDown)
    }
  }, [open, close, toggle, content])
}
