// The in-process harness: a specshift server inside the test process (or a connection to one
// started elsewhere), with what a test suite calls between and inside its tests.
//
//   const cloud = await startSpecshift({ timing: 'manual' });
//   beforeEach(() => cloud.reset());
//   const ecsClient = cloud.huawei.ecsClient(ecs, core);
//
// Every control call goes through the control API (docs/control-api.md) over HTTP, in process or
// connected to a server started elsewhere: both behave the same.
import { Agent, request as httpRequest } from 'node:http';
import type { Timing } from '../core/clock.js';
import { createServer, readWorldFile, type RunningServer } from '../server/create-server.js';
import { snapshotWorld } from '../world/reset-world.js';
import type { WorldFile } from './world-file.generated.js';
import { WorldView, type SpecshiftAccount } from './world-view.js';

/** Where the server keeps its state. */
export type SpecshiftStore =
  /** SQLite in memory: nothing is written anywhere, nothing outlives close() (the default) */
  | 'memory'
  /** SQLite in a data directory: survives a restart, as `specshift serve --data DIR` */
  | { dataDir: string; durability?: 'normal' | 'full' }
  /** PostgreSQL, shared with other nodes (reset() reloads the world: no snapshot) */
  | { databaseUrl: string; poolSize?: number };

export interface StartOptions {
  /** the world as an object (typed from schema/world.schema.json), or a world file's path; default: the demo world */
  world?: WorldFile | string;
  /** default 'manual': jobs wait for advance(); 'instant' finishes them at once; 'realistic' takes seconds */
  timing?: Timing;
  /** default 'memory' */
  store?: SpecshiftStore;
  /** default 127.0.0.1 */
  host?: string;
  /** default 0: a free port */
  port?: number;
  /** pino level of the server's log; default 'silent' */
  logLevel?: string;
}

/** A fault as POST /_specshift/faults takes it (docs/control-api.md), passed through unchanged. */
export type FaultDescription = { server_id: string; message?: string } | Record<string, unknown>;

/** A control call the server refused: its HTTP status and the control API's error code. */
export class SpecshiftControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpecshiftControlError';
  }
}

interface Transport {
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): void;
}

/**
 * The control API over HTTP with one kept-alive connection pool: in process too (fastify's inject
 * would load light-my-request, whose ES-module dependency Jest's module system cannot require).
 */
