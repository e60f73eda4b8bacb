// The composition root: builds the store, the clocks, the job engine and the order book, and
// registers the control API and every provider. Nothing imports this folder but the CLI.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { controlRoutes } from '../control/control-routes.js';
import type { AppContext } from '../core/app-context.js';
import { ManualClock, systemClock, type Clock, type Timing } from '../core/clock.js';
import { FaultBook } from '../core/faults/fault-book.js';
import { faultsWorldSection } from '../core/faults/faults-world.js';
import type { Store } from '../core/model/store.js';
import type { Server } from '../core/model/types.js';
import { NO_METRICS, type Metrics } from '../core/observe/metrics.js';
import { RequestLog } from '../core/observe/request-log.js';
import { OrderBook } from '../core/orders/order-book.js';
import type { WorldSummary } from '../core/world-section.js';
import { WorldState } from '../core/world-state.js';
import { JobEngine } from '../jobs/job-engine.js';
import { packageFile } from '../paths.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { loadWorld } from '../world/load-world.js';
import { setRouteGate } from '../providers/route-gate.js';
import { consoleRoutes } from './console-assets.js';
import { promMetrics } from './metrics.js';
import { PROVIDERS } from './providers.js';
import { batchReplies } from './reply-batching.js';
import { recordRequests } from './request-recorder.js';
import { answerMalformedHttp, DEFAULT_REQUEST_TIMEOUT_MS, guardRequest, httpServerLimits, trackInFlight } from './http-guards.js';
import { genRequestId, sendUnrouted } from './wire-envelopes.js';

export interface ServerOptions {
  dataDir: string;
  /** a PostgreSQL connection string: when set, the shared PostgreSQL engine is used and dataDir is ignored */
  databaseUrl?: string | undefined;
  /** connections this node keeps to PostgreSQL (default 10) */
  databasePoolSize?: number;
  worldFile?: string | undefined;
  /** the world itself (validated like a file's); takes the place of worldFile */
  world?: unknown;
  timing: Timing;
  /** reload the world even when the data directory already holds one */
  resetWorld?: boolean;
  logLevel?: string;
  durability?: 'full' | 'normal';
  /** largest request body accepted, in bytes */
  bodyLimit?: number;
  /** how long a client may take to send a whole request (ms); 408 after that */
  requestTimeoutMs?: number;
  /** wall time a node's claim on due jobs lasts (ms): a node that dies delays its jobs by at most this */
  jobLeaseMs?: number;
  /** on a shared (PostgreSQL) store, how often a node looks for due jobs nobody woke it for (ms) */
  jobPollMs?: number;
  /** keep the request log and the metrics (default true; the bench measures their cost with false) */
  requestLog?: boolean;
  /** calls the request log keeps (default 10,000) */
  requestLogSize?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  /** what a start printed: the loaded world's accounts, keys and projects */
  summary: WorldSummary | null;
  close(): Promise<void>;
}

