// Address search I/O (issue #15): the manifests (search.json) of every layer with an address or street index,
// fetched when the place search is first wanted (never before the first view), and the shards a typed query needs,
// each fetched once. The matching is src/catalog/addresses.ts; this only feeds its AddressIndex.
import { AddressIndex } from '../catalog/addresses.ts'
import { parseSearchManifest, parseSearchShard, shardFileName } from '../model/addresses.ts'
import type { Catalog } from '../model/catalog.ts'
import type { AddressSearchSource } from '../ui/search/searchHooks.ts'

/** Implements the place search's AddressSearchSource (src/ui/search/searchHooks.ts). */
export class AddressLoader implements AddressSearchSource {
  readonly index = new AddressIndex()
  version = 0
  failed: string[] = []
  /** Bytes fetched so far (the benchmark's "bytes until the first result"). */
  bytes = 0
  private readonly layers: { id: string; href: string }[]
  private readonly inFlight = new Set<string>()
  private readonly done = new Set<string>()
  private manifests: Promise<void> | undefined
  private manifestsPending = 0

  constructor(
    catalog: Catalog,
    private readonly catalogUrl: string,
    private readonly onChange: () => void,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {
    this.layers = catalog.layers.flatMap((l) => (l.kind === 'vector' && l.searchHref ? [{ id: l.id, href: l.searchHref }] : []))
  }

  get available(): boolean {
    return this.layers.length > 0
  }

  private async json(href: string): Promise<unknown> {
    const res = await this.fetchFn(new URL(href, this.catalogUrl).href)
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const text = await res.text()
    this.bytes += new TextEncoder().encode(text).length
    return JSON.parse(text)
  }

  private changed() {
    this.version++
    this.onChange()
  }

  /** Loads the manifests (once). */
  start(): Promise<void> {
    this.manifests ??= Promise.all(
      this.layers.map(async (l) => {
        this.manifestsPending++
        try {
          this.index.setManifest(l.id, parseSearchManifest(await this.json(l.href), l.id))
        } catch {
          this.failed = [...this.failed, l.id]
        } finally {
          this.manifestsPending--
          this.changed()
        }
      }),
    ).then(() => undefined)
    return this.manifests
  }

  request(query: string): void {
    void this.start()
    for (const { layerId, shard } of this.index.missing(query)) {
      const key = `${layerId}/${shard}`
      if (this.inFlight.has(key) || this.done.has(key)) continue
      const layer = this.layers.find((l) => l.id === layerId)!
      const href = `${layer.href.slice(0, layer.href.lastIndexOf('/') + 1)}${shardFileName(shard)}`
      this.inFlight.add(key)
      void this.json(href)
        .then((json) => this.index.addShard(layerId, shard, parseSearchShard(json, href)))
        .catch(() => {
          if (!this.failed.includes(layerId)) this.failed = [...this.failed, layerId]
        })
        .finally(() => {
          this.inFlight.delete(key)
          this.done.add(key)
          this.changed()
        })
    }
  }

  pending(query: string): boolean {
    return this.manifestsPending > 0 || this.manifests === undefined || this.index.missing(query).some((s) => !this.done.has(`${s.layerId}/${s.shard}`))
  }
}
