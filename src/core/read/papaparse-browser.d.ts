// The browser build of papaparse: its Node `main` requires 'stream' (for Papa's Duplex), which a
// platform-neutral bundle (Apps Script, dialog) cannot resolve. Same API, same types.
declare module 'papaparse/papaparse.min.js' {
  import Papa from 'papaparse';
  export default Papa;
}
