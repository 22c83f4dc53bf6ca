import { statSync } from 'node:fs'
import path from 'node:path'
import { parse, UsageError, type Command } from '../args.ts'
import { extendProjections, KREIS_SOEST } from '../inventory/crs.ts'
import { duration } from '../inventory/progress.ts'
import { writeDrafts } from '../inventory/drafts.ts'
import { runInventory } from '../inventory/run.ts'
import type { IoMode } from '../inventory/io.ts'
import type { BBox } from '../inventory/types.ts'
import { loadProjections } from '../publish/input.ts'

const usage = `Usage: geoportal inventory <dir>… --out <dir> [options]

Walks the folders (local disks, mounted shares) and lists the geodata found in them by content: Shapefile sets,
GeoPackage, GeoJSON, KML/KMZ, GML/NAS, DXF/DWG, CSV/XLSX with coordinates, GeoTIFF and images with world
files, JPEG 2000, ECW, FlatGeobuf, LAS/LAZ, GPX, MBTiles, QGIS projects, zip archives. Writes
<out>/inventory.jsonl (one line per find) and <out>/summary-by-{folder,format,age,crs,problem}.csv.

Options:
  --out <dir>            output folder (created; holds a checkpoint in <out>/.inventory)
  --resume               continue an interrupted run from its checkpoint
  --stale-years <n>      flag finds not modified for n years (default 10; 0 = off)
  --area <x0,y0,x1,y1>   EPSG:25832 area finds should touch (default: Kreis Soest); "none" = off
  --follow-links         follow symbolic links to folders (loops are detected and reported)
  --concurrency <n>      folders read at the same time (default 8)
  --io <sync|async|auto> how files are read: sync on local disks, async (many reads in flight) on network
                         shares; auto (default) chooses by the file system of the folders named
  --expect-files <n>     number of files expected, for the ETA (e.g. from an earlier run)
  --progress / --no-progress  progress line on stderr (default: when stderr is a terminal)
  --draft-catalog <dir>  write metadata drafts (for geoportal publish --meta) for the finds chosen with
  --select <text>        (repeatable) a text in the path of a chosen find; with --resume after a finished run
                         only the drafts are made again`

export const inventoryCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        out: { type: 'string' },
        resume: { type: 'boolean' },
        'stale-years': { type: 'string' },
        area: { type: 'string' },
        'follow-links': { type: 'boolean' },
        concurrency: { type: 'string' },
        io: { type: 'string' },
        'expect-files': { type: 'string' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        'draft-catalog': { type: 'string' },
        select: { type: 'string', multiple: true },
      },
      usage,
    )
    if (!values.out) throw new UsageError(`missing --out\n${usage}`)
    if (!positionals.length) throw new UsageError(`name at least one folder to walk\n${usage}`)
    if (values['draft-catalog'] && !values.select?.length) throw new UsageError('--draft-catalog needs at least one --select <text> naming the finds to draft')
    for (const root of positionals) {
      let ok = false
      try {
        ok = statSync(root).isDirectory()
      } catch {
        /* reported below */
      }
      if (!ok) throw new UsageError(`${root}: not a folder`)
    }
    const int = (v: string | undefined, name: string, def: number) => {
      if (v === undefined) return def
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number ≥ 0, not "${v}"`)
      return n
    }
    let area: BBox | null = KREIS_SOEST
    if (values.area === 'none') area = null
    else if (values.area) {
      const b = values.area.split(',').map(Number)
      if (b.length !== 4 || !b.every(Number.isFinite) || b[0] >= b[2] || b[1] >= b[3]) throw new UsageError(`--area must be x0,y0,x1,y1 in EPSG:25832, not "${values.area}"`)
      area = b as BBox
    }
    const stale = int(values['stale-years'], '--stale-years', 10)
    const showProgress = values['no-progress'] ? false : (values.progress ?? process.stderr.isTTY === true)
    const result = await runInventory({
      roots: positionals,
      out: values.out,
      resume: values.resume ?? false,
      concurrency: Math.max(1, int(values.concurrency, '--concurrency', 8)),
      io: ioMode(values.io),
      followLinks: values['follow-links'] ?? false,
      area,
      staleYears: stale === 0 ? null : stale,
      expectFiles: values['expect-files'] ? int(values['expect-files'], '--expect-files', 0) : null,
      progress: showProgress ? process.stderr : null,
      checkpointSeconds: 5,
      projections: extendProjections(await loadProjections()),
      now: Date.now(),
    })
    const drafts = values['draft-catalog'] ? await writeDrafts(path.join(values.out, 'inventory.jsonl'), values['draft-catalog'], values.select ?? []) : null
    const c = result.counters
    console.log(
      `${c.files} files in ${c.dirs} folders: ${c.finds} finds (${c.problems} with problems), ${result.duplicates} duplicates, ` +
        `${result.versions} in version groups${result.resumed ? ', resumed from the checkpoint' : ''}, ${duration(result.seconds)} → ${values.out}/inventory.jsonl`,
    )
    if (drafts !== null) console.log(`${drafts} drafts → ${values['draft-catalog']}/drafts.jsonl`)
    return 0
  },
}

function ioMode(v: string | undefined): IoMode {
  if (v === undefined || v === 'auto' || v === 'sync' || v === 'async') return v ?? 'auto'
  throw new UsageError(`--io must be sync, async or auto, not "${v}"`)
}
