// Starts `specshift serve` from the compiled sources instead of the bundle (bin/specshift.js
// prefers the bundle): the bench's CPU profile then names every function's own file, which is how
// lib/cpuprofile.ts tells the stages apart. The same code runs either way; only loading differs.
import { main } from '../src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`specshift: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
