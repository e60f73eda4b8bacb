// `npm run build` bundles the server and bin/specshift.js starts the bundle, so the child-process
// tests (CLI, crash cycles, snippets) run the code users run. A bundle older than the compiled
// sources is bypassed rather than served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

test('the build leaves a bundle at least as new as the compiled entry point', () => {
  const bundle = statSync(join(root, 'dist', 'bundle', 'specshift.cjs'));
  const compiled = statSync(join(root, 'dist', 'src', 'cli', 'main.js'));
  assert.ok(bundle.mtimeMs >= compiled.mtimeMs, 'npm run build bundles after compiling');
});

test('the bundled CLI answers like the compiled one', async () => {
  const viaBin = await run(process.execPath, [join(root, 'bin', 'specshift.js'), '--help'], { cwd: root }).catch((e) => e);
  const viaDist = await run(process.execPath, ['-e', `import(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'main.js'))}).then((m) => m.main(['--help'])).then((c) => process.exit(c))`], { cwd: root }).catch((e) => e);
  assert.equal(viaBin.stdout, viaDist.stdout);
  assert.ok(String(viaBin.stdout).includes('serve'));
});
