#!/usr/bin/env node
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
