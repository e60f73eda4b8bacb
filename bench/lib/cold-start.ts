// Cold start: from spawn() of `specshift serve` to the first answered HTTP request. The port is
// chosen beforehand so the probe can knock before the banner is printed; the probe is a cheap
// control call (GET /_specshift/clock), so what is timed is the server's start, not the request.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { childEnv, readVmHwm, serveArgs } from '../../test/helpers/child-server.js';
import type { Timing } from '../../src/core/clock.js';

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/_specshift/clock', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

export interface ColdStart {
  ms: number;
  peakRssBytes: number | null;
}

/** One start on `dataDir`; the server is killed once it answered (its data stays for the next start). */
export async function coldStartOnce(opts: { dataDir: string; worldFile?: string; timing?: Timing; keepExtraCaCerts?: boolean }): Promise<ColdStart> {
  const port = await freePort();
  const args = serveArgs({ dataDir: opts.dataDir, worldFile: opts.worldFile, timing: opts.timing ?? 'manual', port });
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: childEnv({ keepExtraCaCerts: opts.keepExtraCaCerts }) });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let dead = false;
  void exited.then(() => (dead = true));
  try {
    for (;;) {
      if (dead) throw new Error(`specshift exited during start (code ${child.exitCode})`);
      if (await probe(port)) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ms, peakRssBytes: readVmHwm(child.pid!) };
  } finally {
    // SIGTERM so the WAL is checkpointed as a normal shutdown leaves it
    child.kill('SIGTERM');
    await exited;
  }
}