function httpTransport(base: string): Transport {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(base);
  return {
    request(method, path, body) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port: url.port || 80,
            method,
            path: `${url.pathname.replace(/\/$/, '')}/_specshift/${path}`,
            headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              try {
                resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
              } catch (err) {
                reject(err as Error);
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** What POST /_specshift/world/add answers. */
interface AddedWorldReply {
  accounts: SpecshiftAccount[];
  servers: number;
  prefix: string | null;
  ids: Record<string, string>;
}

export interface TenantOptions {
  /** the account of the server's world to copy, with everything it owns (default: the world's first account) */
  account?: string;
  /** the prefix of the copy (default: a fresh random one) */
  prefix?: string;
}

let tenants = 0;
const freshPrefix = () => `t${Math.random().toString(36).slice(2, 10)}${(tenants++).toString(36)}`;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The world restricted to some accounts and what they own (the shared parts are the server's). */
function accountsOnly(world: WorldFile, names: Set<string>): WorldFile {
  const out: Record<string, unknown> = { accounts: world.accounts.filter((a) => names.has(a.name)) };
  for (const [key, section] of Object.entries(world)) {
    if (key === 'accounts' || !isObject(section)) continue;
    const kept: Record<string, unknown> = {};
    for (const [sub, value] of Object.entries(section)) {
      if (!Array.isArray(value) || !value.some((x) => isObject(x) && typeof x.account === 'string')) continue;
      kept[sub] = value.filter((x) => isObject(x) && names.has(x.account as string));
    }
    out[key] = kept;
  }
  return out as unknown as WorldFile;
}

export class Specshift extends WorldView {
  private constructor(
    endpoint: string,
    accounts: SpecshiftAccount[],
    /** the world the server started with: what tenant() copies from */
    readonly world: WorldFile,
    private readonly transport: Transport,
    private readonly running: RunningServer | null,
  ) {
    super(endpoint, accounts);
  }

  /** Starts a server in this process; see StartOptions. */
  static async start(opts: StartOptions = {}): Promise<Specshift> {
    const store = opts.store ?? 'memory';
    const timing = opts.timing ?? 'manual';
    const world = typeof opts.world === 'string' || opts.world === undefined ? readWorldFile(opts.world) : opts.world;
    const server = await createServer({
      dataDir: store === 'memory' ? ':memory:' : 'dataDir' in store ? store.dataDir : '',
      ...(typeof store === 'object' && 'databaseUrl' in store ? { databaseUrl: store.databaseUrl, ...(store.poolSize ? { databasePoolSize: store.poolSize } : {}) } : {}),
      ...(typeof store === 'object' && 'dataDir' in store && store.durability ? { durability: store.durability } : {}),
      ...(typeof opts.world === 'string' ? { worldFile: opts.world } : opts.world !== undefined ? { world: opts.world } : {}),
      timing,
      logLevel: opts.logLevel ?? 'silent',
    });
    try {
      // loaded at this start: this is the world every reset() goes back to, restored from a
      // snapshot (a store that already held a world reloads it at the first reset instead)
      if (server.summary !== null) await snapshotWorld(server.ctx);
      const host = opts.host ?? '127.0.0.1';
      await server.app.listen({ host, port: opts.port ?? 0 });
      const address = server.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const transport = httpTransport(`http://${shown}:${port}`);
      const accounts = ((await call(transport, 'GET', 'world')) as { accounts: SpecshiftAccount[] }).accounts;
      return new Specshift(`http://${shown}:${port}`, accounts, world as WorldFile, transport, server);
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  /**
   * A server started elsewhere (`npx specshift serve`, a container, a global setup's
   * startSpecshift()): the same calls over HTTP. close() leaves that server running.
   */
  static async connect(endpoint: string): Promise<Specshift> {
    const base = endpoint.replace(/\/+$/, '');
    const transport = httpTransport(base);
    const reply = (await call(transport, 'GET', 'world')) as { accounts: SpecshiftAccount[]; world: WorldFile };
    return new Specshift(base, reply.accounts, reply.world, transport, null);
  }

  /** A control API call (docs/control-api.md), e.g. `control('GET', 'jobs?status=RUNNING')`; refusals throw SpecshiftControlError. */
  control<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return call(this.transport, method, path.replace(/^\/?(_specshift\/)?/, ''), body) as Promise<T>;
  }

  /**
   * Puts the world the server started with back: every account, server, job, order, token and
   * balance as they were, the manual clock at its start time, every tenant and namespace gone.
   * Milliseconds from the second call on (a snapshot of the store; docs/testing.md).
   */
  async reset(): Promise<void> {
    await this.control('POST', 'world/reset');
  }

  /** Moves the manual clock (timing 'manual' only) and runs every job step that falls due, then returns. */
  async advance(seconds: number): Promise<void> {
    await this.control('POST', 'clock/advance', { seconds });
  }

  /** Waits until no job step is due at the current (simulated) time. */
  async settle(): Promise<void> {
    await this.control('POST', 'jobs/settle');
  }

  /** Injects a fault: the description goes to POST /_specshift/faults as it is. */
  fault(description: FaultDescription): Promise<unknown> {
    return this.control('POST', 'faults', description);
  }

  /** The server's simulated time. */
  async now(): Promise<Date> {
    const { epoch_ms } = await this.control<{ epoch_ms: number }>('GET', 'clock');
    return new Date(epoch_ms);
  }

  /**
   * An account of its own for one test, on this shared server: a copy of one of the world's
   * accounts (default: the first) with everything it owns, under a fresh prefix, so its keys,
   * project ids and server ids are its own. Use it instead of reset() when test files share a server.
   */
  async tenant(opts: TenantOptions = {}): Promise<WorldView> {
    const name = opts.account ?? this.world.accounts[0]?.name;
    const account = this.world.accounts.find((a) => a.name === name);
    if (!account) throw new Error(`the world has no account ${String(name)}`);
    const names = new Set([account.name, ...(account.partner !== undefined ? [account.partner] : [])]);
    return this.namespace(accountsOnly(this.world, names), { prefix: opts.prefix ?? freshPrefix(), first: account.name });
  }

  /**
   * A world of its own beside the server's (default: a copy of the server's whole world), under a
   * prefix: account names become `<prefix>-<name>`, access keys and ids change (view.id(written)
   * gives the served one). The regions, flavors, stock and limits stay the server's.
   */
  async namespace(world: WorldFile = this.world, opts: { prefix?: string; first?: string } = {}): Promise<WorldView> {
    const prefix = opts.prefix ?? freshPrefix();
    const added = await this.control<AddedWorldReply>('POST', `world/add?prefix=${encodeURIComponent(prefix)}`, world);
    const names = new Map(world.accounts.map((a) => [a.name, `${prefix}-${a.name}`]));
    const firstName = opts.first !== undefined ? names.get(opts.first) : undefined;
    const accounts = [...added.accounts].sort((a, b) => Number(b.name === firstName) - Number(a.name === firstName));
    return new WorldView(this.endpoint, accounts, names, added.ids, prefix);
  }

  /** Stops the server (in process; a connected one keeps running) and lets go of its store. */
  async close(): Promise<void> {
    this.transport.close();
    await this.running?.close();
  }
}

async function call(transport: Transport, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await transport.request(method, path, body);
  if (res.status >= 400) {
    const err = (res.body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new SpecshiftControlError(res.status, err?.code ?? 'Error', `${method} /_specshift/${path}: ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`.trim());
  }
  return res.body;
}

/** Starts specshift in this process: `const cloud = await startSpecshift({ timing: 'manual' })`. */
export const startSpecshift = (opts?: StartOptions): Promise<Specshift> => Specshift.start(opts);

/** Connects to a specshift server started elsewhere, with the same API (close() leaves it running). */
export const connectSpecshift = (endpoint: string): Promise<Specshift> => Specshift.connect(endpoint);
