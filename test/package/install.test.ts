// The packed package as a user gets it: `npm pack`, an empty project installs the tarball (and the
// runner examples, as workspaces), `npx specshift serve` starts and the README's snippets run
// against it unchanged, the README's harness snippet and the three runner examples run green.
// Minutes (npm builds better-sqlite3's addon): run by `npm run test:package` and CI, skipped in a
// plain `npm test` unless SPECSHIFT_PACKAGE_TESTS=1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { install, makeProject, pack, RUNNER_EXAMPLES } from './lib/packed.js';

const run = promisify(execFile);
const enabled = process.env.SPECSHIFT_PACKAGE_TESTS === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// a node --test started from inside this test would take itself for a nested run and skip its files
const { NODE_TEST_CONTEXT: _nested, ...cleanEnv } = process.env;

describe('the packed package installed into an empty project', { skip: enabled ? false : 'set SPECSHIFT_PACKAGE_TESTS=1 (npm run test:package; CI runs it)' }, () => {
  let dir: string;
  let project: string;
  let tarball: string;
  before(
    () => {
      dir = mkdtempSync(join(tmpdir(), 'specshift-package-'));
      tarball = join(dir, pack(dir).filename);
      project = join(dir, 'project');
      makeProject(project, tarball);
      const r = install(project);
      assert.equal(r.status, 0, `npm install failed:\n${r.output}`);
    },
    { timeout: 16 * 60_000 },
  );
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the install did not build anything: the package holds exactly the tarball\'s files', () => {
    const installed = join(project, 'node_modules', 'specshift');
    const list = (d: string, rel = ''): string[] =>
      readdirSync(join(d, rel)).flatMap((f) => (statSync(join(d, rel, f)).isDirectory() ? list(d, join(rel, f)) : [join(rel, f)]));
    const expected = pack().files.map((f) => f.path).sort();
    // a build would have added files (dist/test, source maps) or failed the install
    assert.deepEqual(list(installed).sort(), expected);
  });

  // npm does not keep the tarball's modification times (the bundle, unpacked first, reads older than
  // the compiled sources): bin/specshift.js must start the bundle anyway, or every start compiles
  // ~200 modules and the code cache never serves
  test('the installed command starts the bundle, compiled with its code cache', { timeout: 60_000 }, async () => {
    const bin = join(project, 'node_modules', 'specshift', 'bin', 'specshift.js');
    const said = await run(process.execPath, [bin, '--help'], { cwd: project, env: { ...cleanEnv, SPECSHIFT_DEBUG_CODE_CACHE: '1' } });
    assert.match(said.stderr, /^specshift: code cache (none|used|rejected)$/m, 'the bundle was loaded');
    assert.match(said.stdout, /serve/);
  });

  // src/package-entry.ts: the harness comes from the bundle too (one file instead of ~200 modules)
  test('import \'specshift\' takes the harness from the bundle, with its code cache, and it serves', { timeout: 60_000 }, async () => {
    const script = `
      import { startSpecshift } from 'specshift';
      import { createRequire } from 'node:module';
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      const s = await startSpecshift({ timing: 'manual' });
      const res = await fetch(s.endpoint + '/_specshift/clock');
      await s.close();
      console.log(JSON.stringify({ fastify: loaded.some((f) => f.includes('/node_modules/fastify/')), status: res.status }));
    `;
    writeFileSync(join(project, 'entry-check.mjs'), script);
    const { stdout, stderr } = await run(process.execPath, ['entry-check.mjs'], { cwd: project, env: { ...cleanEnv, SPECSHIFT_DEBUG_CODE_CACHE: '1' } });
    assert.match(stderr, /^specshift: code cache (none|used|rejected)$/m, 'the bundle was loaded');
    assert.deepEqual(JSON.parse(stdout), { fastify: false, status: 200 });
  });

  test('npx specshift serve starts, and the README snippets run against it unchanged', { timeout: 120_000 }, async () => {
    const server: ChildProcess = spawn(npm, ['exec', '--', 'specshift', 'serve', '--in-memory', '--port', '0'], { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 60_000);
        server.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /specshift listening on (http:\/\/\S+) \(timing realistic, store sqlite in memory/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        server.stderr!.on('data', (b: Buffer) => (out += b.toString()));
        server.on('exit', (code) => reject(new Error(`specshift serve exited (${code}): ${out}`)));
      });
      const snippet = async (name: string) =>
        (await run(process.execPath, [join(project, 'snippets', `${name}.mjs`)], { cwd: project, env: { ...cleanEnv, SPECSHIFT_ENDPOINT: endpoint } })).stdout;

      let stdout = await snippet('huawei-resize');
      assert.match(stdout, /^job ff8080[0-9a-f]{26}$/m);
      assert.match(stdout, /^web-01 SHUTOFF s6\.xlarge\.2$/m);
      stdout = await snippet('huawei-batch-pay');
      assert.match(stdout, /^job ff8080[0-9a-f]{26} order CS\d{10}[A-Z0-9]{5}$/m);
      assert.match(stdout, /^SUCCESS a0c1e2f3-0004-4a5b-8c6d-000000000004:SUCCESS$/m);
      stdout = await snippet('aad-upgrade');
      assert.match(stdout, /^30 200$/m);
      assert.match(stdout, /^400 AAD\.10010003 [0-9a-f]{32}$/m);
      stdout = await snippet('aliyun-modify-spec');
      assert.match(stdout, /^web-01 Stopped ecs\.g6\.xlarge 5$/m);
      assert.match(stdout, /^web-02 Running ecs\.g6\.large 20$/m);
      assert.match(stdout, /^400 InvalidInstanceStatus\.NotStopped /m);
    } finally {
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  test('the README\'s harness snippet passes under node --test', { timeout: 60_000 }, async () => {
    const { stdout } = await run(process.execPath, ['--test', join('snippets', 'harness.mjs')], { cwd: project, env: cleanEnv });
    assert.match(stdout, /^# pass 1$/m);
    assert.match(stdout, /^# fail 0$/m);
  });

  test('a TypeScript consumer type-checks against the package\'s declarations, library checks on', { timeout: 120_000 }, async () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { startSpecshift, type WorldFile, type Specshift } from 'specshift';
const world: WorldFile = { accounts: [{ name: 'acme', access_keys: [{ ak: 'ACMEAK00000000000001', sk: 'secret-secret-secret' }] }] };
// @ts-expect-error: 'weird' is not an account kind of the schema
const wrong: WorldFile = { accounts: [{ name: 'x', kind: 'weird' }] };
export async function f(): Promise<Specshift> {
  const cloud = await startSpecshift({ world, timing: 'manual', store: 'memory' });
  const c: { endpoint: string; ak: string; projectId: string } = cloud.huawei.config();
  void c; void wrong;
  return cloud;
}
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
    );
    await run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project });
  });

  for (const ex of RUNNER_EXAMPLES) {
    test(`the ${ex} example runs green`, { timeout: 300_000 }, async () => {
      const name = (JSON.parse(readFileSync(join(project, ex, 'package.json'), 'utf8')) as { name: string }).name;
      const r = await run(npm, ['test', '-w', name], { cwd: project, env: { ...cleanEnv, CI: 'true', NO_COLOR: '1', SPECSHIFT_DEBUG_CODE_CACHE: '1' } }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`npm test -w ${name} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
      });
      // eslint-disable-next-line no-control-regex
      const out = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
      if (ex === 'node-test') assert.match(out, /^# fail 0$/m);
      if (ex === 'vitest') assert.match(out, /Tests\s+\d+ passed/);
      if (ex === 'jest') assert.match(out, /Tests:\s+\d+ passed, \d+ total/);
      // the harness came from the bundle: compiled with the code cache in node's own context, required
      // in the context Jest gives each test file (src/package-entry.ts)
      if (ex === 'jest') assert.match(out, /^specshift: code cache not used \(a context of its own\)$/m);
      // (node --test passes a file's stderr on as '# ' comments)
      else assert.match(out, /^(# )?specshift: code cache (none|used|rejected|not used \(a context of its own\))$/m);
    });
  }
});
