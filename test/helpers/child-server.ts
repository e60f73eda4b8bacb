// Starts the real `specshift serve` CLI as a child process on 127.0.0.1, so a test or a benchmark
// can kill -9 it, measure its start-up and read its memory from /proc, which an in-process server
// (live-server.ts) cannot offer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timing } from '../../src/core/clock.js';
import { packageFile } from '../../src/paths.js';

export interface ChildServerOptions {
  /** data directory; a fresh one under os.tmpdir() when left out (removed by dispose()) */
  dataDir?: string;
  /** a world document to write next to the data and pass with --world */
  world?: unknown;
  /** a world file already on disk (wins over `world`) */
  worldFile?: string;
  timing?: Timing;
  reset?: boolean;
  /** fixed port; 0 (default) lets the OS pick and the banner tells which */
  port?: number;
  durability?: 'normal' | 'full';
  /** extra node flags, e.g. --cpu-prof (after SERVER_NODE_FLAGS) */
  nodeArgs?: string[];
  /** a script to run instead of bin/specshift.js (given the same arguments) */
  entry?: string;
  /** how long to wait for the listening banner (ms); a 1,000,000-server world load needs a while */
  startTimeoutMs?: number;
  /** a PostgreSQL connection string: the node uses it instead of the data directory */
  databaseUrl?: string;
  /** more `specshift serve` flags, e.g. ['--job-lease', '1000'] */
  extraArgs?: string[];
}

export interface ChildServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** stderr collected so far: a test failure can show why the server died */
  stderr(): string;
  /** whether the process is still running */
  alive(): boolean;
  /** kill -9: no shutdown hook runs, whatever was in flight is lost */
  kill9(): Promise<void>;
  /** SIGTERM and wait: the graceful shutdown path */
  stop(): Promise<void>;
  /** peak resident set size so far, in bytes (Linux /proc VmHWM); null elsewhere or after exit */
  peakRssBytes(): number | null;
  /** stops (if running) and removes a data directory this helper created */
  dispose(): Promise<void>;
}

const BANNER = /specshift listening on (http:\/\/[^\s]+)/;

export function readVmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** node's flags for `specshift serve`, as npm start and the Dockerfile give them (test/cli/node-flags.test.ts) */
export const SERVER_NODE_FLAGS: readonly string[] = ['--no-parallel-scavenge'];

/** The argv that starts `specshift serve` with these options (the bench also uses it to time a raw spawn). */
export function serveArgs(opts: { dataDir: string; worldFile?: string; timing: Timing; reset?: boolean; port: number; durability?: string; nodeArgs?: string[]; entry?: string }): string[] {
  const args = [...SERVER_NODE_FLAGS, ...(opts.nodeArgs ?? []), opts.entry ?? packageFile('bin', 'specshift.js'), 'serve', '--host', '127.0.0.1', '--port', String(opts.port), '--data', opts.dataDir, '--timing', opts.timing];
  if (opts.worldFile) args.push('--world', opts.worldFile);
  if (opts.reset) args.push('--reset');
  if (opts.durability) args.push('--durability', opts.durability);
  return args;
}

/**
 * A clean environment: SPECSHIFT_* variables of the caller must not change what the flags say.
 * NODE_EXTRA_CA_CERTS is left out too unless asked for: specshift opens no TLS connection, and
 * node parses that bundle at every start (~50 ms on the development VM), which the bench's cold
 * start would otherwise count against specshift.
 */
export function childEnv(opts: { keepExtraCaCerts?: boolean } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('SPECSHIFT_') || k.startsWith('NODE_TEST')) continue;
    if (k === 'NODE_EXTRA_CA_CERTS' && !opts.keepExtraCaCerts) continue;
    env[k] = v;
  }
  return env;
}

export async function startChildServer(opts: ChildServerOptions = {}): Promise<ChildServer> {
  const ownsDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'specshift-child-'));
  let worldFile = opts.worldFile;
  if (!worldFile && opts.world !== undefined) {
    worldFile = join(dataDir, 'world.json');
    writeFileSync(worldFile, JSON.stringify(opts.world));
  }
  const args = serveArgs({ dataDir, worldFile, timing: opts.timing ?? 'instant', reset: opts.reset, port: opts.port ?? 0, durability: opts.durability, nodeArgs: opts.nodeArgs, entry: opts.entry });
  if (opts.databaseUrl) args.push('--database-url', opts.databaseUrl);
  args.push(...(opts.extraArgs ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
  let out = '';
  let err = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    // bounded: a chatty server must not grow the test's memory
    if (err.length < 64 * 1024) err += d;
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`specshift did not start within ${opts.startTimeoutMs ?? 30_000} ms: ${err}`)), opts.startTimeoutMs ?? 30_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (out.length < 64 * 1024) out += d;
      const m = BANNER.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`specshift exited during start (code ${child.exitCode}, signal ${child.signalCode}): ${err}`));
    });
  });
  const kill = async (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
    await exit;
  };
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    pid: child.pid!,
    dataDir,
    process: child,
    stderr: () => err,
    alive: () => !exited,
    kill9: () => kill('SIGKILL'),
    stop: () => kill('SIGTERM'),
    peakRssBytes: () => (exited ? null : readVmHwm(child.pid!)),
    async dispose() {
      await kill('SIGKILL');
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
