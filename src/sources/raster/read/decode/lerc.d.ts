// The part of the `lerc` package (Esri's LERC decoder, a dependency of geotiff.js) that register.ts uses.
declare module 'lerc' {
  const Lerc: {
    decode(input: ArrayBuffer, options?: { returnPixelInterleavedDims?: boolean }): { width: number; height: number; pixels: { buffer: ArrayBufferLike }[] }
  }
  export default Lerc
}
