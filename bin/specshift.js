#!/usr/bin/env -S node --single-threaded-gc
// --single-threaded-gc: V8's collector without its helper threads. specshift runs beside the
// clients it serves (a test suite, an SDK, a load generator) on the same few cores, and the helper
// threads woken at every young-generation collection cost more CPU than they save: a resize on the
// 2-core development VM took ~10% less server CPU with the flag (bench/README.md, tenth pass). It
// is a V8 option that must be on node's command line (set at run time it crashes the collector),
// so npm start, the Dockerfile and the test helpers pass it too (test/cli/node-flags.test.ts).
// Starts the bundle (dist/bundle, built by `npm run build`) when it is at least as new as the
// compiled sources, else the compiled sources themselves: a bundle left over from an older build
// must never serve code that has since changed. The bundle is loaded with a V8 code cache
// (load-bundle.js).
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.js';

const mtime = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime('../dist/bundle/specshift.cjs');
const { main } =
  bundled >= 0 && bundled >= mtime('../dist/src/cli/main.js')
    ? loadBundle(fileURLToPath(new URL('../dist/bundle/specshift.cjs', import.meta.url)))
    : await import('../dist/src/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`specshift: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  },
);
