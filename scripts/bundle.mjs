// Bundles the compiled server (dist/src) into dist/bundle, which bin/specshift.js starts when it is
// current. Why: on the 2-core development VM, node spends most of a cold start resolving, reading
// and compiling ~200 separate modules (fastify and its dependencies, pino, specshift's own);
// one file and a lazily loaded chunk per dynamic import start ~110 ms sooner (bench/README.md).
// Native and lazily needed packages stay outside: better-sqlite3 (a native addon), pg (only with
// --database-url) and ajv (only when a world file is validated).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { specshift: 'dist/src/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  // dynamic imports (the PostgreSQL engine) become chunks loaded only when asked for
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'ajv', 'ajv/*'],
  // bundled CommonJS packages call require() for node built-ins, which ESM output lacks
  banner: { js: "import { createRequire as __specshiftCreateRequire } from 'node:module'; const require = __specshiftCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
