// A child process for the codec fuzzer and the bomb test (codecs.ts, codecBombs.test.ts): decodes one GeoTIFF at a
// time through the publisher (prepareRasterLayer, from memory) and the portal's reader (CogReader over HTTP,
// every pixel of the full-resolution image and of the coarsest overview), and answers with each outcome and the
// process's peak resident memory. The parent kills it on a hang or runaway memory.
import { readFileSync } from 'node:fs'
import { prepareRasterLayer } from '../../cli/publish/raster.ts'
import { InputError } from '../../cli/readers/errors.ts'
import { Projections } from '../../src/projection/registry.ts'
import { CogReader, MAX_WINDOW_PIXELS } from '../../src/sources/raster/read/cog.ts'

export interface CodecCase {
  id: number
  file: string
  url: string
  name: string
  readerTimeoutMs: number
}

export interface CodecOutcome {
  ok: boolean
  message?: string
  /** An error naming the file that is not a parser's internal TypeError/RangeError. */
  clean?: boolean
}

export type CodecWorkerMessage =
  | { type: 'ready' }
  | { type: 'begin'; id: number; target: 'publisher' | 'portal' }
  | { type: 'result'; id: number; publisher: CodecOutcome; portal: CodecOutcome; maxRssMb: number; unhandled: string[] }

const send = (m: CodecWorkerMessage) => process.send!(m)
const projections = new Projections()
let unhandled: string[] = []
process.on('unhandledRejection', (e) => unhandled.push(String((e as Error)?.message ?? e)))
process.on('uncaughtException', (e) => unhandled.push(`uncaught: ${e?.message ?? e}`))

function outcome(e: unknown, name: string, publisher: boolean): CodecOutcome {
  const err = e instanceof Error ? e : new Error(String(e))
  const internal = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'].includes(err.constructor.name) || !(e instanceof Error)
  const clean = publisher ? e instanceof InputError && err.message.includes(name) : !internal && err.message.includes(name)
  return { ok: false, message: err.message.slice(0, 400), clean }
}

async function portal(c: CodecCase): Promise<void> {
  const reader = await CogReader.open(c.url, c.readerTimeoutMs)
  for (const level of new Set([reader.levels[0], reader.levels[reader.levels.length - 1]])) {
    const side = Math.floor(Math.sqrt(MAX_WINDOW_PIXELS))
    const win: [number, number, number, number] = [0, 0, Math.min(level.width, side), Math.min(level.height, side)]
    await (reader.samples >= 3 ? reader.readPixels(level, win) : reader.readWindow(level, win))
  }
}

async function run(c: CodecCase): Promise<void> {
  unhandled = []
  const bytes = new Uint8Array(readFileSync(c.file))
  const results: CodecOutcome[] = []
  for (const target of ['publisher', 'portal'] as const) {
    send({ type: 'begin', id: c.id, target })
    try {
      if (target === 'publisher') await prepareRasterLayer(bytes, { id: 'fuzz', file: c.name, metadata: { title: 'Fuzz', access: 'public' }, projections })
      else await portal(c)
      results.push({ ok: true })
    } catch (e) {
      results.push(outcome(e, c.name, target === 'publisher'))
    }
  }
  send({ type: 'result', id: c.id, publisher: results[0], portal: results[1], maxRssMb: process.resourceUsage().maxRSS / 1024, unhandled })
}

process.on('message', (c: CodecCase) => void run(c))
send({ type: 'ready' })
