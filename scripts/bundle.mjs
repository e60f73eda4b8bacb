// Bundles the compiled server (dist/src) into one CommonJS file, dist/bundle/specshift.cjs, which
// bin/specshift.js starts when it is current, and which `import 'specshift'` loads for the harness
// (src/package-entry.ts; the entry, src/bundle-entry.ts, exports both). Why: on the 2-core development VM, node spends most of
// a cold start resolving, reading and compiling ~200 separate modules (fastify and its
// dependencies, pino, specshift's own); one file starts ~110 ms sooner (bench/README.md). CommonJS,
// not ESM, so that bin/load-bundle.js can compile it with a V8 code cache (node 20 has none for ES
// modules): compiling the bundle was ~60 ms of every start.
// Native and lazily needed packages stay outside: better-sqlite3 (a native addon), pg (only with
// --database-url) and ajv (only when a world file is validated).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lazyRequires } from './lazy-requires.mjs';
import { routerClosures } from './router-closures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/bundle-entry.js'],
  outfile: 'dist/bundle/specshift.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'ajv', 'ajv/*'],
  // the sources locate the package's files (paths.ts) and resolve packages (createRequire) from
  // import.meta.url, which CommonJS lacks: it becomes the bundle's own file URL
  define: { 'import.meta.url': '__specshiftBundleUrl' },
  banner: { js: "const __specshiftBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // modules the dependencies load at start but specshift never uses are loaded on first use
  // (lazy-requires.mjs); the router's per-route functions are closures, not compiled source (router-closures.mjs)
  plugins: [lazyRequires(root), routerClosures(root)],
  logLevel: 'warning',
});
