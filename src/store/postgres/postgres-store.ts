// The PostgreSQL engine: the same Store contract as SQLite, for several specshift nodes sharing one
// database.
//
// Concurrency choice: READ COMMITTED transactions plus row locks. Every point read inside a
// transaction (getServer, getJob, getOrder, getAccount, findWorldDoc, getMeta) is SELECT ... FOR UPDATE
// (see postgres-ops.ts). Two nodes resizing the same server therefore queue on that server's row: the
// second blocks in getServer until the first commits, then reads the committed row (busyJobId set) and
// its own rules refuse it. Nothing is accepted twice and nobody gets a spurious conflict; the
// version compare-and-set in updateServer stays as a second guard for writes made without a locked read.
// Why not SERIALIZABLE with retries: every contended pair would fail at commit and re-run, and a retry
// loop hidden in the store would re-run callers' bodies without them knowing; row locks make the loser
// wait instead, and READ COMMITTED gives each statement after the wait a fresh snapshot, so a batch
// job's sibling sees the sub-job that just committed (settleParent depends on that).
// Rules that only read the account use readAccount (no lock): with the lock every resize of an
// account queued on its row, whatever server it named. Locks taken in different orders can still
// deadlock (a payment locks the account after the servers, an explicit PayOrders the account first):
// PostgreSQL aborts one side, and that abort, like a lock wait over LOCK_TIMEOUT, surfaces as
// StoreConflict, which services already retry.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Job } from '../../core/model/types.js';
import { StoreConflict, StoreUnavailable, type Store, type StoreEvent, type StoreReads, type StoreTx } from '../../core/model/store.js';
import { pgMigrations } from './postgres-migrations.js';
import { isConnectionLost, PgOps } from './postgres-ops.js';

export interface PostgresOptions {
  /** postgres://user@host:port/db; `?options=-c search_path=NAME` selects a schema */
  connectionString: string;
  /** pooled connections per node (default 10) */
  poolSize?: number;
}

/**
 * Like SQLite's busy_timeout: a row lock held longer than this by another node is reported as a
 * conflict. Set once per connection (a startup parameter), not per transaction: that was one more
 * statement in every transaction's first round trip.
 */
const LOCK_TIMEOUT_MS = 5_000;
const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED';
/** SQLSTATEs meaning "the transaction lost a race and was rolled back; running it again may succeed". */
const RACE_LOST = new Set(['40001', '40P01', '55P03']);

