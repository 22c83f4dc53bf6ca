// One breakpoint for the whole UI: below it the map fills the screen and the panel, feature information and tools
// live in bottom sheets (issue #15). CSS uses the same width (styles.css, @media (max-width: 700px)).
import { useSyncExternalStore } from 'react'

export const PHONE_QUERY = '(max-width: 700px)'

// One subscribe function per query, so that React does not resubscribe on every render.
const subscribers = new Map<string, (notify: () => void) => () => void>()
function subscribe(query: string) {
  let s = subscribers.get(query)
  if (!s) subscribers.set(query, (s = makeSubscribe(query)))
  return s
}

function makeSubscribe(query: string) {
  return (notify: () => void) => {
    if (typeof matchMedia !== 'function') return () => {}
    const m = matchMedia(query)
    m.addEventListener('change', notify)
    return () => m.removeEventListener('change', notify)
  }
}

/** Whether a media query matches now; re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(subscribe(query), () => typeof matchMedia === 'function' && matchMedia(query).matches, () => false)
}

/** Phone layout (PHONE_QUERY). */
export const usePhone = () => useMediaQuery(PHONE_QUERY)
