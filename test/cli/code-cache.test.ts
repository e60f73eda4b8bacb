// bin/load-bundle.js compiles the bundle with a V8 code cache: the first start writes it beside the
// bundle, the next uses it, and a cache made from another bundle (its key line differs) is never
// used: it is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundleDir = join(root, 'dist', 'bundle');
const cacheFile = join(bundleDir, `specshift.cjs.${process.version}-${process.arch}.v8cache`);

/** Starts the CLI on a new data directory, waits for the banner, then for `until`; returns what it said of the cache. */
async function start(until: () => boolean = () => true): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-code-cache-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'specshift.js'), 'serve', '--port', '0', '--data', join(dir, 'data'), '--timing', 'manual'], {
    env: { ...process.env, SPECSHIFT_DEBUG_CODE_CACHE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (let i = 0; i < 300 && !out.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(out.includes('listening on'), `started: ${err}`);
    for (let i = 0; i < 100 && !until(); i++) await new Promise((r) => setTimeout(r, 50));
    return /code cache (\w+)/.exec(err)?.[1] ?? `nothing said: ${err}`;
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the first start writes the code cache, the next uses it; a cache of another bundle is replaced', { skip: !existsSync(join(bundleDir, 'specshift.cjs')) && 'no bundle (npm run build)' }, async () => {
  rmSync(cacheFile, { force: true });
  assert.equal(await start(() => existsSync(cacheFile)), 'none');
  assert.ok(existsSync(cacheFile), 'written a second after the start');
  assert.equal(await start(), 'used');
  // one made from another bundle: same node, other size and mtime in its key line
  writeFileSync(cacheFile, Buffer.concat([Buffer.from('specshift-v8cache 1 1\n', 'latin1'), readFileSync(cacheFile).subarray(40)]));
  assert.equal(await start(() => readFileSync(cacheFile).subarray(0, 20).toString('latin1') !== 'specshift-v8cache 1 '), 'none', 'not used');
  assert.notEqual(readFileSync(cacheFile).subarray(0, 22).toString('latin1'), 'specshift-v8cache 1 1\n', 'replaced by one of this bundle');
  assert.equal(await start(), 'used');
  assert.deepEqual(readdirSync(bundleDir).filter((f) => f.endsWith('.tmp')), [], 'no half-written cache left');
});
