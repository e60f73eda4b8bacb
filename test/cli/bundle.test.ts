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
// listening, plugin version checks and pushing metrics is loaded on first use, never by a plain
// `serve` (~9 ms of a start, and semver's ~4)
test('the bundled server starts without loading https, http2, tls, zlib or semver, and serves', async () => {
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
    // NODE_DEBUG=semver: semver prints its tokens as it loads, so a start that loads it says so
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { ...process.env, NODE_DEBUG: 'semver' } }).catch((e) => e);
    const said = JSON.parse(String(r.stderr).trim().split('\n').pop()!) as { loaded: string[]; status: number };
    assert.deepEqual(said, { loaded: [], status: 200 });
    assert.doesNotMatch(String(r.stderr), /SEMVER/, 'fastify\'s semver was not loaded (no plugin declares a fastify version)');
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

// src/package-entry.ts: `import 'specshift'` takes the API from the bundle (one file, not ~200 modules)
const packageEntry = join(root, 'dist', 'src', 'package-entry.js');
const importEntryScript = `
  const m = await import(${JSON.stringify(packageEntry)});
  const { createRequire } = await import('node:module');
  const loaded = Object.keys(createRequire(${JSON.stringify(packageEntry)}).cache);
  const s = await m.startSpecshift({ timing: 'manual' });
  const res = await fetch(s.endpoint + '/_specshift/clock');
  await s.close();
  process.stdout.write(JSON.stringify({
    exports: Object.keys(m).sort(),
    fastify: loaded.some((f) => f.includes('/node_modules/fastify/')),
    status: res.status,
  }));
`;
const withDebug = { ...process.env, SPECSHIFT_DEBUG_CODE_CACHE: '1' };

test('the package entry exports what index.js exports, taken from the bundle with its code cache, and its harness serves', async () => {
  const index = await import(join(root, 'dist', 'src', 'index.js'));
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', importEntryScript], { cwd: root, env: withDebug });
  const got = JSON.parse(stdout) as { exports: string[]; fastify: boolean; status: number };
  assert.deepEqual(got.exports, Object.keys(index).sort());
  assert.match(stderr, /^specshift: code cache (none|used|rejected)$/m, 'bin/load-bundle.js compiled the bundle');
  assert.equal(got.fastify, false, 'no dependency was loaded from node_modules beside it');
  assert.equal(got.status, 200);
});

test('imported in a context of its own (as Jest runs a test file), the bundle is required there: its objects are that context\'s', async () => {
  // the package entry evaluated as an ES module inside a new vm context, as Jest's module system does
  // it: relative imports are modules of that context, node's own modules the process's, and
  // CommonJS files (the bundle) are wrapped and run in the context
  const script = `
    import vm from 'node:vm';
    import { readFileSync } from 'node:fs';
    import { dirname } from 'node:path';
    import { fileURLToPath, pathToFileURL } from 'node:url';
    import Module, { createRequire } from 'node:module';
    const entry = ${JSON.stringify(packageEntry)};
    // a context with its own JavaScript built-ins and node's globals, as jest-environment-node makes it
    const context = vm.createContext();
    const inner = vm.runInContext('globalThis', context);
    for (const k of Object.getOwnPropertyNames(globalThis)) if (!(k in inner)) inner[k] = globalThis[k];
    inner.global = inner;
    const requireIn = (from) => {
      const outer = createRequire(from);
      return (id) => {
        if (id.startsWith('node:') || !id.startsWith('.')) return outer(id);
        const file = outer.resolve(id);
        const mod = { exports: {} };
        vm.runInContext(Module.wrap(readFileSync(file, 'utf8')), context, { filename: file })(mod.exports, requireIn(file), mod, file, dirname(file));
        return mod.exports;
      };
    };
    const builtin = async (spec) => {
      const m = spec === 'node:module' ? { createRequire: requireIn } : await import(spec);
      const names = Object.keys(m).filter((k) => k !== 'default');
      return new vm.SyntheticModule([...names, 'default'], function () {
        for (const k of names) this.setExport(k, m[k]);
        this.setExport('default', m.default ?? m);
      }, { context });
    };
    const source = (file) => new vm.SourceTextModule(readFileSync(file, 'utf8'), { context, identifier: pathToFileURL(file).href, initializeImportMeta: (meta) => { meta.url = pathToFileURL(file).href; } });
    const link = (spec, referrer) => spec.startsWith('node:') ? builtin(spec) : source(fileURLToPath(new URL(spec, referrer.identifier)));
    const mod = source(entry);
    await mod.link(link);
    await mod.evaluate();
    const s = await mod.namespace.startSpecshift({ timing: 'manual' });
    const res = await fetch(s.endpoint + '/_specshift/clock');
    const realmsObject = vm.runInContext('Object', context);
    const sameRealm = s instanceof realmsObject && !(s instanceof Object);
    await s.close();
    process.stdout.write(JSON.stringify({ sameRealm, status: res.status }));
  `;
  const { stdout, stderr } = await run(process.execPath, ['--experimental-vm-modules', '--no-warnings', '--input-type=module', '-e', script], { cwd: root, env: withDebug });
  assert.match(stderr, /^specshift: code cache not used \(a context of its own\)$/m);
  assert.deepEqual(JSON.parse(stdout), { sameRealm: true, status: 200 });
});

test('with SPECSHIFT_NO_BUNDLE=1 the package entry takes the compiled sources, and they serve alike', async () => {
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', importEntryScript], { cwd: root, env: { ...withDebug, SPECSHIFT_NO_BUNDLE: '1' } });
  const got = JSON.parse(stdout) as { exports: string[]; fastify: boolean; status: number };
  assert.doesNotMatch(stderr, /code cache/);
  assert.equal(got.fastify, true, 'the sources load fastify from node_modules');
  assert.equal(got.status, 200);
  assert.deepEqual(got.exports, ['Specshift', 'SpecshiftControlError', 'WorldView', 'connectSpecshift', 'startSpecshift']);
});
