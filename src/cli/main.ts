// `specshift serve`: flags, each also an environment variable (SPECSHIFT_*).
import { parseArgs } from 'node:util';
import type { Timing } from '../core/clock.js';
import { createServer } from '../server/create-server.js';
import { describeWorld } from './describe-world.js';
import { operationsMarkdown } from './operations-doc.js';
import { PROVIDERS } from '../server/providers.js';

const USAGE = `usage: specshift serve [options]
       specshift operations     list the operations specshift serves, per cloud and service (Markdown)

  --host HOST        address to listen on (SPECSHIFT_HOST, default 127.0.0.1)
  --port PORT        port (SPECSHIFT_PORT, default 4600; 0 picks a free one)
  --data DIR         directory of the SQLite database (SPECSHIFT_DATA, default ./.specshift);
                     :memory: keeps everything in memory, for a throwaway run
  --in-memory        the same as --data :memory: (SPECSHIFT_IN_MEMORY=1)
  --database-url URL PostgreSQL connection string, for nodes sharing one database; replaces --data
                     (SPECSHIFT_DATABASE_URL, e.g. postgres://specshift@db:5432/specshift)
  --world FILE       world file to load into an empty data directory (SPECSHIFT_WORLD, default: the demo world)
  --reset            load the world even if the data directory already holds one (SPECSHIFT_RESET=1)
  --timing MODE      instant | realistic | manual (SPECSHIFT_TIMING, default realistic)
  --log-level LEVEL  pino level (SPECSHIFT_LOG_LEVEL, default warn)
  --durability MODE  normal | full: fsync on every commit with full (SPECSHIFT_DURABILITY, default normal)
  --request-timeout MS  how long a client may take to send a whole request before 408
                     (SPECSHIFT_REQUEST_TIMEOUT, default 30000)
  --request-log-size N  cloud calls the request log keeps (SPECSHIFT_REQUEST_LOG_SIZE, default 10000)
  --no-request-log   no request log and no metrics (SPECSHIFT_REQUEST_LOG=0): what the bench
                     compares against to show what they cost

  Several nodes on one PostgreSQL database (docs/deploy.md):
  --db-pool N        connections this node keeps to PostgreSQL (SPECSHIFT_DB_POOL, default 10)
  --job-lease MS     how long a node's claim on due jobs lasts; a node that dies delays its jobs
                     by at most this (SPECSHIFT_JOB_LEASE, default 10000)
  --job-poll MS      how often a node looks for due jobs no event woke it for (SPECSHIFT_JOB_POLL,
                     default 1000)
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'in-memory': { type: 'boolean' },
      'database-url': { type: 'string' },
      world: { type: 'string' },
      reset: { type: 'boolean' },
      timing: { type: 'string' },
      'log-level': { type: 'string' },
      durability: { type: 'string' },
      'request-timeout': { type: 'string' },
      'db-pool': { type: 'string' },
      'job-lease': { type: 'string' },
      'job-poll': { type: 'string' },
      'request-log-size': { type: 'string' },
      'no-request-log': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals[0] === 'operations' && !values.help) {
    process.stdout.write(operationsMarkdown(PROVIDERS));
    return 0;
  }
  if (values.help || positionals[0] !== 'serve') {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const env = process.env;
  const host = values.host ?? env.SPECSHIFT_HOST ?? '127.0.0.1';
  const port = Number(values.port ?? env.SPECSHIFT_PORT ?? 4600);
  const timing = (values.timing ?? env.SPECSHIFT_TIMING ?? 'realistic') as Timing;
  const durability = values.durability ?? env.SPECSHIFT_DURABILITY ?? 'normal';
  if (!['instant', 'realistic', 'manual'].includes(timing)) {
    process.stderr.write(`specshift: --timing must be instant, realistic or manual\n`);
    return 2;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`specshift: --port must be 0-65535\n`);
    return 2;
  }
  const requestTimeoutMs = Number(values['request-timeout'] ?? env.SPECSHIFT_REQUEST_TIMEOUT ?? 30_000);
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 100 || requestTimeoutMs > 3_600_000) {
    process.stderr.write(`specshift: --request-timeout must be 100-3600000 (ms)\n`);
    return 2;
  }
  const intFlag = (name: string, raw: string | undefined, def: number, min: number, max: number): number | null => {
    const v = Number(raw ?? def);
    if (Number.isInteger(v) && v >= min && v <= max) return v;
    process.stderr.write(`specshift: --${name} must be ${min}-${max}\n`);
    return null;
  };
  const dbPool = intFlag('db-pool', values['db-pool'] ?? env.SPECSHIFT_DB_POOL, 10, 1, 1000);
  const jobLeaseMs = intFlag('job-lease', values['job-lease'] ?? env.SPECSHIFT_JOB_LEASE, 10_000, 100, 3_600_000);
  const jobPollMs = intFlag('job-poll', values['job-poll'] ?? env.SPECSHIFT_JOB_POLL, 1_000, 10, 3_600_000);
  const requestLogSize = intFlag('request-log-size', values['request-log-size'] ?? env.SPECSHIFT_REQUEST_LOG_SIZE, 10_000, 1, 1_000_000);
  if (dbPool === null || jobLeaseMs === null || jobPollMs === null || requestLogSize === null) return 2;
  if (durability !== 'normal' && durability !== 'full') {
    process.stderr.write(`specshift: --durability must be normal or full\n`);
    return 2;
  }
  const memoryFlag = values['in-memory'] ?? env.SPECSHIFT_IN_MEMORY === '1';
  if (memoryFlag && values.data !== undefined && values.data !== ':memory:') {
    process.stderr.write(`specshift: --in-memory and --data DIR exclude each other\n`);
    return 2;
  }
  const dataDir = memoryFlag ? ':memory:' : (values.data ?? env.SPECSHIFT_DATA ?? '.specshift');
  const inMemory = dataDir === ':memory:';
  const server = await createServer({
    dataDir,
    databaseUrl: values['database-url'] ?? (env.SPECSHIFT_DATABASE_URL || undefined),
    worldFile: values.world ?? env.SPECSHIFT_WORLD,
    resetWorld: values.reset ?? env.SPECSHIFT_RESET === '1',
    timing,
    logLevel: values['log-level'] ?? env.SPECSHIFT_LOG_LEVEL ?? 'warn',
    durability,
    requestTimeoutMs,
    databasePoolSize: dbPool,
    jobLeaseMs,
    jobPollMs,
    requestLog: !(values['no-request-log'] ?? env.SPECSHIFT_REQUEST_LOG === '0'),
    requestLogSize,
  });
  // The stop signals are taken before the banner: whoever waits for the banner may stop the server
  // the moment it reads it, and a SIGTERM that came before the handler killed the process without
  // closing its store (the bench saw it: the directory left marked as running, its next start
  // recovering the whole log). The handler stays for every signal: `npm start` and Ctrl-C deliver
  // SIGINT twice (the terminal's to the process group, and npm's forward), and a second signal with
  // no handler would kill the process halfway through its close. (During the world load, before any
  // of this, a signal still stops the process at once: the store recovers like after a crash.)
  let listening: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const shutdown = () => {
    if (stopping) {
      process.stderr.write('specshift: still stopping (closing the store); SIGKILL stops it at once\n');
      return;
    }
    stopping = true;
    void listening
      .catch(() => undefined)
      .then(() => server.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          // said, not swallowed: the data directory stays marked as running, and the next start checks it
          process.stderr.write(`specshift: shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  listening = server.app.listen({ host, port });
  const address = (await listening) as string;
  if (stopping) return 0;
  process.stdout.write(describeWorld(address, server.ctx, timing, inMemory && !server.ctx.store.shared));
  return 0;
}
