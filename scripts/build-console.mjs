// Builds the console (console/: Preact + TypeScript) into dist/console: one minified script, its
// stylesheet, the page and the icon. Run by `npm run build`; specshift serves the result as static
// files and builds nothing at run time.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/console`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['console/src/main.tsx'],
  outfile: `${out}/console.js`,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const f of ['index.html', 'console.css', 'favicon.svg']) copyFileSync(`${root}console/${f}`, `${out}/${f}`);
