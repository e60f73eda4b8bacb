import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveArgs, childEnv } from '../../test/helpers/child-server.js';
const dir = join(mkdtempSync(join(tmpdir(), 'cs-')), 'd');
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const c = spawn(process.execPath, serveArgs({ dataDir: dir, timing: 'manual', port: 0 }), { stdio: ['ignore', 'pipe', 'inherit'], env: process.argv[2] === 'env' ? childEnv() : process.env });
  await new Promise<void>((r) => c.stdout!.on('data', (d) => { if (String(d).includes('listening')) r(); }));
  console.log('banner', (performance.now() - t0).toFixed(0));
  c.kill('SIGTERM');
  await new Promise((r) => c.once('exit', r));
}
