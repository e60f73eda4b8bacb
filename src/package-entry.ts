// What `import 'specshift'` loads (package.json "exports"): the API of index.ts, taken from the
// bundle (dist/bundle/specshift.cjs, one CommonJS file) when it is current, else from the compiled
// sources. Why: importing the sources loads ~200 ES modules (fastify and its dependencies, pino,
// specshift's own), ~390 ms of a test file's start on the development VM before its first
// startSpecshift(); requiring the one file took ~120-160 ms (bench/README.md, sixteenth pass).
// The types are index.ts's (package.json "types"); a test holds the two export lists equal.
//
// In node's main context (node --test, Vitest's default pools, a script) it is compiled with
// bin/load-bundle.js's V8 code cache, as the command line is (~40 ms less again). A runner that
// gives each test file a context of its own (Jest, Vitest's vmThreads) gets it through that
// context's own require instead: load-bundle.js compiles in the main context, and its objects
// would be of another realm there (an error failing the test's `instanceof Error`).
//
// Which file serves: bundle-choice.ts (bin/specshift.js's rule; SPECSHIFT_NO_BUNDLE=1 takes the
// sources, for stack traces that name them).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { bundleServes } from './bundle-choice.js';

type Api = typeof import('./index.js');

const mtime = (rel: string): number => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};

const BUNDLE = '../bundle/specshift.cjs';

async function fromBundle(): Promise<Api> {
  if (vm.runInThisContext('globalThis') !== globalThis) {
    // as load-bundle.js says which cache it used
    if (process.env.SPECSHIFT_DEBUG_CODE_CACHE) process.stderr.write('specshift: code cache not used (a context of its own)\n');
    return createRequire(import.meta.url)(BUNDLE) as Api;
  }
  // bin/ is beside dist/ in the package (and outside what tsc compiles): its loader has no types
  const loader = (await import(new URL('../../bin/load-bundle.js', import.meta.url).href)) as { loadBundle(file: string, opts: { cacheAtExit: boolean }): Api };
  // a test file's process often ends within the second the command line waits before writing it
  return loader.loadBundle(fileURLToPath(new URL(BUNDLE, import.meta.url)), { cacheAtExit: true });
}

const api: Api = bundleServes({ bundle: mtime(BUNDLE), sources: mtime('./index.js'), checkout: mtime('../../tsconfig.json') >= 0 })
  ? await fromBundle()
  : await import('./index.js');

export const { startSpecshift, connectSpecshift, Specshift, SpecshiftControlError, WorldView } = api;
