// Names as bytes: Windows shares deliver CP1252 names and some disks hold names that are no valid UTF-8.
// Paths stay Buffers for every file system call; strings are for display and matching only.
import { decodeWindows1252 } from '../readers/encoding.ts'

const utf8 = new TextDecoder('utf-8', { fatal: true })

export interface DecodedName {
  text: string
  /** false when the bytes are not UTF-8 and were shown as CP1252 */
  valid: boolean
}

export function decodeName(b: Buffer): DecodedName {
  // ASCII fast path: most names on a drive are plain.
  let ascii = true
  for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) {
    ascii = false
    break
  }
  if (ascii) return { text: b.toString('latin1'), valid: true }
  try {
    return { text: utf8.decode(b), valid: true }
  } catch {
    // Not TextDecoder('windows-1252'): Node's maps 0x80–0x9F (€, „, “ …) to C1 control characters.
    return { text: decodeWindows1252(b), valid: false }
  }
}

export const SLASH = Buffer.from('/')

export function join(dir: Buffer, name: Buffer): Buffer {
  return dir[dir.length - 1] === 0x2f ? Buffer.concat([dir, name]) : Buffer.concat([dir, SLASH, name])
}

/** Lower-case extension after the last dot ("" without one); ".aux.xml" counts as one extension. */
export function extensionOf(lower: string): string {
  if (lower.endsWith('.aux.xml')) return 'aux.xml'
  if (lower.endsWith('.shp.xml')) return 'shp.xml'
  const dot = lower.lastIndexOf('.')
  return dot > 0 ? lower.slice(dot + 1) : ''
}

export function stemOf(lower: string, ext: string): string {
  return ext ? lower.slice(0, lower.length - ext.length - 1) : lower
}
