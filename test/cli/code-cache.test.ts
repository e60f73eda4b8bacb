// bin/load-bundle.js compiles the bundle with a V8 code cache: the first start writes it beside the
// bundle, the next uses it, and a cache made from another bundle (its key line differs) is never
// used: it is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = join(root, 'dist', 'bundle', 'specshift.cjs');

/**
 * A package of its own for the test: bin and the bundle copied (the cache is written beside the
 * bundle, and other tests start the repository's bundle all the time), the rest linked.
 */
function privatePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-code-cache-pkg-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  for (const f of ['specshift.js', 'load-bundle.js']) copyFileSync(join(root, 'bin', f), join(dir, 'bin', f));
  copyFileSync(built, join(dir, 'dist', 'bundle', 'specshift.cjs'));
  for (const f of ['package.json', 'node_modules', 'data', 'schema', join('dist', 'console')]) symlinkSync(join(root, f), join(dir, f));
  return dir;
}

/** Starts the CLI on a new data directory, waits for the banner, then for `until`; returns what it said of the cache. */
async function start(pkg: string, until: () => boolean = () => true, nodeFlags: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-code-cache-'));
  // no NODE_OPTIONS: the cache's name depends on node's flags (bin/load-bundle.js), these are the test's
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [...nodeFlags, join(pkg, 'bin', 'specshift.js'), 'serve', '--port', '0', '--data', join(dir, 'data'), '--timing', 'manual'], {
    env: { ...env, SPECSHIFT_DEBUG_CODE_CACHE: '1' },
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

test('the first start writes the code cache, the next uses it; a cache of another bundle is replaced', { skip: !existsSync(built) && 'no bundle (npm run build)' }, async () => {
  const pkg = privatePackage();
  const cacheFile = join(pkg, 'dist', 'bundle', `specshift.cjs.${process.version}-${process.arch}.v8cache`);
  try {
    assert.equal(await start(pkg, () => existsSync(cacheFile)), 'none');
    assert.ok(existsSync(cacheFile), 'written a second after the start');
    assert.equal(await start(pkg), 'used');
    // one made from another bundle: same node, other size and mtime in its key line
    writeFileSync(cacheFile, Buffer.concat([Buffer.from('specshift-v8cache 1 1\n', 'latin1'), readFileSync(cacheFile).subarray(40)]));
    assert.equal(await start(pkg, () => !readFileSync(cacheFile).toString('latin1').startsWith('specshift-v8cache 1 1\n')), 'none', 'not used');
    assert.ok(!readFileSync(cacheFile).toString('latin1').startsWith('specshift-v8cache 1 1\n'), 'replaced by one of this bundle');
    assert.equal(await start(pkg), 'used');
    assert.deepEqual(readdirSync(join(pkg, 'dist', 'bundle')).filter((f) => f.endsWith('.tmp')), [], 'no half-written cache left');
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});

test('a cache that cannot be written: every start compiles and serves, and leaves nothing behind', { skip: !existsSync(built) && 'no bundle (npm run build)' }, async () => {
  const pkg = privatePackage();
  const bundleDir = join(pkg, 'dist', 'bundle');
  const cacheFile = join(bundleDir, `specshift.cjs.${process.version}-${process.arch}.v8cache`);
  try {
    // a directory where the cache would go: it can be neither read nor replaced (as root, a
    // read-only directory would not stop the write)
    mkdirSync(cacheFile);
    const tmpLeft = () => readdirSync(bundleDir).some((f) => f.endsWith('.tmp'));
    // long enough for the write a second after the start to have been tried
    const tried = Date.now() + 1_500;
    assert.equal(await start(pkg, () => Date.now() > tried), 'none');
    assert.equal(tmpLeft(), false, 'the failed write left no temporary file');
    assert.equal(await start(pkg), 'none');
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});

test('a start under other node flags keeps a cache of its own and leaves the usual one alone', { skip: !existsSync(built) && 'no bundle (npm run build)' }, async () => {
  const pkg = privatePackage();
  const bundleDir = join(pkg, 'dist', 'bundle');
  const caches = () => readdirSync(bundleDir).filter((f) => f.endsWith('.v8cache')).sort();
  const plain = `specshift.cjs.${process.version}-${process.arch}.v8cache`;
  // a V8 flag that is part of the hash V8 keeps in a cache: a cache made under it is refused without it
  const other = ['--max-old-space-size=300'];
  try {
    assert.equal(await start(pkg, () => caches().includes(plain)), 'none');
    assert.deepEqual(caches(), [plain]);
    const before = readFileSync(join(bundleDir, plain));
    // the other flags find no cache of theirs, write one beside the first and never touch it
    assert.equal(await start(pkg, () => caches().length === 2, other), 'none');
    const theirs = caches().filter((f) => f !== plain);
    assert.equal(theirs.length, 1);
    assert.match(theirs[0]!, /^specshift\.cjs\.v\d+\.\d+\.\d+-\w+-f[0-9a-f]{8}\.v8cache$/);
    assert.ok(readFileSync(join(bundleDir, plain)).equals(before), 'the usual cache is untouched');
    // and each set of flags uses its own next time
    assert.equal(await start(pkg, undefined, other), 'used');
    assert.equal(await start(pkg), 'used');
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});

test('a process that ends within the second writes the cache as it exits when asked (the package entry), not otherwise (the command line)', { skip: !existsSync(built) && 'no bundle (npm run build)' }, async () => {
  const pkg = privatePackage();
  const bundle = join(pkg, 'dist', 'bundle', 'specshift.cjs');
  const caches = () => readdirSync(join(pkg, 'dist', 'bundle')).filter((f) => f.endsWith('.v8cache'));
  // loads the bundle and ends at once, well within the second load-bundle.js otherwise waits
  const loadAndEnd = async (opts: string) => {
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    // a file, not -e: node's flags name the cache, and the start below runs without any
    const script = join(pkg, 'load-and-end.mjs');
    writeFileSync(script, `const { loadBundle } = await import(${JSON.stringify(join(pkg, 'bin', 'load-bundle.js'))}); loadBundle(${JSON.stringify(bundle)}, ${opts});`);
    const child = spawn(process.execPath, [script], { env, stdio: 'ignore' });
    assert.equal(await new Promise((r) => child.once('exit', r)), 0);
  };
  try {
    await loadAndEnd('{}');
    assert.deepEqual(caches(), [], 'the command line waits a second before writing');
    await loadAndEnd('{ cacheAtExit: true }');
    assert.equal(caches().length, 1, 'written at exit');
    assert.equal(await start(pkg), 'used', 'and it serves the next start');
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});
