// The bundle's entry (scripts/bundle.mjs): the command line, which bin/specshift.js starts, and the
// package's API, which `import 'specshift'` loads (package-entry.ts). One file and one code cache
// serve both; what the API adds to the command line's modules is the harness (~15 KB).
export { main } from './cli/main.js';
export * from './index.js';
