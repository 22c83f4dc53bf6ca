// Registers the service worker (src/sw/sw.ts, built to sw.js next to index.html) in production builds. Called
// after the first map view is drawn, so that installing it never competes with that view for the network.

// The worker's message and header names (src/sw/policy.ts), written out: an import would make the policy module a
// chunk shared with sw.js, which must be one classic script. serviceWorker.test.ts keeps the two the same.
export const CATALOG_CHECK = 'geoportal-catalog-check'
export const CATALOG_STORED_HEADER = 'X-Geoportal-Catalog-Stored'

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

/**
 * Is the catalog this page shows older than the one the service worker now keeps? `stamp`: the
 * CATALOG_STORED_HEADER of the page's catalog response — present only when the worker answered with its copy (the
 * network's answer is current). The worker answers once its background refresh has ended.
 */
export function catalogChanged(stamp: string | null): Promise<boolean> {
  const worker = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null
  if (!stamp || !worker) return Promise.resolve(false)
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e: MessageEvent<{ changed?: unknown }>) => resolve(e.data?.changed === true)
    worker.postMessage({ type: CATALOG_CHECK, stamp }, [channel.port2])
  })
}
