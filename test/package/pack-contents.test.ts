// What `npm pack` puts in the tarball, checked on every `npm test` (a dry run: seconds): the built
// server, the public API's types, bin, data, schema, README and docs; nothing of tests, bench,
// sources or examples; a Dockerfile that copies only what the tarball holds and runs its bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { dockerfile, pack, packageJson, root } from './lib/packed.js';
import { SERVER_NODE_FLAGS } from '../helpers/child-server.js';

const packed = pack();
const files = new Set(packed.files.map((f) => f.path));
const has = (p: string) => files.has(p) || [...files].some((f) => f.startsWith(`${p.replace(/\/$/, '')}/`));

test('the tarball holds the built server, its types, bin, data, schema, README and docs', () => {
  for (const f of [
    'package.json',
    'README.md',
    'bin/specshift.js',
    'bin/load-bundle.js',
    'dist/bundle/specshift.cjs',
    // the web console's built assets: served from the package, never built at run time
    'dist/console/index.html',
    'dist/console/console.js',
    'dist/console/console.css',
    'dist/src/cli/main.js',
    'dist/src/index.js',
    // what `import 'specshift'` loads: the API from the bundle (src/package-entry.ts)
    'dist/src/package-entry.js',
    'dist/src/bundle-choice.js',
    'dist/src/index.d.ts',
    'dist/src/harness/specshift.js',
    'dist/src/harness/specshift.d.ts',
    'dist/src/harness/world-file.generated.d.ts',
    'data/demo-world.json',
    'data/huawei-flavors.json',
    'data/aliyun-instance-types.json',
    'schema/world.schema.json',
    'docs/testing.md',
    'docs/control-api.md',
    'docs/container.md',
    'Dockerfile',
  ]) {
    assert.ok(files.has(f), `${f} is in the tarball`);
  }
});

test('nothing of tests, bench, TypeScript sources, examples or source maps is in it', () => {
  // nor a V8 code cache a local start wrote beside the bundle (bin/load-bundle.js): it is node's and the machine's own
  const stray = [...files].filter((f) => /^(test|bench|src|examples|scripts|node_modules|dist\/test|dist\/bench|dist\/pack|\.specshift)\//.test(f) || f.endsWith('.map') || f.endsWith('.tgz') || f.includes('.v8cache') || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
  assert.deepEqual(stray, []);
  // a sanity bound: half a megabyte today; a stray data directory or node_modules would show here
  assert.ok(packed.size < 2 * 1024 * 1024, `tarball is ${packed.size} bytes`);
});

test('main, types, exports and bin name files of the tarball', () => {
  const pj = packageJson();
  assert.ok(files.has(posix.normalize(pj.main)), pj.main);
  assert.ok(files.has(posix.normalize(pj.types)), pj.types);
  const targets = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, unknown>).flatMap(targets));
  for (const t of targets(pj.exports)) assert.ok(files.has(posix.normalize(t)), `exports target ${t}`);
  for (const b of Object.values(pj.bin as Record<string, string>)) assert.ok(files.has(posix.normalize(b)), `bin ${b}`);
});

test('the public types reach no file outside the tarball and no package a consumer lacks', () => {
  // every declaration file index.d.ts imports, transitively
  const seen = new Set<string>();
  const outside: string[] = [];
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    if (!files.has(rel)) outside.push(rel);
    const text = readFileSync(join(root, rel), 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) {
        outside.push(`${rel} imports the package ${spec}`);
        continue;
      }
      visit(posix.join(posix.dirname(rel), spec.replace(/\.js$/, '.d.ts')));
    }
  };
  visit('dist/src/index.d.ts');
  assert.deepEqual(outside, []);
  assert.ok(seen.has('dist/src/harness/world-view.d.ts'));
});

test('the runtime dependencies are the server\'s: no SDK, no TypeScript, no bundler', () => {
  const deps = Object.keys(packageJson().dependencies);
  assert.deepEqual(deps.filter((d) => /^@huaweicloud|^@alicloud|^aliyun-sdk|^typescript$|^esbuild$|^@types\//.test(d)), []);
  const scripts = packageJson().scripts as Record<string, string>;
  for (const s of ['preinstall', 'install', 'postinstall']) assert.equal(scripts[s], undefined, `no ${s} script runs for a consumer`);
});

test('prepare builds in a checkout and does nothing where there is no tsconfig.json (an unpacked tarball)', () => {
  const prepare = packageJson().scripts.prepare as string;
  const guard = prepare.split(' || ')[0]!;
  const empty = mkdtempSync(join(tmpdir(), 'specshift-prepare-'));
  try {
    // the guard exits 0 there, so `|| npm run build` is not run
    execFileSync('sh', ['-c', guard], { cwd: empty });
    assert.throws(() => execFileSync('sh', ['-c', guard], { cwd: root, stdio: 'ignore' }), 'in the checkout the guard fails, so the build runs');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('the Dockerfile copies only what the tarball holds and runs the package\'s bin', () => {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const d = dockerfile(text);
  assert.ok(d.copies.length >= 5);
  for (const c of d.copies) assert.ok(has(c.replace(/^\.\//, '')), `COPY ${c}: not in the tarball`);
  const bin = (packageJson().bin as Record<string, string>).specshift!;
  assert.deepEqual(d.entrypoint, ['node', ...SERVER_NODE_FLAGS, posix.normalize(bin)]);
  assert.deepEqual(d.cmd, ['serve']);
  // multi-stage, non-root, health check on the control API, the data directory a volume, the port exposed
  assert.ok(d.lines.filter((l) => l.startsWith('FROM ')).length >= 2, 'multi-stage');
  assert.match(text, /^USER node$/m);
  assert.ok(d.lines.some((l) => l.startsWith('HEALTHCHECK ') && l.includes('/_specshift/health')), 'HEALTHCHECK on /_specshift/health');
  assert.match(text, /^VOLUME \["\/data"\]$/m);
  assert.match(text, /SPECSHIFT_DATA=\/data/);
  assert.match(text, /^EXPOSE 4600$/m);
  assert.match(text, /SPECSHIFT_PORT=4600/);
  // the image's defaults are the CLI's flags
  const usage = readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8');
  for (const v of ['SPECSHIFT_HOST', 'SPECSHIFT_PORT', 'SPECSHIFT_DATA']) assert.ok(usage.includes(v), `the CLI reads ${v}`);
  assert.ok(dirname(bin) === 'bin');
});

test('the testcontainers example parses and waits on the health endpoint (CI has no container engine to run it)', () => {
  const file = join(root, 'examples', 'testcontainers', 'test', 'container.test.mjs');
  execFileSync(process.execPath, ['--check', file]);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /new GenericContainer\(/);
  assert.match(text, /Wait\.forHttp\('\/_specshift\/health', 4600\)/);
  assert.match(text, /withExposedPorts\(4600\)/);
});
