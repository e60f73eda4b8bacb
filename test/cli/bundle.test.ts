// `npm run build` bundles the server and bin/specshift.js starts the bundle, so the child-process
// tests (CLI, crash cycles, snippets) run the code users run. A bundle older than the compiled
// sources is bypassed rather than served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// scripts/lazy-requires.mjs: what fastify and prom-client require for HTTPS, HTTP/2, host-name
// listening and pushing metrics is loaded on first use, never by a plain `serve` (~9 ms of a start)
test('the bundled server starts without loading https, http2, tls or zlib, and serves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-lazy-'));
  const script = `
    const { loadBundle } = await import(${JSON.stringify(join(root, 'bin', 'load-bundle.js'))});
    const { main } = loadBundle(${JSON.stringify(join(root, 'dist', 'bundle', 'specshift.cjs'))});
    let banner = '';
    process.stdout.write = (s) => ((banner += s), true);
    await main(['serve', '--host', '127.0.0.1', '--port', '0', '--data', ${JSON.stringify(join(dir, 'data'))}, '--timing', 'manual']);
    const loaded = process.moduleLoadList.filter((m) => /^NativeModule (https|http2|tls|zlib)$/.test(m));
    const url = /listening on (http:\\/\\/\\S+)/.exec(banner)[1];
    const status = (await fetch(url + '/_specshift/clock')).status;
    process.stderr.write(JSON.stringify({ loaded, status }) + '\\n');
    process.exit(0);
  `;
  try {
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root }).catch((e) => e);
    const said = JSON.parse(String(r.stderr).trim().split('\n').pop()!) as { loaded: string[]; status: number };
    assert.deepEqual(said, { loaded: [], status: 200 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
