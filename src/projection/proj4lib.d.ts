// proj4's ES module sources (used by proj4Browser.ts) ship without declarations next to them.
declare module 'proj4/lib/*' {
  const value: any // eslint-disable-line @typescript-eslint/no-explicit-any
  export default value
}
