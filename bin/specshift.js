#!/usr/bin/env node
// Starts the bundle (dist/bundle, built by `npm run build`) when it is current, else the compiled
// sources themselves. In a checkout (tsconfig.json beside bin/) a bundle older than the compiled
// sources is left over from an earlier build and must never serve code that has since changed. An
// installed package has no tsconfig.json: its bundle and sources come from one tarball, and npm
// does not keep their modification times (the bundle, unpacked first, reads older), so there the
// bundle always serves. The bundle is loaded with a V8 code cache (load-bundle.js).
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
const checkout = mtime('../tsconfig.json') >= 0;
const { main } =
  bundled >= 0 && (!checkout || bundled >= mtime('../dist/src/cli/main.js'))
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
