// Registers the service worker (src/sw/sw.ts, built to sw.js next to index.html) in production builds. Called
// after the first map view is drawn, so that installing it never competes with that view for the network.

let registered = false

/** layerUrls: the layer files of the view just drawn, to keep for offline use (asked for once). */
export function registerServiceWorker(layerUrls: () => string[]): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return
  registered = true
  const controlledFromStart = !!navigator.serviceWorker.controller
  // Relative to the page: the worker's scope is the site's folder, at the root or under any sub-path.
  navigator.serviceWorker
    .register(new URL('sw.js', document.baseURI))
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      if (controlledFromStart) return
      // First visit: what this page loaded before the worker took over did not pass through it. Hand over the
      // layer files in view (read by the vector worker, so not in this page's resource timing) and what the
      // page itself fetched (catalog.json, chunks loaded on demand), so that the map just opened stays
      // available offline.
      const fetched = performance.getEntriesByType('resource').map((e) => e.name)
      const urls = [...layerUrls(), ...fetched].filter((u) => u.startsWith(reg.scope))
      reg.active?.postMessage({ type: 'geoportal-warm', urls })
    })
    .catch((e: unknown) => console.warn('service worker not registered:', e))
}
