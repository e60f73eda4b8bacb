// specshift serve runs with the same node flags however it is started: bin/specshift.js's first
// line (the installed command, npx), npm start, the container image, and the test helpers and
// bench that start it as a child process (SERVER_NODE_FLAGS). A V8 flag such as
// --single-threaded-gc only takes effect on node's command line, so each of them has to carry it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { packageFile } from '../../src/paths.js';
import { childEnv, SERVER_NODE_FLAGS } from '../helpers/child-server.js';

const shebangFlags = (): string[] => {
  const first = readFileSync(packageFile('bin', 'specshift.js'), 'utf8').split('\n')[0]!;
  const m = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)$/.exec(first);
  assert.ok(m, `bin/specshift.js starts with "#!/usr/bin/env -S node <flags>": ${first}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
};

test('the flags are the same in the first line of bin/specshift.js, npm start, the Dockerfile and the test helpers', () => {
  assert.ok(SERVER_NODE_FLAGS.includes('--single-threaded-gc'));
  assert.deepEqual(shebangFlags(), [...SERVER_NODE_FLAGS]);
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
  assert.equal(pkg.scripts.start, ['node', ...SERVER_NODE_FLAGS, 'bin/specshift.js', 'serve'].join(' '));
  const entrypoint = readFileSync(packageFile('Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  assert.ok(entrypoint);
  assert.deepEqual(JSON.parse(entrypoint.slice('ENTRYPOINT '.length)), ['node', ...SERVER_NODE_FLAGS, pkg.bin.specshift]);
});

test('bin/specshift.js run as a program (as npm links it) starts node with the flags', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const child = spawn(packageFile('bin', 'specshift.js'), ['serve', '--in-memory', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.on('data', (d) => {
        out += d;
        if (/specshift listening on http:\/\//.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    // env -S replaces itself with node: the child's pid is the server's
    const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    assert.match(argv[0]!, /node/);
    assert.deepEqual(argv.slice(1, 1 + SERVER_NODE_FLAGS.length), [...SERVER_NODE_FLAGS]);
    assert.equal(argv[1 + SERVER_NODE_FLAGS.length], packageFile('bin', 'specshift.js'));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  }
});
