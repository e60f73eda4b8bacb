// Child processes of the bench other than specshift itself: the bare server (the ceiling) and the
// framework floor (fastify answering the same request).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readVmHwm } from '../../test/helpers/child-server.js';

export interface BareServer {
  url: string;
  pid: number;
  peakRssBytes(): number | null;
  stop(): Promise<void>;
}

export const startBareServer = (): Promise<BareServer> => startReference('../bare-server.js');
export const startFastifyFloor = (): Promise<BareServer> => startReference('../fastify-floor-server.js');

/** Starts a reference server (a script beside bench/run.ts) and waits for its `listening on URL` line. */
async function startReference(script: string): Promise<BareServer> {
  const entry = fileURLToPath(new URL(script, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`${script} exited during start`)));
  });
  return {
    url,
    pid: child.pid!,
    peakRssBytes: () => readVmHwm(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
