#!/usr/bin/env node
// Starts the bundle (dist/bundle, built by `npm run build`) when it is at least as new as the
// compiled sources, else the compiled sources themselves: a bundle left over from an older build
// must never serve code that has since changed.
import { statSync } from 'node:fs';

const mtime = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime('../dist/bundle/specshift.js');
const entry = bundled >= 0 && bundled >= mtime('../dist/src/cli/main.js') ? '../dist/bundle/specshift.js' : '../dist/src/cli/main.js';
const { main } = await import(entry);

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`specshift: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  },
);
