import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpRangeSource } from './http.ts'

// A real HTTP server on loopback: a file with Range support, one path that never answers, one that is missing.
const FILE = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))
let server: http.Server
let base: string
const stalled: http.ServerResponse[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/stall.pmtiles') return void stalled.push(res)
    if (req.url !== '/file.bin') return void res.writeHead(404).end()
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
    if (!m) return void res.writeHead(200, { 'Content-Length': FILE.length }).end(FILE)
    const [start, end] = [Number(m[1]), Math.min(Number(m[2]), FILE.length - 1)]
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${FILE.length}` }).end(FILE.subarray(start, end + 1))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const r of stalled) r.destroy()
  await new Promise((resolve) => server.close(resolve))
})

describe('HttpRangeSource', () => {
  it('reads byte ranges with the total size', async () => {
    const s = new HttpRangeSource(`${base}/file.bin`, { timeoutMs: 10_000 })
    expect(s.key).toBe(`${base}/file.bin`)
    const r = await s.read(100, 50)
    expect(Buffer.from(r.bytes).equals(FILE.subarray(100, 150))).toBe(true)
    expect(r.totalSize).toBe(1000)
    expect((await s.read(990, 50)).bytes.length).toBe(10)
  })

  it('names the file when the server refuses, and gives up on a server that does not answer', async () => {
    await expect(new HttpRangeSource(`${base}/missing.pmtiles`).read(0, 10)).rejects.toThrow(/HTTP 404 for .*missing\.pmtiles/)
    await expect(new HttpRangeSource(`${base}/stall.pmtiles`, { timeoutMs: 1000 }).read(0, 10)).rejects.toThrow(/stall\.pmtiles: no answer within 1 s/)
  })
})
