import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { ManualClock, stepDurations, systemClock, type Clock, type Timing } from '../core/clock.js';
import { EcsService } from '../core/services/ecs-service.js';
import { OrderBook } from '../core/services/orders.js';
import { WorldState } from '../core/world-state.js';
import { JobEngine } from '../jobs/job-engine.js';
import { packageFile } from '../paths.js';
import { huaweiEcsRoutes } from '../providers/huawei/ecs/ecs-routes.js';
import { huaweiBssRoutes } from '../providers/huawei/bss/bss-routes.js';
import { huaweiIamRoutes } from '../providers/huawei/iam/iam-routes.js';
import { controlRoutes } from '../control/control-routes.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { loadWorld, type WorldSectionLoader, type WorldSummary } from '../world/load-world.js';
import type { AppContext } from './app-context.js';
import { answerMalformedHttp, familyOf, genRequestId, sendFamilyError } from './wire-envelopes.js';
import { providerPlugins } from './provider-plugins.js';

export interface ServerOptions {
  dataDir: string;
  /** a PostgreSQL connection string: when set, the shared PostgreSQL engine is used and dataDir is ignored */
  databaseUrl?: string | undefined;
  worldFile?: string | undefined;
  timing: Timing;
  /** reload the world even when the data directory already holds one */
  resetWorld?: boolean;
  logLevel?: string;
  durability?: 'full' | 'normal';
  /** largest request body accepted, in bytes */
  bodyLimit?: number;
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
  const family = familyOf(req.raw.url ?? '/');
  if (family === 'aliyun') return sendFamilyError(req, reply, status, status === 413 ? 'RequestEntityTooLarge' : 'InvalidParameter', err.message);
  if (family === 'huawei-ecs') return sendFamilyError(req, reply, status, 'Ecs.0005', `Invalid request: ${err.message}`);
  // the API gateway's "request is not valid" code covers oversize bodies too
  return sendFamilyError(req, reply, status, 'APIGW.0201', `Invalid request: ${err.message}`);
}

export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  const log: Logger = pino({ level: opts.logLevel ?? 'warn' });
  const store: Store = opts.databaseUrl
    ? // loaded only when asked for: importing pg costs ~25 ms of every SQLite cold start (bench/README.md)
      await (await import('../store/postgres/postgres-store.js')).PostgresStore.open({ connectionString: opts.databaseUrl })
    : new SqliteStore({ dataDir: opts.dataDir, durability: opts.durability ?? 'normal' });
  const initialWorld = readWorldFile(opts.worldFile);
  const worldSections: WorldSectionLoader[] = providerPlugins.flatMap((p) => (p.worldSection ? [p.worldSection] : []));

  let manualClock: ManualClock | null = null;
  let clock: Clock = systemClock;
  if (opts.timing === 'manual') {
    // the virtual clock survives restarts, so a resumed job keeps its place in virtual time
    const saved = await store.reads.getMeta('clock.manual');
    manualClock = new ManualClock(saved ? Number(saved) : Date.now());
    clock = manualClock;
  }

  let summary: WorldSummary | null = null;
  const hasWorld = (await store.reads.getMeta('world.loadedAt')) !== undefined;
  if (!hasWorld || opts.resetWorld) {
    // the shipped demo world (no --world) is validated by the test suite, not at every start
    summary = await loadWorld(store, initialWorld, clock.now(), worldSections, { trusted: opts.worldFile === undefined }).catch(async (err: unknown) => {
      // nodes sharing one PostgreSQL database started together: another one loaded the world first
      // and our rows collided with its rows; use the world it loaded
      if (!opts.resetWorld && (await store.reads.getMeta('world.loadedAt')) !== undefined) return null;
      throw err;
    });
  }
  if (manualClock) await store.transaction((tx) => tx.setMeta('clock.manual', String(manualClock!.now())));

  const world = new WorldState(store);
  await world.refresh();
  const engine = new JobEngine(store, clock, opts.timing, log);
  const orders = new OrderBook();
  const ecs = new EcsService(store, world, clock, engine, orders, stepDurations(opts.timing).dispatch);
  const ctx: AppContext = { store, world, clock, wallClock: systemClock, manualClock, timing: opts.timing, engine, ecs, orders, log, worldSections, initialWorld };

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
    frameworkErrors: answerUnrouted,
  });
  // Bodies stay raw bytes: signatures are computed over them, and each cloud parses and rejects
  // malformed JSON in its own envelope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });
  app.setNotFoundHandler((req, reply) => {
    const family = familyOf(req.raw.url ?? '/');
    if (family === 'aliyun') return sendFamilyError(req, reply, 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (family === 'control') return sendFamilyError(req, reply, 404, 'NotFound', 'no such control endpoint');
    return reply.code(404).send({ error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment', request_id: String(req.id) });
  });
  app.setErrorHandler(answerUnrouted);

  await app.register(async (scope) => controlRoutes(scope, ctx));
  await app.register(async (scope) => huaweiIamRoutes(scope, ctx));
  await app.register(async (scope) => huaweiEcsRoutes(scope, ctx));
  await app.register(async (scope) => huaweiBssRoutes(scope, ctx));
  for (const p of providerPlugins) await app.register(async (scope) => p.routes(scope, ctx));

  engine.start();
  return {
    app,
    ctx,
    summary,
    async close() {
      await engine.stop();
      await app.close();
      await store.close();
    },
  };
}
