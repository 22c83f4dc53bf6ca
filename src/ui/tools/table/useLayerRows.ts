// The attribute table's rows: the whole layer streamed from its FlatGeobuf (the same generator as the layer page's
// whole-layer export), shown as the chunks arrive. Rows keep the file's EPSG:25832 geometry and their position in
// the file (the feature id of quality findings and of the share link).
import { useEffect, useState } from 'react'
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { VectorLayerEntry } from '../../../model/catalog.ts'
import { geometryBBox } from '../../../projection/geometry.ts'
import type { TableRow } from '../../../tools/table/query.ts'

export interface LayerRows {
  /** Grows while loading; `version` changes with every chunk. */
  rows: TableRow[]
  version: number
  header: HeaderMeta | null
  columns: string[]
  loading: boolean
  /** Features read so far and in the file. */
  done: number
  total: number | null
  error?: string
}

const EMPTY: LayerRows = { rows: [], version: 0, header: null, columns: [], loading: false, done: 0, total: null }

export function useLayerRows(layer: VectorLayerEntry | undefined, catalogUrl: string): LayerRows {
  const [state, setState] = useState<LayerRows>(EMPTY)
  useEffect(() => {
    if (!layer) {
      setState(EMPTY)
      return
    }
    const abort = new AbortController()
    const rows: TableRow[] = []
    let header: HeaderMeta | null = null
    let columns: string[] = []
    let version = 0
    let shownRows = 0
    let shownAt = 0
    setState({ ...EMPTY, loading: true, total: layer.featureCount })
    const publish = (loading: boolean, error?: string) => {
      if (!abort.signal.aborted) setState({ rows, version: ++version, header, columns, loading, done: rows.length, total: layer.featureCount, error })
    }
    void (async () => {
      try {
        // Loaded when the table first opens: not part of the first view's JavaScript.
        const { streamLayerFeatures } = await import('../../../sources/vector/fgbFeatures.ts')
        const features = streamLayerFeatures(new URL(layer.href, catalogUrl).href, {
          signal: abort.signal,
          chunk: 5000,
          onHeader: (h) => {
            header = h
            columns = (h.columns ?? []).map((c) => c.name)
          },
          onProgress: (p) => {
            // The first decoded rows are shown at once; later ones at most four times a second, since every update
            // re-runs the table's query over all rows so far.
            if (p.phase !== 'convert' || rows.length === shownRows) return
            const now = performance.now()
            if (shownRows > 0 && now - shownAt < 250) return
            shownRows = rows.length
            shownAt = now
            publish(true)
          },
        })
        for await (const f of features) rows.push({ id: f.id, properties: f.properties, geometry: f.geometry, bbox: f.geometry ? geometryBBox(f.geometry) : null })
        publish(false)
      } catch (e) {
        if ((e as Error).name !== 'AbortError') publish(false, (e as Error).message)
      }
    })()
    return () => abort.abort()
  }, [layer, catalogUrl])
  return state
}
