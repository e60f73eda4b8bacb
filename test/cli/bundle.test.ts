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

// scripts/router-closures.mjs: the router's per-route functions are closures in the bundle, not
// source compiled with `new Function` (543 of them, ~13 ms of a start); routing answers as before
test('the bundled server compiles no router functions at start, and routes static, parametric, HEAD and unknown paths', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-router-'));
  const script = `
    const made = [];
    const F = Function;
    globalThis.Function = new Proxy(F, { construct: (t, args) => (made.push(String(args[0])), Reflect.construct(t, args)) });
    const { loadBundle } = await import(${JSON.stringify(join(root, 'bin', 'load-bundle.js'))});
    const { main } = loadBundle(${JSON.stringify(join(root, 'dist', 'bundle', 'specshift.cjs'))});
    let banner = '';
    process.stdout.write = (s) => ((banner += s), true);
    await main(['serve', '--host', '127.0.0.1', '--port', '0', '--data', ${JSON.stringify(join(dir, 'data'))}, '--timing', 'manual']);
    const url = /listening on (http:\\/\\/\\S+)/.exec(banner)[1];
    const id = 'a0c1e2f3-0001-4a5b-8c6d-000000000001';
    const one = await fetch(url + '/_specshift/servers/' + id);
    const head = await fetch(url + '/_specshift/servers/' + id, { method: 'HEAD' });
    const missing = await fetch(url + '/_specshift/servers/nope');
    const unrouted = await fetch(url + '/_specshift/no-such-thing');
    const clock = await fetch(url + '/_specshift/clock');
    process.stderr.write(JSON.stringify({
      made,
      one: [one.status, (await one.json()).id],
      head: [head.status, (await head.text()).length],
      missing: missing.status,
      unrouted: unrouted.status,
      clock: clock.status,
    }) + '\\n');
    process.exit(0);
  `;
  try {
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root }).catch((e) => e);
    const said = JSON.parse(String(r.stderr).trim().split('\n').pop()!) as Record<string, unknown>;
    assert.deepEqual(said, {
      made: [],
      one: [200, 'a0c1e2f3-0001-4a5b-8c6d-000000000001'],
      head: [200, 0],
      missing: 404,
      unrouted: 404,
      clock: 200,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the router patch applies only to the text it pinned: a changed function fails the build', async () => {
  const { applyRouterClosures } = (await import(join(root, 'scripts', 'router-closures.mjs'))) as { applyRouterClosures: (file: string, text: string) => string };
  const { readFileSync } = await import('node:fs');
  const file = 'node_modules/find-my-way/lib/handler-storage.js';
  const text = readFileSync(join(root, file), 'utf8');
  assert.doesNotMatch(applyRouterClosures(file, text), /new Function/);
  assert.throws(() => applyRouterClosures(file, text.replace('let candidates', 'let  candidates')), /no longer holds the text pinned/);
});
