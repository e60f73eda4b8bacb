// `specshift serve --in-memory` (or --data :memory:): a throwaway run that writes nothing where it
// runs and keeps nothing after it stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin', 'specshift.js');

async function serveOnce(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ banner: string; health: unknown }> {
  const cwd = mkdtempSync(join(tmpdir(), 'specshift-mem-'));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('control API:')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const endpoint = /listening on (\S+)/.exec(banner)![1]!;
    const health = await (await fetch(`${endpoint}/_specshift/health`)).json();
    assert.deepEqual(readdirSync(cwd), [], 'nothing written where it runs');
    return { banner, health };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('--in-memory, --data :memory: and SPECSHIFT_IN_MEMORY=1 serve the demo world and write nothing', async () => {
  for (const [args, env] of [[['--in-memory'], {}], [['--data', ':memory:'], {}], [[], { SPECSHIFT_IN_MEMORY: '1' }]] as const) {
    const { banner, health } = await serveOnce([...args], env);
    assert.match(banner, /store sqlite in memory: nothing is kept/);
    assert.match(banner, /SPECSHIFT_?DEMOAK00001|SPECSHIFTDEMOAK00001/);
    assert.equal((health as { status: string }).status, 'ok');
  }
});

test('--in-memory with --data DIR is refused', async () => {
  const err = await promisify(execFile)(process.execPath, [bin, 'serve', '--in-memory', '--data', 'somewhere'], { cwd: tmpdir() }).catch((e: { code: number; stderr: string }) => e);
  assert.equal((err as { code: number }).code, 2);
  assert.match((err as { stderr: string }).stderr, /--in-memory and --data DIR exclude each other/);
});