/** How long a lost LISTEN connection waits before it tries again (doubling up to the cap). */
const LISTEN_RETRY_MS = [100, 250, 500, 1_000, 2_000, 5_000];

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly shared = true;
  readonly reads: StoreReads;
  /** this node's name on the channel, so it does not act on its own events */
  private readonly node = randomBytes(8).toString('hex');
  private readonly listeners: ((event: StoreEvent) => void)[] = [];
  private listener: pg.Client | null = null;
  /** the first LISTEN attempt (retries run on in the background) */
  private listening: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    /** NOTIFY is per database: the channel is per schema, so nodes of other schemas (parallel test runs) never hear it */
    private readonly channel: string,
  ) {
    this.reads = new PgOps(pool, false);
  }

  /** Connects and brings the schema up to date before the store is used. */
  static async open(opts: PostgresOptions): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.poolSize ?? 10, keepAlive: true, application_name: applicationName(opts.connectionString), lock_timeout: LOCK_TIMEOUT_MS });
    // an idle client that loses its connection emits 'error' on the pool; without a listener Node exits
    pool.on('error', () => undefined);
    let channel: string;
    try {
      await migrate(pool);
      const schema = ((await pool.query('SELECT current_schema() AS s')).rows[0] as { s: string | null }).s ?? '';
      channel = `specshift_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresStore(pool, opts.connectionString, channel);
  }

  async publish(event: StoreEvent): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, JSON.stringify({ node: this.node, event })]).catch((err: unknown) => {
      throw isConnectionLost(err) ? new StoreUnavailable(err) : err;
    });
  }

  /** The first subscriber opens one dedicated LISTEN connection, reopened whenever it is lost. */
  async subscribe(listener: (event: StoreEvent) => void): Promise<void> {
    this.listeners.push(listener);
    if (this.listeners.length === 1) this.listening = this.listen(0);
    // a node that announces itself before it listens would miss what others do meanwhile
    await Promise.race([this.listening, new Promise((r) => setTimeout(r, 5_000).unref())]);
  }

  private async listen(attempt: number): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: applicationName(this.connectionString) });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen(attempt + 1), LISTEN_RETRY_MS[Math.min(attempt, LISTEN_RETRY_MS.length - 1)]).unref();
    };
    client.on('error', retry);
    client.on('end', () => {
      if (!this.closed && this.listener === client) retry();
    });
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      let parsed: { node?: string; event?: StoreEvent };
      try {
        parsed = JSON.parse(msg.payload) as { node?: string; event?: StoreEvent };
      } catch {
        return;
      }
      if (parsed.node === this.node || !parsed.event) return;
      for (const l of this.listeners) l(parsed.event);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listener = client;
      // events sent while this node was not listening are lost: tell the listeners to look again
      if (attempt > 0) for (const l of this.listeners) l({ kind: 'world' });
    } catch {
      retry();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1').catch((err: unknown) => {
      throw new StoreUnavailable(err);
    });
  }

  /**
   * One row keyed by the nonce: a concurrent claim from any node waits on the first's row and loses.
   * One statement, so it runs as its own transaction (autocommit): one round trip, not BEGIN, the
   * INSERT and COMMIT.
   */
  claimNonce(nonce: string, expiresAt: number): Promise<boolean> {
    return new PgOps(this.pool, false).claimNonce(nonce, expiresAt);
  }

  /** One statement (an UPDATE of the rows its subquery locks, SKIP LOCKED): autocommit, one round trip. */
  claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number): Promise<Job[]> {
    return new PgOps(this.pool, false).claimDueJobs(node, now, wallNow, leaseMs, limit);
  }

  async purgeNonces(now: number): Promise<void> {
    await this.transaction((tx) => (tx as PgOps).purgeNonces(now));
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw new StoreUnavailable(err);
    });
    let broken = false;
    // a connection cut while checked out (between two statements) emits 'error' on the client; with
    // no listener that would end the process. The statement in flight fails too, and is reported.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    // BEGIN travels with the body's first statement, its deferred writes with COMMIT (PgOps)
    const ops = new PgOps(client, true, BEGIN);
    try {
      const result = await fn(ops);
      // COMMIT of a transaction a failed statement already aborted answers ROLLBACK, not an error
      const done = await ops.commit();
      if (done === 'ROLLBACK') throw new Error('transaction aborted by an earlier failed statement; nothing was committed');
      return result;
    } catch (err) {
      if (ops.begun) {
        await client.query('ROLLBACK').catch(() => {
          broken = true; // the connection itself failed: do not hand it to the next caller
        });
      }
      throw raceToConflict(err);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

/** `specshift` and the schema it works in, so an operator (or a test) can tell its connections in pg_stat_activity. */
function applicationName(connectionString: string): string {
  let schema = '';
  try {
    schema = /search_path\s*=\s*([A-Za-z0-9_]+)/.exec(new URL(connectionString).searchParams.get('options') ?? '')?.[1] ?? '';
  } catch {
    // not a URL (a keyword=value string): the plain name will do
  }
  return schema ? `specshift ${schema}`.slice(0, 63) : 'specshift';
}

function raceToConflict(err: unknown): unknown {
  if (isConnectionLost(err)) return new StoreUnavailable(err);
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !RACE_LOST.has(code)) return err;
  const conflict = new StoreConflict(`transaction (PostgreSQL ${code})`);
  conflict.cause = err;
  return conflict;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so nodes starting together
 * migrate once: the others wait, then find the schema current. The lock is per schema, so parallel
 * test runs in their own schemas do not wait for each other.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('specshift.migrate'), hashtext(coalesce(current_schema(), '')))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query('SELECT version FROM schema_version')).rows[0] as { version: number } | undefined;
    if (!row) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    const from = row?.version ?? 0;
    for (let v = from; v < pgMigrations.length; v++) await client.query(pgMigrations[v]!);
    if (from < pgMigrations.length) await client.query('UPDATE schema_version SET version = $1', [pgMigrations.length]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
