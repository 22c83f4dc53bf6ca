// Progress for long conversions: phase names with elapsed time on stderr, only for a person watching (a TTY,
// or --progress). Scripts keep the contract of one error line on stderr.

export type ProgressFn = (phase: string) => void

export function progressReporter(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  if (!enabled) return () => {}
  const start = performance.now()
  let last: string | null = null
  return (phase) => {
    const t = ((performance.now() - start) / 1000).toFixed(1)
    if (last) stream.write(' done\n')
    if (phase === 'finished') {
      stream.write(`[${t.padStart(5)} s] finished\n`)
      last = null
      return
    }
    last = phase
    stream.write(`[${t.padStart(5)} s] ${phase} …`)
  }
}
