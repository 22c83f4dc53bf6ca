// Synchronous or asynchronous reads (see bytes.ts): synchronous on local disks, where a read from the page cache
// takes microseconds and the thread-pool round trip of an asynchronous one costs more; asynchronous on network
// shares, where each call waits for the server and only many calls in flight hide that latency.
import { statfsSync } from 'node:fs'

export type IoMode = 'sync' | 'async' | 'auto'

/** statfs magic numbers of network and FUSE file systems (linux/magic.h; FUSE covers sshfs, rclone, …). */
const NETWORK_FS = new Set([
  0x6969, // NFS
  0x517b, // SMB
  0xff534d42, // CIFS
  0xfe534d42, // SMB2
  0x65735546, // FUSE
  0x01021997, // 9p
  0x00c36400, // Ceph
  0x5346414f, // AFS
  0x47504653, // GPFS
  0x0bd00bd0, // Lustre
])

export function isNetworkFs(path: string): boolean {
  try {
    return NETWORK_FS.has(statfsSync(path).type)
  } catch {
    return true // unknown: the careful choice
  }
}

/** Synchronous reads only when every root is on a local file system (a share mounted deeper is read the same way). */
export function chooseSync(mode: IoMode, roots: string[]): boolean {
  if (mode !== 'auto') return mode === 'sync'
  return !roots.some(isNetworkFs)
}