export function readWorldFile(file: string | undefined): unknown {
  const path = file ?? packageFile('data', 'demo-world.json');
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

const noSchemaCompiler = (): never => {
  throw new Error('specshift routes declare no JSON schemas');
};

/**
 * Failures before any route ran: body too large, bad content length, and (through fastify's
 * frameworkErrors) a URL whose %-escapes are not UTF-8, which fastify otherwise answers in its own
 * shape (found by the reliability fuzzer).
 */
function answerUnrouted(err: Error & { statusCode?: number; code?: string }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  if (!err.statusCode || err.statusCode >= 500) req.log.error({ err }, 'request failed before routing');
  return sendUnrouted(req, reply, status === 413 ? 'too-large' : 'invalid', status, err.message);
}

export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  const log: Logger = pino({ level: opts.logLevel ?? 'warn' });
  const engineStore: Store = opts.databaseUrl
    ? // loaded only when asked for: importing pg costs ~25 ms of every SQLite cold start (bench/README.md)
      await (await import('../store/postgres/postgres-store.js')).PostgresStore.open({ connectionString: opts.databaseUrl, poolSize: opts.databasePoolSize })
    : new SqliteStore({ dataDir: opts.dataDir, durability: opts.durability ?? 'normal', discardDamaged: opts.resetWorld ?? false });
  const observing = opts.requestLog !== false;
  const metrics: Metrics = observing ? promMetrics(engineStore) : NO_METRICS;
  const store = observing ? timedStore(engineStore, metrics) : engineStore;
  const initialWorld = opts.world !== undefined ? opts.world : readWorldFile(opts.worldFile);

  let manualClock: ManualClock | null = null;
  let clock: Clock = systemClock;
  if (opts.timing === 'manual') {
    // the virtual clock survives restarts, so a resumed job keeps its place in virtual time
    const saved = await store.reads.getMeta('clock.manual');
    manualClock = new ManualClock(saved ? Number(saved) : Date.now());
    clock = manualClock;
  }

  const faults = new FaultBook(store, clock);
  for (const p of PROVIDERS) if (p.cloud) faults.registerCloud(p.cloud.id, p.cloud.faults);
  const worldSections = [...PROVIDERS.flatMap((p) => p.worldSections ?? []), faultsWorldSection(faults)];

  let summary: WorldSummary | null = null;
  const hasWorld = (await store.reads.getMeta('world.loadedAt')) !== undefined;
  if (!hasWorld || opts.resetWorld) {
    // the shipped demo world (no --world) is validated by the test suite, not at every start
    summary = await loadWorld(store, initialWorld, clock.now(), worldSections, { trusted: opts.worldFile === undefined && opts.world === undefined }).catch(async (err: unknown) => {
      // nodes sharing one PostgreSQL database started together: another one loaded the world first
      // and our rows collided with its rows; use the world it loaded
      if (!opts.resetWorld && (await store.reads.getMeta('world.loadedAt')) !== undefined) return null;
      throw err;
    });
  }
  if (manualClock) await store.transaction((tx) => tx.setMeta('clock.manual', String(manualClock!.now())));

  const world = new WorldState(store);
  await world.refresh().catch(async (err: unknown) => {
    await store.close().catch(() => undefined);
    // a record that no longer parses (a corrupt page SQLite's checks cannot see) is damage, not a defect
    if (!(err instanceof SyntaxError)) throw err;
    const where = opts.databaseUrl ? 'the PostgreSQL database' : `the database in the data directory ${opts.dataDir}`;
    throw new Error(`${where} is damaged: a stored record is not valid JSON (${err.message}). Restore it from a copy, or start with --reset to discard it and load a new world.`);
  });
  await faults.refresh();
  const engine = new JobEngine(store, clock, opts.timing, log, systemClock, { leaseMs: opts.jobLeaseMs, pollMs: opts.jobPollMs, faults, metrics });
  // what other nodes sharing the store did: load a world, move the manual clock, make jobs due
  await store.subscribe((event) => {
    if (event.kind === 'world') void world.refresh().catch((err: unknown) => log.error({ err }, 'world refresh after another node loaded a world failed'));
    if (event.kind === 'clock' && manualClock && event.now > manualClock.now()) manualClock.set(event.now);
    if (event.kind === 'faults' || event.kind === 'world') void faults.refresh().catch((err: unknown) => log.error({ err }, 'fault rules refresh failed'));
    engine.poke();
  });
  // a notice can be missed (a LISTEN connection being re-established): on a shared store the manual
  // clock is also read back from the database every poll, so a node never stays behind
  let clockSync: NodeJS.Timeout | null = null;
  if (store.shared && manualClock) {
    const shared = manualClock;
    clockSync = setInterval(() => {
      void store.reads.getMeta('clock.manual').then(
        (v) => {
          if (v !== undefined && Number(v) > shared.now()) {
            shared.set(Number(v));
            engine.poke();
          }
        },
        () => undefined,
      );
    }, opts.jobPollMs ?? 1_000);
    clockSync.unref();
  }
  const orders = new OrderBook(faults);
  const requests = observing ? new RequestLog(opts.requestLogSize ?? 10_000) : null;
  const statusBy = new Map(PROVIDERS.flatMap((p) => (p.cloud ? [[p.cloud.id, p.cloud.status] as const] : [])));
  const serverStatus = (s: Server) => statusBy.get(s.cloud)?.(s) ?? s.vmState;
  const ctx: AppContext = { store, world, clock, wallClock: systemClock, manualClock, timing: opts.timing, engine, orders, log, worldSections, initialWorld, requests, metrics, faults, serverStatus };

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    genReqId: genRequestId,
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // No route declares a JSON schema (bodies are read field by field), so fastify's default
    // compilers (Ajv, fast-json-stringify) would only cost ~16 ms of every cold start.
    schemaController: { compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler } },
    clientErrorHandler: answerMalformedHttp,
    requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    http: httpServerLimits(opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    frameworkErrors: answerUnrouted,
  });
  // Bodies stay raw bytes: signatures are computed over them, and each cloud parses and rejects
  // malformed JSON in its own envelope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  trackInFlight(app.server);
  app.addHook('onRequest', guardRequest);
  // before the recorder's onSend: a logged latency includes the time a reply was held
  batchReplies(app);
  const recorder = recordRequests(app, requests, metrics, world);
  setRouteGate(app, { faults, metrics, dropped: (req, reply) => recorder.dropped(req, reply) });
  app.setNotFoundHandler((req, reply) => sendUnrouted(req, reply, 'not-found', 404, 'not found'));
  app.setErrorHandler(answerUnrouted);

  await app.register(async (scope) => controlRoutes(scope, ctx));
  await app.register(async (scope) => consoleRoutes(scope));
  // each provider in a scope of its own: its error handler and hooks never reach another's routes
  for (const p of PROVIDERS) await app.register(async (scope) => p.register(scope, ctx));

  engine.start();
  return {
    app,
    ctx,
    summary,
    async close() {
      if (clockSync) clearInterval(clockSync);
      await engine.stop();
      await app.close();
      await store.close();
    },
  };
}

/** The store with every transaction timed for the metrics (from the call to its commit). */
function timedStore(s: Store, metrics: Metrics): Store {
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      metrics.transaction((performance.now() - t0) / 1000);
    }
  };
  return {
    get engine() {
      return s.engine;
    },
    get shared() {
      return s.shared;
    },
    get reads() {
      return s.reads;
    },
    transaction: (fn) => timed(() => s.transaction(fn)),
    // a transaction of the engine's own, timed as one
    claimNonce: (nonce, expiresAt) => timed(() => s.claimNonce(nonce, expiresAt)),
    claimDueJobs: (node, now, wallNow, leaseMs, limit) => timed(() => s.claimDueJobs(node, now, wallNow, leaseMs, limit)),
    purgeNonces: (now) => s.purgeNonces(now),
    publish: (e) => s.publish(e),
    subscribe: (l) => s.subscribe(l),
    ping: () => s.ping(),
    close: () => s.close(),
    // the optional capabilities of the engine underneath, or none when it has none
    ...(s.snapshot ? { snapshot: () => s.snapshot!() } : {}),
    ...(s.restoreSnapshot ? { restoreSnapshot: () => s.restoreSnapshot!() } : {}),
  };
}
