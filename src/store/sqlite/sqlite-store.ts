import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Account, Credential, Flavor, Job, Order, OrderStatus, Project, Region, Server, User } from '../../core/model/types.js';
import { StoreConflict, type JobQuery, type OrderQuery, type ServerQuery, type ServerUsageGroup, type Store, type StoreReads, type StoreTx, type Token } from '../../core/model/store.js';
import { DamagedDataDirectory, DB_FILE, readState, WAL_FILE, walFinding, writeState, type DataDirState } from './data-dir-guard.js';
import { migrations } from './migrations.js';
import { FRESH_SCHEMA, FRESH_SCHEMA_VERSION } from './fresh-schema.generated.js';
import { groupByLength } from '../id-parts.js';
import { countable } from '../server-counts.js';
import { byPosition, listedByState, mergeRanges, statePairs, type Position, type PositionedRow } from '../server-states.js';
import { countableOrders } from '../order-counts.js';
import { Checkpointer } from './checkpointer.js';
import { CommittedDocs } from './committed-docs.js';
import { RecentNonces } from './recent-nonces.js';
import { sqliteAddonOptions } from './sqlite-addon.js';

type Db = Database.Database;
/** a document column as the statement returns it (plucked: no row object is built around it) */
type Doc = string;

const parse = <T>(doc: unknown): T | undefined => (doc === undefined ? undefined : (JSON.parse(doc as Doc) as T));
const parseAll = <T>(docs: unknown[]): T[] => (docs as Doc[]).map((d) => JSON.parse(d) as T);

export interface SqliteOptions {
  /** directory for the database file; ':memory:' keeps everything in RAM (tests) */
  dataDir: string;
  /** 'full' fsyncs every commit; 'normal' (default) survives process crashes, which is what emulation needs */
  durability?: 'full' | 'normal';
  /** how long to wait for a data directory another process is still closing (default 5000 ms) */
  lockWaitMs?: number;
  /**
   * a damaged directory (a database emptied or replaced, a write-ahead log deleted, zeroed or cut
   * after a crash, a corrupt page) is discarded and started afresh instead of refused (--reset)
   */
  discardDamaged?: boolean;
  /** servers one transaction inserts before the servers' indexes are built at its end instead (tests lower it) */
  bulkInsertThreshold?: number;
  /** the log's size in frames past which the writer waits for it to start over (tests lower it) */
  rewindAtFrames?: number;
  /** signature nonces held in memory at most (default NONCE_CAPACITY; tests lower it) */
  nonceCapacity?: number;
}

/** The meta key a world load stamps; the data directory's state file remembers it. */
const WORLD_STAMP = 'world.loadedAt';

/**
 * better-sqlite3 is synchronous, so a transaction body that awaits could interleave with another
 * request's transaction: transactions run one at a time, in arrival order.
 *
 * Group commit: the transactions that arrive in one turn of the event loop (the requests parsed
 * from every socket that was readable) run one after the other inside one SQLite transaction and
 * share one COMMIT; every caller learns its outcome only after that COMMIT, so nothing is
 * acknowledged before it is on disk. The COMMIT (WAL frame writes, ~60 us on a VM) was the largest
 * cost of a resize (bench/README.md).
 *
 * A body that throws must leave nothing behind. Most throw before they write (a rule refuses the
 * call): nothing to undo, the group goes on. A body that throws after writing cannot be undone
 * alone, since bodies run without savepoints: the whole transaction is rolled back, that body is
 * refused, and the rest of the group (those that had run too) runs again in a group that gives each
 * body a SAVEPOINT. Bodies are therefore written to be run again, as PostgreSQL's retries
 * (retryOnConflict) already require. Savepoints cost ~40% of a resize's store time: every page a
 * body changes is copied to SQLite's statement journal, which under locking_mode EXCLUSIVE (this
 * store's mode until checkpoints moved to a thread) stays a file once it has spilled, two write
 * syscalls a page (bench/README.md).
 *
 * Checkpoints run on a thread of their own (checkpointer.ts): the writer no longer stops the event
 * loop for the two fsyncs of each one (~250 ms every ~3,000 resizes).
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  /** one process owns the directory (an exclusive lock on specshift.lock): no other node can share it */
  readonly shared = false;
  readonly reads: StoreReads;
  private readonly db: Db;
  private readonly ops: SqliteOps;
  private pending: PendingTx[] = [];
  /** the drain in progress (or scheduled), so close() can wait for it */
  private draining: Promise<void> | null = null;

  /** the data directory's state (null for :memory:), kept in step with what is committed */
  private state: DataDirState | null = null;
  private readonly dir: string | null;
  /** the directory's lock, held open for the store's life (null for :memory:) */
  private readonly lock: Db | null;
  /** runs the log's checkpoints off the event loop (null for :memory:, or when it could not start) */
  private readonly checkpointer: Checkpointer | null;
  /** the log has grown past REWIND_AT_FRAMES: the next group waits for a checkpoint that lets it start the log over */
  private rewindDue = false;
  private lastCheckpointAt = 0;
  /** the checkpoint thread failed and the writer checkpoints itself again (wal_autocheckpoint) */
  private writerCheckpoints = false;
  private readonly rewindAtFrames: number;
  /** times the writer waited for the log to start over (tests read it) */
  rewinds = 0;

  constructor(opts: SqliteOptions) {
    this.dir = opts.dataDir === ':memory:' ? null : opts.dataDir;
    if (this.dir) mkdirSync(this.dir, { recursive: true });
    this.rewindAtFrames = opts.rewindAtFrames ?? REWIND_AT_FRAMES;
    this.lock = this.dir ? lockDirectory(this.dir, opts) : null;
    try {
      try {
        this.db = this.open(opts);
      } catch (err) {
        if (!(err instanceof DamagedDataDirectory) || !opts.discardDamaged || !this.dir) throw err;
        // --reset: nothing in a damaged directory is kept (but its lock, which this process holds)
        for (const f of [DB_FILE, WAL_FILE, `${DB_FILE}-shm`, 'specshift.state.json']) rmSync(join(this.dir, f), { force: true });
        this.db = this.open(opts);
      }
    } catch (err) {
      this.lock?.close();
      throw err;
    }
    this.checkpointer = this.dir ? this.startCheckpointer(join(this.dir, DB_FILE)) : null;
    this.control = controlStatements(this.db);
    this.ops = new SqliteOps(this.db, this.control.totalChanges, opts.bulkInsertThreshold);
    this.reads = sharedReads(this.ops, this.openReads);
    this.recentNonces = new RecentNonces(opts.nonceCapacity ?? NONCE_CAPACITY);
    this.reloadNonces();
  }

  /**
   * Reads outside a group share one read transaction per turn of the event loop. On its own each
   * such read is a transaction of its own, and starting one costs far more than the read: two fcntl
   * locks of the WAL index and the pager's checks, ~6-9 us against ~1 us for the read inside a
   * transaction on the development VM (bench/README.md, twelfth pass). The first read of a turn
   * opens it (BEGIN, deferred: it takes no lock until it reads); it ends at the check phase of the
   * loop (setImmediate), or before a group begins, whichever comes first. It sees only committed
   * rows, always the latest: this connection is the only writer (one process owns a data
   * directory), and every group ends it before writing. A read made while a group's transaction is
   * open runs in that transaction, as it always did.
   */
  private readonly openReads = (): void => {
    if (this.ops.readOnlyTransaction || this.db.inTransaction) return;
    this.control.beginRead.run();
    this.ops.readOnlyTransaction = true;
    setImmediate(this.endReads);
  };
  private readonly endReads = (): void => {
    if (!this.ops.readOnlyTransaction) return;
    this.ops.readOnlyTransaction = false;
    // SQLite may have ended it itself (an I/O error in a read rolls the transaction back)
    if (this.db.inTransaction) this.control.commit.run();
  };

  /** signature nonces recorded through claimNonce: the ones in nonce_log, held in memory as well */
  private readonly recentNonces: RecentNonces;

  /**
   * Memory holds every nonce of nonce_log (a start, a wipe or a restored snapshot read it anew), and
   * the claims go on checking the table keyed by the nonce while it may hold a live one.
   */
  private reloadNonces(): void {
    this.recentNonces.replace(this.ops.loggedNonces());
    this.ops.indexedNoncesUntil = this.ops.lastIndexedNonceExpiry();
  }

  /**
   * Checked in memory; recorded by an append to nonce_log in expiry order, committed with the group
   * before the caller hears true. Past the memory's capacity, a nonce goes to the table keyed by
   * the nonce instead (SqliteOps.claimNonce), where memory need not hold it.
   */
  async claimNonce(nonce: string, expiresAt: number): Promise<boolean> {
    const recent = this.recentNonces;
    if (recent.has(nonce)) return false;
    const inMemory = recent.hasRoom;
    recent.begin(nonce);
    let recorded = false;
    try {
      recorded = await this.transaction(async () => (inMemory ? this.ops.logNonce(nonce, expiresAt) : this.ops.claimNonce(nonce, expiresAt)));
      return recorded;
    } finally {
      recent.end(nonce, recorded && inMemory ? expiresAt : null);
    }
  }

  /** one writer: the claim joins the next group, as any transaction does */
  claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number): Promise<Job[]> {
    return this.transaction((tx) => tx.claimDueJobs(node, now, wallNow, leaseMs, limit));
  }

  async purgeNonces(now: number): Promise<void> {
    this.recentNonces.purge(now);
    await this.transaction(async () => this.ops.purgeNonces(now));
  }

  /** nonces held in memory (tests read it) */
  get noncesInMemory(): number {
    return this.recentNonces.size;
  }

  /** Opens the database, takes the directory, checks it can be trusted, migrates it. */
  private open(opts: SqliteOptions): Db {
    const dir = this.dir;
    const previous = dir ? readState(dir) : null;
    const walExisted = dir ? existsSync(join(dir, WAL_FILE)) : false;
    // The log as the last run left it, checked before SQLite reads anything (the directory is ours:
    // lockDirectory). SQLite ignores a log it finds damaged, and reads the database file alone: if
    // the checkpoint thread had copied part of the log into it before the crash, that file is
    // half-written and SQLite reports it malformed, which hides what happened to the log.
    if (dir && previous?.running) {
      if (!walExisted) throw new DamagedDataDirectory(dir, `the last run did not stop cleanly and its write-ahead log ${WAL_FILE} is gone: the changes it held are lost`);
      const finding = walFinding(join(dir, WAL_FILE));
      if (finding) throw new DamagedDataDirectory(dir, finding);
    }
    const db = new Database(dir ? join(dir, DB_FILE) : ':memory:', sqliteAddonOptions());
    // Normal locking (not EXCLUSIVE): the checkpoint thread needs a connection of its own. The
    // directory's lock (lockDirectory) keeps other processes out.
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // the log checked out (above): the database with it must read whole
      if (dir && previous?.running) {
        const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
        if (check.join() !== 'ok') throw new DamagedDataDirectory(dir, `${DB_FILE} fails SQLite's integrity check (${check.slice(0, 3).join('; ')})`);
      }
      db.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      // Checkpoints (copy the WAL into the database, two fsyncs) run on the checkpoint thread; the
      // writer checkpoints itself only for migrations and world loads before that thread starts,
      // or if it fails: every 10,000 pages (40 MB of WAL), not SQLite's 1,000, since a checkpoint
      // stalls the event loop for ~250 ms and pages rewritten in between are copied only once.
      db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_FRAMES}`);
      migrate(db);
      if (dir) {
        const stamp = (db.prepare('SELECT value FROM meta WHERE key = ?').get(WORLD_STAMP) as { value: string } | undefined)?.value ?? null;
        if (previous?.worldLoadedAt && stamp !== previous.worldLoadedAt) {
          throw new DamagedDataDirectory(
            dir,
            stamp === null
              ? `it held a world (loaded ${new Date(Number(previous.worldLoadedAt)).toISOString()}) but ${DB_FILE} holds none: the database was emptied, replaced or lost its write-ahead log`
              : `${DB_FILE} holds another world than the one this directory held: the database was replaced`,
          );
        }
        this.state = { format: 1, worldLoadedAt: stamp, running: true };
        writeState(dir, this.state);
      }
      return db;
    } catch (err) {
      db.close();
      if (dir && ['SQLITE_CORRUPT', 'SQLITE_NOTADB'].includes((err as { code?: string }).code ?? '')) {
        throw new DamagedDataDirectory(dir, `${DB_FILE} is not a readable database (${(err as Error).message})`);
      }
      throw err;
    }
  }

  /** The checkpoint thread; without it (it failed to start) the writer checkpoints as before. */
  private startCheckpointer(file: string): Checkpointer | null {
    try {
      const c = new Checkpointer(file);
      this.db.pragma('wal_autocheckpoint = 0');
      return c;
    } catch {
      return null;
    }
  }

  /**
   * After a COMMIT: a checkpoint is asked of the thread at most every CHECKPOINT_EVERY_MS, so the
   * log's pages reach the database (and the disk) in small batches; past REWIND_AT_FRAMES the next
   * group waits for one (see drain).
   */
  private committed(): void {
    const c = this.checkpointer;
    if (!c) return;
    if (c.broken) {
      // the thread is gone: the writer checkpoints itself again, as SQLite does by default
      if (!this.writerCheckpoints) this.db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_FRAMES}`);
      this.writerCheckpoints = true;
      return;
    }
    if (c.last && c.last.log >= this.rewindAtFrames) this.rewindDue = true;
    const now = Date.now();
    if (!c.running && now - this.lastCheckpointAt >= CHECKPOINT_EVERY_MS) {
      this.lastCheckpointAt = now;
      c.checkpoint().catch(() => undefined);
    }
  }

  /**
   * SQLite starts the log over at a write that finds every frame copied, which a checkpoint running
   * beside the writer never leaves: the writer waits (the event loop does not) for one checkpoint
   * begun after its last COMMIT, which has only the frames since the thread's previous one to copy.
   */
  private async rewind(): Promise<void> {
    this.rewindDue = false;
    this.rewinds++;
    const c = this.checkpointer!;
    try {
      this.endReads();
      await c.fresh();
    } catch {
      // the thread failed: the writer copies what is left itself
      this.db.pragma('wal_checkpoint(PASSIVE)');
    }
    // its figures are the old log's until the thread's next checkpoint
    c.last = null;
  }

  /** A world load committed: the state file learns which world the directory now holds. */
  private worldStamped(stamp: string): void {
    if (!this.dir || !this.state) return;
    this.state = { ...this.state, worldLoadedAt: stamp };
    writeState(this.dir, this.state);
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.enqueue(fn, false);
  }

  /** Queues a body; `guarded` ones always run under a savepoint (bodies whose writes total_changes() does not see, such as DDL). */
  private enqueue<T>(fn: (tx: StoreTx) => Promise<T>, guarded: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject, guarded });
      this.draining ??= this.drainAfter(this.lastGroupSize > 1 ? 2 : 1);
    });
  }

  /**
   * Runs the queued bodies as a group in the check phase of this turn (setImmediate runs after the
   * poll phase: every request read in it joins), or of the next turn while callers come in numbers
   * (the last group had more than one body): then the requests read in both poll phases join. One
   * turn alone made small groups under load (the requests a group's replies bring back arrive once
   * the next poll phase has begun), each paying a COMMIT. Scratch A/B, resize on 100,000 servers, 3
   * alternated pairs of 3 runs: 0.19-0.20 -> 0.22-0.26 of bare, every run of this build above every
   * run of the one-turn build. A caller alone (a test suite's SDK calls one after another, the job
   * engine's steps in instant timing) never waits the second turn: a version that always waited let
   * a caller's next call in before an instant job was done (bench/README.md, seventh pass).
   */
  private drainAfter(turns: 1 | 2): Promise<void> {
    return new Promise<void>((done) => {
      const run = () => void this.drain().finally(done);
      setImmediate(turns === 1 ? run : () => setImmediate(run));
    });
  }

  /** bodies in the last group committed: more than one says callers come in numbers */
  private lastGroupSize = 0;

  /** groups committed (tests read it) */
  groupsCommitted = 0;

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        if (this.rewindDue) await this.rewind();
        await this.runGroup(this.pending.splice(0, MAX_GROUP));
      }
    } finally {
      this.draining = null;
      // a transaction queued by the last group's callers (after its drain loop ended) starts a new one
      if (this.pending.length > 0) this.draining = this.drainAfter(1);
    }
  }

  /**
   * The transaction-control statements, prepared once: db.exec parses its SQL on every call, and a
   * group ran four of them (~1.5 us each on the development VM, bench/scenarios/stages.ts).
   */
  private readonly control: ReturnType<typeof controlStatements>;

  /** groups rolled back whole because a body failed after writing (tests read it) */
  groupsRedone = 0;

  private async runGroup(group: PendingTx[]): Promise<void> {
    const c = this.control;
    const outcomes: (() => void)[] = [];
    try {
      this.endReads();
      c.begin.run();
    } catch (err) {
      for (const t of group) t.reject(err);
      return;
    }
    this.ops.pendingWorldStamp = null;
    this.ops.noncesReplaced = false;
    // a group of one needs no savepoint: its failure rolls the whole transaction back instead
    const alone = group.length === 1;
    for (let i = 0; i < group.length; i++) {
      const t = group[i]!;
      const stampBefore: string | null = this.ops.pendingWorldStamp;
      const savepoint = !alone && t.guarded;
      // rows changed so far (triggers' included): a body that throws and leaves it as it was wrote nothing
      const changesBefore = alone || savepoint ? 0 : (c.totalChanges.get() as number);
      if (savepoint) c.savepoint.run();
      this.ops.bodyStarts();
      try {
        const value = await t.fn(this.ops);
        // a world load's deferred indexes are built before anything else reads the table
        this.ops.rebuildDeferredIndexes();
        if (savepoint) c.release.run();
        outcomes.push(() => t.resolve(value));
      } catch (err) {
        const deferred = this.ops.deferring();
        this.ops.pendingWorldStamp = stampBefore;
        // the rollback below (or SQLite's own) brings the dropped indexes back with the rows
        this.ops.bodyStarts();
        if (!this.db.inTransaction) {
          // SQLite itself rolled the whole transaction back (I/O error, disk full): the group's
          // earlier work is gone too; the rest of the group tries again in a group of its own
          for (const o of group.slice(0, i + 1)) o.reject(err);
          this.pending.unshift(...group.slice(i + 1));
          return;
        }
        if (alone) {
          c.rollback.run();
          t.reject(err);
          return;
        }
        if (savepoint) {
          c.rollbackTo.run();
          c.release.run();
          outcomes.push(() => t.reject(err));
          continue;
        }
        if (!deferred && (c.totalChanges.get() as number) === changesBefore) {
          // refused before it wrote anything: nothing of it to undo
          outcomes.push(() => t.reject(err));
          continue;
        }
        // it wrote, then failed: only the whole transaction can be rolled back. It is refused; the
        // others (run or not yet) go again first, each under a savepoint this time, so a second
        // failure among them costs no third run
        c.rollback.run();
        this.groupsRedone++;
        t.reject(err);
        this.pending.unshift(...group.filter((o) => o !== t).map((o) => ({ ...o, guarded: true })));
        return;
      }
    }
    try {
      c.commit.run();
    } catch (err) {
      if (this.db.inTransaction) c.rollback.run();
      for (const t of group) t.reject(err);
      return;
    }
    this.groupsCommitted++;
    this.lastGroupSize = group.length;
    if (this.ops.pendingWorldStamp !== null) this.worldStamped(this.ops.pendingWorldStamp);
    if (this.ops.noncesReplaced) this.reloadNonces();
    this.committed();
    for (const settle of outcomes) settle();
  }

  /** the tables the snapshot holds (in the connection's temp schema), null before one is taken */
  private snapshotTables: string[] | null = null;

  /**
   * Copies every table into the connection's temp schema (temp.snap_<table>): never written to the
   * data directory, gone with the process. Taken through the transaction queue, so it sees only
   * committed work and no request's transaction is half done. Temp triggers then note which tables
   * change (temp.snap_dirty), so a restore rewrites only those: the flavor catalogues, hundreds of
   * rows that tests rarely touch, stay as they are.
   */
  async snapshot(): Promise<void> {
    // guarded: CREATE TEMP TABLE and its triggers are not rows total_changes() counts
    const tables = await this.enqueue(async () => {
      const names = (this.db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      this.db.exec('DROP TABLE IF EXISTS temp.snap_dirty; CREATE TEMP TABLE snap_dirty (name TEXT PRIMARY KEY)');
      for (const t of names) {
        this.db.exec(`DROP TABLE IF EXISTS temp."snap_${t}"; CREATE TEMP TABLE "snap_${t}" AS SELECT * FROM main."${t}"`);
        for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
          // NOT EXISTS, not INSERT OR IGNORE: inside another trigger (the server counters') the outer
          // statement's conflict handling would replace the IGNORE and fail on a second change
          this.db.exec(`DROP TRIGGER IF EXISTS temp."snap_${t}_${op}"; CREATE TEMP TRIGGER "snap_${t}_${op}" AFTER ${op} ON main."${t}" BEGIN INSERT INTO snap_dirty (name) SELECT '${t}' WHERE NOT EXISTS (SELECT 1 FROM snap_dirty WHERE name = '${t}'); END`);
        }
      }
      return names;
    }, true);
    this.snapshotTables = tables;
  }

  /**
   * Copies the snapshot back over every table changed since (emptied first), in one transaction of
   * the queue (committed like any other: durable as the data directory's other writes), then
   * stamps the world anew.
   */
  async restoreSnapshot(): Promise<boolean> {
    const tables = this.snapshotTables;
    if (!tables) return false;
    return this.enqueue(async (tx) => {
      const previous = Number((await tx.getMeta(WORLD_STAMP)) ?? 0);
      const dirty = (this.db.prepare('SELECT name FROM temp.snap_dirty').all() as { name: string }[]).map((r) => r.name).filter((t) => tables.includes(t));
      // rewriting servers (orders) fires the counters' triggers (count down every current row, up
      // every restored one); the snapshot's counters, copied last, are what those come to, exactly
      const counters = Object.entries(COUNTERS).filter(([c, of]) => dirty.includes(of) || dirty.includes(c)).map(([c]) => c);
      const order = [...dirty.filter((t) => !(t in COUNTERS)), ...counters].filter((t) => tables.includes(t));
      for (const t of order) this.db.exec(`DELETE FROM main."${t}"; INSERT INTO main."${t}" SELECT * FROM temp."snap_${t}"`);
      // the nonces recorded since the snapshot are forgotten with it, as the rest of its state
      if (order.includes('nonce_log') || order.includes('nonces')) this.ops.noncesReplaced = true;
      this.db.exec('DELETE FROM temp.snap_dirty');
      // a new stamp: caches keyed on it (the Alibaba rate limiter, other nodes' world caches)
      // start over, and the data directory's state file learns it at commit
      await tx.setMeta(WORLD_STAMP, String(Math.max(Date.now(), previous + 1)));
      return true;
    }, true);
  }

  /** Nobody else can use this store: there is no one to tell. */
  async publish(): Promise<void> {}

  async subscribe(): Promise<void> {}

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    while (this.draining) await this.draining;
    this.endReads();
    // the thread's connection first: the last one to close checkpoints and removes the log
    await this.checkpointer?.close();
    this.db.close();
    this.lock?.close();
    // the log is checkpointed and gone: the next start may trust the database alone
    if (this.dir && this.state) writeState(this.dir, { ...this.state, running: false });
  }
}

interface PendingTx {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** runs under its own SAVEPOINT when grouped (see the class comment) */
  guarded: boolean;
}

const controlStatements = (db: Db) => {
  const p = (sql: string) => db.prepare(sql);
  return {
    begin: p('BEGIN IMMEDIATE'),
    /** the turn's shared read transaction (SqliteStore.openReads) */
    beginRead: p('BEGIN DEFERRED'),
    savepoint: p('SAVEPOINT tx'),
    release: p('RELEASE tx'),
    rollbackTo: p('ROLLBACK TO tx'),
    commit: p('COMMIT'),
    rollback: p('ROLLBACK'),
    totalChanges: p('SELECT total_changes()').pluck(),
  };
};

/** a row of the serverUsage statement: cloud, flavor, billing, internet charge type, count, bandwidth */
type UsageRow = [string, string, string, string | null, number, number];
const usageGroup = (r: UsageRow): ServerUsageGroup => ({ cloud: r[0], flavorId: r[1], billing: r[2], internetChargeType: r[3], count: r[4], bandwidthOut: r[5] });

/** The store's reads, each opening the turn's shared read transaction first (SqliteStore.openReads). */
function sharedReads(ops: SqliteOps, open: () => void): StoreReads {
  const read =
    <A extends unknown[], T>(f: (...args: A) => Promise<T>) =>
    (...args: A): Promise<T> => {
      try {
        open();
      } catch (err) {
        return Promise.reject(err);
      }
      return f.apply(ops, args);
    };
  return {
    getAccount: read(ops.getAccount),
    listAccounts: read(ops.listAccounts),
    listCredentials: read(ops.listCredentials),
    listUsers: read(ops.listUsers),
    listProjects: read(ops.listProjects),
    listRegions: read(ops.listRegions),
    listFlavors: read(ops.listFlavors),
    getServer: read(ops.getServer),
    listServers: read(ops.listServers),
    countServers: read(ops.countServers),
    serverUsage: read(ops.serverUsage),
    getJob: read(ops.getJob),
    listChildJobs: read(ops.listChildJobs),
    listJobs: read(ops.listJobs),
    countJobsByStatus: read(ops.countJobsByStatus),
    dueJobs: read(ops.dueJobs),
    nextDueAt: read(ops.nextDueAt),
    getOrder: read(ops.getOrder),
    listOrders: read(ops.listOrders),
    listOrderPage: read(ops.listOrderPage),
    listResourceOrders: read(ops.listResourceOrders),
    getToken: read(ops.getToken),
    getMeta: read(ops.getMeta),
    getWorldDoc: read(ops.getWorldDoc),
    findWorldDoc: read(ops.findWorldDoc),
  };
}

/** the counter tables (migrations 5, 8 and 9), each with the table whose triggers keep it */
const COUNTERS: Record<string, string> = { server_counts: 'servers', server_state_counts: 'servers', order_counts: 'orders', job_counts: 'jobs' };

/** servers one transaction inserts before the servers' indexes are deferred to its end (SqliteOps.deferServerIndexes) */
const BULK_INSERT_THRESHOLD = 20_000;

/** the writer's own checkpoints (before the checkpoint thread runs, or without it): SQLite's wal_autocheckpoint */
const WRITER_CHECKPOINT_FRAMES = 10_000;
/** the log's size in frames (4 KiB pages) past which the writer waits for the log to start over */
const REWIND_AT_FRAMES = 10_000;
/** how often the checkpoint thread is asked to copy the log while writes go on */
const CHECKPOINT_EVERY_MS = 100;
/** the directory's lock file: a SQLite database this process holds an exclusive lock on */
const LOCK_FILE = 'specshift.lock';

/**
 * One process owns a data directory: a second specshift, whose job engine would run the same jobs
 * twice, is refused at start. The lock is SQLite's own (fcntl, released when the process dies,
 * seen by other connections of this process too) on a small database beside the data, held in
 * EXCLUSIVE locking mode from its first write to close; the data's own connections use normal
 * locking, so the checkpoint thread can open one.
 */
function lockDirectory(dir: string, opts: SqliteOptions, again = false): Db {
  const file = join(dir, LOCK_FILE);
  const lock = new Database(file, sqliteAddonOptions());
  try {
    // a process that is still closing the directory gets a few seconds to let go
    lock.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.lockWaitMs ?? 5000))}`);
    lock.pragma('locking_mode = EXCLUSIVE');
    // nothing in it needs a rollback journal (no -journal file beside it), nor a sync: it holds no
    // data, only the lock. Its fsync was the first thing every start waited for, seconds when the
    // disk was busy writing something else back (a restart right after a large world was generated)
    lock.pragma('journal_mode = MEMORY');
    lock.pragma('synchronous = OFF');
    lock.exec('CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, since INTEGER NOT NULL)');
    lock.prepare('INSERT OR REPLACE INTO owner (id, pid, since) VALUES (1, ?, ?)').run(process.pid, Date.now());
    return lock;
  } catch (err) {
    lock.close();
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_BUSY') {
      throw new Error(`the data directory ${opts.dataDir} is in use by another specshift process (one process per data directory; use PostgreSQL to share state between nodes)`);
    }
    // A damaged lock file (never synced: a power loss may tear it) holds nothing to keep, and no
    // process holds it: reading it needed a shared lock, which an owner's exclusive one refuses
    // with SQLITE_BUSY above. It is made anew, once.
    if (!again && (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')) {
      rmSync(file, { force: true });
      return lockDirectory(dir, opts, true);
    }
    throw err;
  }
}

/** bounds a group so one COMMIT never waits on an unbounded backlog */
const MAX_GROUP = 64;
/**
 * Signature nonces held in memory at most (recent-nonces.ts), ~150 bytes each: ~30 MB. A test suite
 * signs far fewer in the half hour a nonce is kept; a load past ~110 Alibaba calls a second for
 * the whole half hour records the rest in the table keyed by the nonce, at the old cost.
 */
const NONCE_CAPACITY = 200_000;

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let current = row?.version ?? 0;
  if (!row) {
    // a new database: the schema the migrations together leave, in one step (fresh-schema.generated.ts,
    // ~1.5 ms against ~7 for replaying them); any migration added since it was generated runs below
    db.transaction(() => {
      db.exec(FRESH_SCHEMA.join(';\n'));
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(FRESH_SCHEMA_VERSION);
    })();
    current = FRESH_SCHEMA_VERSION;
  }
  for (; current < migrations.length; current++) {
    const sql = migrations[current]!;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('UPDATE schema_version SET version = ?').run(current + 1);
    })();
  }
}

/**
 * A server row's indexed columns (state) and counted ones (usage, migration 2: the counters'
 * triggers read them), which its document determines: every write sets both together. The keys
 * are the server statements' parameter names.
 */
interface ServerColumns {
  vm: string;
  task: string | null;
  flavorId: string;
  cloud: string;
  billing: string;
  ict: string | null;
  bw: number | null;
}
const columnsOf = (v: Server): ServerColumns => ({
  vm: v.vmState,
  task: v.taskState ?? null,
  flavorId: v.flavorId,
  cloud: v.cloud,
  billing: v.billing,
  ict: v.aliyun?.internetChargeType ?? null,
  bw: v.aliyun?.bandwidthOut ?? null,
});
const sameState = (a: ServerColumns, b: ServerColumns) => a.vm === b.vm && a.task === b.task;
const sameUsage = (a: ServerColumns, b: ServerColumns) => a.flavorId === b.flavorId && a.cloud === b.cloud && a.billing === b.billing && a.ict === b.ict && a.bw === b.bw;

class SqliteOps implements StoreTx {
  private readonly s;
  /** a world stamp written in the transaction being run, for the state file once it commits */
  pendingWorldStamp: string | null = null;
  /** listings' and counters' statements by their text: a few shapes (which filters are set), each prepared once */
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  /** servers inserted by the transaction body being run */
  private inserted = 0;
  /** the CREATE INDEX statements of the servers' indexes dropped for a bulk insert, to run at its end */
  private deferredIndexes: string[] | null = null;
  /** the connection's transaction is the turn's shared read transaction (SqliteStore.openReads), which writes nothing */
  readOnlyTransaction = false;
  /** job documents as committed, while no row has changed since they were read (polling) */
  private readonly jobDocs: CommittedDocs;
  /**
   * The columns of the servers the running body read, as their documents say: updateServer runs the
   * state and usage statements only when the new document changes those columns. Each statement
   * is a seek by id even when it changes nothing (~3 us each on 100,000 servers); a resize changes
   * neither. Emptied when a body begins, so only what this body read (and wrote) is trusted.
   */
  private readonly columnsRead = new Map<string, ServerColumns>();

  /** @param totalChanges the store's `SELECT total_changes()` (controlStatements), which group commit reads too */
  constructor(private readonly db: Db, totalChanges: Database.Statement, private readonly bulkInsertThreshold = BULK_INSERT_THRESHOLD) {
    const p = (sql: string) => db.prepare(sql);
    // a document alone: plucked, so better-sqlite3 builds no { doc } object around it (~0.3 us a row,
    // a third of a point read; bench/README.md, twelfth pass)
    const docs = (sql: string) => db.prepare(sql).pluck();
    // the turn's shared read transaction reads committed rows only: documents read in it are kept
    this.jobDocs = new CommittedDocs(() => totalChanges.get() as number, () => db.inTransaction && !this.readOnlyTransaction);
    this.s = {
      getAccount: docs('SELECT doc FROM accounts WHERE id = ?'),
      listAccounts: docs('SELECT doc FROM accounts ORDER BY id'),
      listCredentials: docs('SELECT doc FROM credentials'),
      listUsers: docs('SELECT doc FROM users'),
      listProjects: docs('SELECT doc FROM projects ORDER BY id'),
      listRegions: docs('SELECT doc FROM regions ORDER BY id'),
      listFlavors: docs('SELECT doc FROM flavors ORDER BY id'),
      putAccount: p('INSERT OR REPLACE INTO accounts (id, doc) VALUES (?, ?)'),
      putCredential: p('INSERT OR REPLACE INTO credentials (access_key, doc) VALUES (?, ?)'),
      putUser: p('INSERT OR REPLACE INTO users (id, doc) VALUES (?, ?)'),
      putProject: p('INSERT OR REPLACE INTO projects (id, doc) VALUES (?, ?)'),
      putRegion: p('INSERT OR REPLACE INTO regions (id, doc) VALUES (?, ?)'),
      putFlavor: p('INSERT OR REPLACE INTO flavors (id, doc) VALUES (?, ?)'),
      getServer: docs('SELECT doc FROM servers WHERE id = ?'),
      countServers: p('SELECT coalesce(sum(count), 0) AS n FROM server_counts'),
      countJobsByStatus: p('SELECT status, count AS n FROM job_counts WHERE count > 0'),
      insertServer: p(
        `INSERT INTO servers (id, account_id, project_id, name, flavor_id, vm_state, task_state, created_at, version, doc, cloud, billing, internet_charge_type, bandwidth_out)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // SQLite rewrites an index entry whenever an UPDATE names one of its columns, changed or not,
      // and the counters' triggers fire on an UPDATE OF the counted columns. So a server write is
      // three statements: the document and version (no index holds them), then the state columns
      // and then the counted ones, each changing the row only when one of its columns differs. Most
      // writes keep the state (a resize accepted sets the server's busy job) and nearly all keep
      // the counted columns: naming the state in the first statement rewrote the row's entry in
      // servers_listed_by_state at every write, a random page of that index (a resize's store work
      // 77 -> 59 us in a micro-benchmark on 100,000 servers; the extra statement reads the page the
      // first one just wrote).
      updateServer: p('UPDATE servers SET name = ?, version = ?, doc = ? WHERE id = ? AND version = ?'),
      updateServerState: p('UPDATE servers SET vm_state = @vm, task_state = @task WHERE id = @id AND (vm_state IS NOT @vm OR task_state IS NOT @task)'),
      updateServerUsage: p(
        `UPDATE servers SET flavor_id = @flavorId, cloud = @cloud, billing = @billing, internet_charge_type = @ict, bandwidth_out = @bw
         WHERE id = @id AND (flavor_id IS NOT @flavorId OR cloud IS NOT @cloud OR billing IS NOT @billing OR internet_charge_type IS NOT @ict OR bandwidth_out IS NOT @bw)`,
      ),
      // the counters (migration 5): a few rows per account and project, whatever the servers
      // raw rows (arrays), made into objects by usageGroup: better-sqlite3 builds each row object key
      // by key through V8's slow path, 7.0 -> 4.3 us for an account's 5 groups (bench/README.md, twelfth pass)
      serverUsage: p(
        `SELECT cloud, flavor_id, billing, nullif(internet_charge_type, ''), count, bandwidth_out
         FROM server_counts WHERE account_id = ? AND project_id = ? AND count > 0
         ORDER BY cloud, billing, flavor_id, internet_charge_type`,
      ).raw(),
      // status filters (migration 10): `task_state IS ?` matches NULL too and still uses the index
      stateCount: p('SELECT count FROM server_state_counts WHERE account_id = ? AND project_id = ? AND vm_state = ? AND task_state = ?').pluck(),
      stateRange: p('SELECT created_at, id, doc FROM servers WHERE account_id = ? AND project_id = ? AND vm_state = ? AND task_state IS ? ORDER BY created_at, id LIMIT ?'),
      stateRangeAfter: p('SELECT created_at, id, doc FROM servers WHERE account_id = ? AND project_id = ? AND vm_state = ? AND task_state IS ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?'),
      serverPosition: p('SELECT created_at, id FROM servers WHERE id = ?'),
      getJob: docs('SELECT doc FROM jobs WHERE id = ?'),
      childJobs: docs('SELECT doc FROM jobs WHERE parent_id = ? ORDER BY created_at, id'),
      dueJobs: docs('SELECT doc FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?'),
      nextDue: p('SELECT min(due_at) AS t FROM jobs WHERE due_at IS NOT NULL'),
      insertJob: p('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      updateJob: p('UPDATE jobs SET status = ?, due_at = ?, purge_at = ?, doc = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?'),
      claimDueJobs: docs(
        'UPDATE jobs SET claimed_by = ?, claimed_until = ? WHERE id IN (SELECT id FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due_at, id LIMIT ?) RETURNING doc',
      ),
      purgeChildJobs: p('DELETE FROM jobs WHERE parent_id IN (SELECT id FROM jobs WHERE purge_at IS NOT NULL AND purge_at <= ?)'),
      purgeJobs: p('DELETE FROM jobs WHERE purge_at IS NOT NULL AND purge_at <= ?'),
      getOrder: docs('SELECT doc FROM orders WHERE id = ?'),
      listOrders: docs('SELECT doc FROM orders ORDER BY created_at, id'),
      listOrdersOf: docs('SELECT doc FROM orders WHERE account_id = ? ORDER BY created_at, id'),
      listOrdersBetween: docs('SELECT doc FROM orders WHERE account_id = ? AND created_at BETWEEN ? AND ? ORDER BY created_at, id'),
      insertOrder: p('INSERT INTO orders (id, account_id, created_at, doc, cloud, status, resource_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      updateOrder: p('UPDATE orders SET doc = ?, status = ? WHERE id = ?'),
      resourceOrders: docs('SELECT doc FROM orders WHERE resource_id = ? ORDER BY created_at, id'),
      resourceOrdersIn: docs('SELECT doc FROM orders WHERE resource_id = ? AND status = ? ORDER BY created_at, id'),
      getToken: docs('SELECT doc FROM tokens WHERE token = ?'),
      putToken: p('INSERT OR REPLACE INTO tokens (token, expires_at, doc) VALUES (?, ?, ?)'),
      getMeta: p('SELECT value FROM meta WHERE key = ?'),
      setMeta: p('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      claimNonce: p('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING'),
      purgeNonces: p('DELETE FROM nonces WHERE expires_at < ?'),
      indexedNonce: p('SELECT 1 FROM nonces WHERE nonce = ?'),
      lastIndexedNonce: p('SELECT max(expires_at) FROM nonces').pluck(),
      logNonce: p('INSERT OR IGNORE INTO nonce_log (expires_at, nonce) VALUES (?, ?)'),
      purgeNonceLog: p('DELETE FROM nonce_log WHERE expires_at < ?'),
      loggedNonces: p('SELECT nonce, expires_at FROM nonce_log ORDER BY expires_at'),
      getWorldDocs: docs('SELECT doc FROM world_docs WHERE kind = ? ORDER BY id'),
      findWorldDoc: docs('SELECT doc FROM world_docs WHERE kind = ? AND id = ?'),
      deleteWorldDoc: p('DELETE FROM world_docs WHERE kind = ? AND id = ?'),
      putWorldDoc: p('INSERT OR REPLACE INTO world_docs (kind, id, doc) VALUES (?, ?, ?)'),
      claimWorldDoc: p('INSERT INTO world_docs (kind, id, doc) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO NOTHING'),
    };
  }

  async getAccount(id: string) { return parse<Account>(this.s.getAccount.get(id)); }
  /** one writer: nothing to lock, the same read */
  readAccount(id: string) { return this.getAccount(id); }
  async listAccounts() { return parseAll<Account>(this.s.listAccounts.all()); }
  async listCredentials() { return parseAll<Credential>(this.s.listCredentials.all()); }
  async listUsers() { return parseAll<User>(this.s.listUsers.all()); }
  async listProjects() { return parseAll<Project>(this.s.listProjects.all()); }
  async listRegions() { return parseAll<Region>(this.s.listRegions.all()); }
  async listFlavors() { return parseAll<Flavor>(this.s.listFlavors.all()); }
  async putAccount(a: Account) { this.s.putAccount.run(a.id, JSON.stringify(a)); }
  async putCredential(c: Credential) { this.s.putCredential.run(c.accessKey, JSON.stringify(c)); }
  async putUser(u: User) { this.s.putUser.run(u.id, JSON.stringify(u)); }
  async putProject(p: Project) { this.s.putProject.run(p.id, JSON.stringify(p)); }
  async putRegion(r: Region) { this.s.putRegion.run(r.id, JSON.stringify(r)); }
  async putFlavor(f: Flavor) { this.s.putFlavor.run(f.id, JSON.stringify(f)); }

  async getServer(id: string) {
    const v = parse<Server>(this.s.getServer.get(id));
    // only in a body's transaction: the shared read transaction's reads are no body's
    if (v !== undefined && this.db.inTransaction && !this.readOnlyTransaction) this.columnsRead.set(id, columnsOf(v));
    return v;
  }
  async countServers() { return (this.s.countServers.get() as { n: number }).n; }
  async countJobsByStatus() {
    return Object.fromEntries((this.s.countJobsByStatus.all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  }

  async listServers(q: ServerQuery): Promise<{ total: number; items: Server[] }> {
    if (listedByState(q)) return this.listServersByState(q);
    const where: string[] = ['account_id = ?'];
    const args: unknown[] = [q.accountId];
    if (q.projectId) { where.push('project_id = ?'); args.push(q.projectId); }
    if (q.ids) { where.push(`id IN (${q.ids.map(() => '?').join(',') || 'NULL'})`); args.push(...q.ids); }
    if (q.flavorId) { where.push('flavor_id = ?'); args.push(q.flavorId); }
    if (q.nameLike) { where.push("name LIKE ? ESCAPE '\\'"); args.push(`%${q.nameLike.replace(/[\\%_]/g, (c) => '\\' + c)}%`); }
    if (q.statusIn) {
      const alts = q.statusIn.map((s) => {
        args.push(s.vmState);
        const nulls = s.taskStates.includes(null);
        const named = s.taskStates.filter((t): t is string => t !== null);
        args.push(...named);
        const parts = [];
        if (named.length) parts.push(`task_state IN (${named.map(() => '?').join(',')})`);
        if (nulls) parts.push('task_state IS NULL');
        return `(vm_state = ? AND (${parts.join(' OR ') || '0'}))`;
      });
      where.push(`(${alts.join(' OR ') || '0'})`);
    }
    for (const [k, v] of Object.entries(q.tags ?? {})) {
      where.push("json_extract(doc, '$.tags.' || json_quote(?)) = ?");
      args.push(k, v);
    }
    for (const [k, v] of Object.entries(q.notTags ?? {})) {
      where.push("coalesce(json_extract(doc, '$.tags.' || json_quote(?)), '') != ?");
      args.push(k, v);
    }
    if (q.enterpriseProjectId) { where.push("json_extract(doc, '$.enterpriseProjectId') = ?"); args.push(q.enterpriseProjectId); }
    for (const part of q.idParts ?? []) {
      // grouped by length: one IN list per length instead of one LIKE per value
      const alts = [...groupByLength(part.values)].map(([n, vs]) => {
        args.push(...vs);
        const from = part.at === 'start' ? 1 : -Number(n);
        return `substr(id, ${from}, ${Number(n)}) IN (${vs.map(() => '?').join(',')})`;
      });
      where.push(`(${alts.join(' OR ') || '0'})`);
    }
    const cond = where.join(' AND ');
    const total = q.total === false ? -1 : countable(q) ? this.countedServers(q) : (this.db.prepare(`SELECT count(*) AS n FROM servers WHERE ${cond}`).get(...args) as { n: number }).n;
    const pageArgs = [...args];
    let pageCond = cond;
    if (q.afterId) {
      pageCond += ' AND (created_at, id) > (SELECT created_at, id FROM servers WHERE id = ?)';
      pageArgs.push(q.afterId);
    }
    if (q.after) {
      pageCond += ' AND (created_at, id) > (?, ?)';
      pageArgs.push(q.after.createdAt, q.after.id);
    }
    pageArgs.push(q.limit, q.offset ?? 0);
    const rows = this.db.prepare(`SELECT doc FROM servers WHERE ${pageCond} ORDER BY created_at, id LIMIT ? OFFSET ?`).pluck().all(...pageArgs);
    return { total, items: parseAll<Server>(rows) };
  }

  /**
   * A status-filtered listing (server-states.ts): each (vm_state, task_state) pair a range of
   * servers_listed_by_state read in order, the first `offset + limit` of each merged; the total from
   * server_state_counts.
   */
  private listServersByState(q: ServerQuery): { total: number; items: Server[] } {
    const pairs = statePairs(q.statusIn!);
    const projectId = q.projectId!;
    const total = q.total === false ? -1 : pairs.reduce((n, p) => n + ((this.s.stateCount.get(q.accountId, projectId, p.vm, p.task ?? '') as number | undefined) ?? 0), 0);
    // rows after the marker (a server id) and after the position given: the later of the two
    let after: Position | undefined = q.after ? { created_at: q.after.createdAt, id: q.after.id } : undefined;
    if (q.afterId) {
      const m = this.s.serverPosition.get(q.afterId) as Position | undefined;
      // a marker that names no server: nothing comes after it (the row comparison with NULL is false)
      if (!m) return { total, items: [] };
      if (!after || byPosition(m, after) > 0) after = m;
    }
    const offset = q.offset ?? 0;
    const take = offset + q.limit;
    const ranges = pairs.map((p) =>
      (after
        ? this.s.stateRangeAfter.all(q.accountId, projectId, p.vm, p.task, after.created_at, after.id, take)
        : this.s.stateRange.all(q.accountId, projectId, p.vm, p.task, take)) as PositionedRow[],
    );
    return { total, items: mergeRanges(ranges, offset, q.limit).map((d) => JSON.parse(d) as Server) };
  }

  /** The total of a query `countable` accepts, from the counters. */
  private countedServers(q: ServerQuery): number {
    return this.sumOfCounters('server_counts', [['account_id', q.accountId], ['project_id', q.projectId || undefined], ['flavor_id', q.flavorId || undefined]]);
  }

  /** The sum of a counter table's rows (migrations 5, 8) that match every key part given (undefined: any). */
  private sumOfCounters(table: 'server_counts' | 'order_counts', keys: [column: string, value: string | undefined][]): number {
    const set = keys.filter((k): k is [string, string] => k[1] !== undefined);
    const sql = `SELECT coalesce(sum(count), 0) AS n FROM ${table} WHERE ${set.map(([c]) => `${c} = ?`).join(' AND ')}`;
    return (this.cachedStatement(sql).get(...set.map(([, v]) => v)) as { n: number }).n;
  }

  async serverUsage(q: { accountId: string; projectId: string }) {
    return (this.s.serverUsage.all(q.accountId, q.projectId) as UsageRow[]).map(usageGroup);
  }
  /** one writer: every transaction already runs alone */
  lockedServerUsage(q: { accountId: string; projectId: string }) { return this.serverUsage(q); }

  /** whether the body being run has dropped the servers' indexes (DDL: total_changes() does not see it) */
  deferring(): boolean {
    return this.deferredIndexes !== null;
  }

  /** A transaction body begins (or ended in a rollback): nothing inserted, nothing deferred. */
  bodyStarts(): void {
    this.inserted = 0;
    this.deferredIndexes = null;
    this.columnsRead.clear();
  }

  /**
   * Bulk insert (a world load of many servers): the servers' secondary indexes are dropped once the
   * body has inserted `bulkInsertThreshold` servers and built again from the table when it ends
   * (rebuildDeferredIndexes), in the same transaction. Each index keys servers in an order their
   * insertion does not follow (account, project, flavor, creation, random id), so every insert
   * touched a random page of each index: a sorted build after the load is ~3x faster for 300,000
   * servers (bench/README.md). A body that fails rolls back to before the drop: the indexes
   * come back with the rows.
   */
  private deferServerIndexes(): void {
    const rows = this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'servers' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
    for (const r of rows) this.db.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
    this.deferredIndexes = rows.map((r) => r.sql);
  }

  rebuildDeferredIndexes(): void {
    const sqls = this.deferredIndexes;
    this.deferredIndexes = null;
    if (sqls) for (const sql of sqls) this.db.exec(sql);
  }

  async insertServer(v: Server) {
    if (++this.inserted === this.bulkInsertThreshold) this.deferServerIndexes();
    const c = columnsOf(v);
    this.s.insertServer.run(v.id, v.accountId, v.projectId, v.name, c.flavorId, c.vm, c.task, v.createdAt, v.version, JSON.stringify(v), c.cloud, c.billing, c.ict, c.bw);
  }

  async updateServer(v: Server) {
    const r = this.s.updateServer.run(v.name, v.version, JSON.stringify(v), v.id, v.version - 1);
    if (r.changes !== 1) throw new StoreConflict(`server ${v.id}`);
    const before = this.columnsRead.get(v.id);
    const after = columnsOf(v);
    const stateChanged = !before || !sameState(before, after);
    const usageChanged = !before || !sameUsage(before, after);
    if (stateChanged || usageChanged) {
      // each statement binds the parameters it names (@id, @vm, @task / @flavorId, @cloud, ...)
      const params = Object.assign({ id: v.id }, after);
      if (stateChanged) this.s.updateServerState.run(params);
      if (usageChanged) this.s.updateServerUsage.run(params);
    }
    this.columnsRead.set(v.id, after);
  }

  async getJob(id: string): Promise<Job | undefined> {
    const known = this.jobDocs.get(id);
    if (known !== undefined) return JSON.parse(known) as Job;
    const doc = this.s.getJob.get(id) as Doc | undefined;
    if (doc === undefined) return undefined;
    this.jobDocs.keep(id, doc);
    return JSON.parse(doc) as Job;
  }
  async listChildJobs(parentId: string) { return parseAll<Job>(this.s.childJobs.all(parentId)); }

  async listJobs(q: JobQuery): Promise<Job[]> {
    const where: string[] = ['1'];
    const args: unknown[] = [];
    if (q.accountId) { where.push('account_id = ?'); args.push(q.accountId); }
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    if (q.parentId === null) where.push('parent_id IS NULL');
    else if (q.parentId) { where.push('parent_id = ?'); args.push(q.parentId); }
    args.push(q.limit);
    return parseAll<Job>(this.db.prepare(`SELECT doc FROM jobs WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT ?`).pluck().all(...args));
  }

  async dueJobs(now: number, limit: number) { return parseAll<Job>(this.s.dueJobs.all(now, limit)); }
  async nextDueAt() { return (this.s.nextDue.get() as { t: number | null }).t; }
  async insertJob(j: Job) {
    this.s.insertJob.run(j.id, j.accountId, j.parentId, j.status, j.dueAt, j.purgeAt, j.createdAt, JSON.stringify(j));
  }
  async updateJob(j: Job) { this.s.updateJob.run(j.status, j.dueAt, j.purgeAt, JSON.stringify(j), j.id); }
  async claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number) {
    const jobs = parseAll<Job>(this.s.claimDueJobs.all(node, wallNow + leaseMs, now, wallNow, limit));
    // RETURNING gives rows in no particular order
    return jobs.sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : 1));
  }
  async purgeJobs(now: number) { return this.s.purgeChildJobs.run(now).changes + this.s.purgeJobs.run(now).changes; }

  async getOrder(id: string) { return parse<Order>(this.s.getOrder.get(id)); }
  async listOrders(accountId?: string, created?: { from: number; to: number }) {
    if (accountId && created) return parseAll<Order>(this.s.listOrdersBetween.all(accountId, created.from, created.to));
    return parseAll<Order>(accountId ? this.s.listOrdersOf.all(accountId) : this.s.listOrders.all());
  }
  async listOrderPage(q: OrderQuery): Promise<{ total: number; items: Order[] }> {
    const where: string[] = ['1'];
    const args: unknown[] = [];
    if (q.accountId !== undefined) { where.push('account_id = ?'); args.push(q.accountId); }
    if (q.cloud) { where.push('cloud = ?'); args.push(q.cloud); }
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    if (q.id !== undefined) { where.push('id = ?'); args.push(q.id); }
    if (q.created) { where.push('created_at BETWEEN ? AND ?'); args.push(q.created.from, q.created.to); }
    const cond = where.join(' AND ');
    const total = !q.total ? -1 : countableOrders(q) ? this.countedOrders(q) : (this.cachedStatement(`SELECT count(*) AS n FROM orders WHERE ${cond}`).get(...args) as { n: number }).n;
    const desc = q.order === 'desc';
    let pageCond = cond;
    const pageArgs = [...args];
    if (q.afterId !== undefined) {
      pageCond += ` AND (created_at, id) ${desc ? '<' : '>'} (SELECT created_at, id FROM orders WHERE id = ?)`;
      pageArgs.push(q.afterId);
    }
    pageArgs.push(q.limit, q.offset ?? 0);
    const dir = desc ? 'DESC' : '';
    const rows = this.cachedStatement(`SELECT doc FROM orders WHERE ${pageCond} ORDER BY created_at ${dir}, id ${dir} LIMIT ? OFFSET ?`).pluck().all(...pageArgs);
    return { total, items: parseAll<Order>(rows) };
  }

  /** The total of a query `countableOrders` accepts, from the counters. */
  private countedOrders(q: OrderQuery): number {
    return this.sumOfCounters('order_counts', [['account_id', q.accountId], ['cloud', q.cloud || undefined], ['status', q.status || undefined]]);
  }

  /** A statement of a few shapes (which filters are set), prepared once per shape. */
  private cachedStatement(sql: string) {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  async listResourceOrders(resourceId: string, status?: OrderStatus) {
    return parseAll<Order>(status ? this.s.resourceOrdersIn.all(resourceId, status) : this.s.resourceOrders.all(resourceId));
  }
  async insertOrder(o: Order) { this.s.insertOrder.run(o.id, o.accountId, o.createdAt, JSON.stringify(o), o.cloud, o.status, o.resourceId); }
  async updateOrder(o: Order) { this.s.updateOrder.run(JSON.stringify(o), o.status, o.id); }

  async getToken(token: string) { return parse<Token>(this.s.getToken.get(token)); }
  async putToken(t: Token) { this.s.putToken.run(t.token, t.expiresAt, JSON.stringify(t)); }
  async getMeta(key: string) { return (this.s.getMeta.get(key) as { value: string } | undefined)?.value; }
  async setMeta(key: string, value: string) {
    this.s.setMeta.run(key, value);
    if (key === WORLD_STAMP) this.pendingWorldStamp = value;
  }
  async claimNonce(nonce: string, expiresAt: number) {
    const claimed = this.s.claimNonce.run(nonce, expiresAt).changes === 1;
    if (claimed) this.indexedNoncesUntil = Math.max(this.indexedNoncesUntil, expiresAt);
    return claimed;
  }
  async purgeNonces(now: number) {
    this.s.purgeNonces.run(now);
    this.s.purgeNonceLog.run(now);
    if (this.indexedNoncesUntil < now) this.indexedNoncesUntil = 0;
  }

  /**
   * The latest expiry of a nonce in the table keyed by the nonce (0: it holds none that can be
   * live): while it may hold one, a nonce logged in memory's stead is looked up there first. Moved
   * by a claim there even if rolled back, which costs a lookup, never a replay.
   */
  indexedNoncesUntil = 0;
  /** a body of the group emptied or replaced the nonce tables: memory reads them again after the COMMIT */
  noncesReplaced = false;

  /** Records a nonce memory found new (SqliteStore.claimNonce): false when the keyed table holds it. */
  logNonce(nonce: string, expiresAt: number): boolean {
    if (this.indexedNoncesUntil > 0 && this.s.indexedNonce.get(nonce) !== undefined) return false;
    this.s.logNonce.run(expiresAt, nonce);
    return true;
  }

  loggedNonces(): { nonce: string; expires_at: number }[] {
    return this.s.loggedNonces.all() as { nonce: string; expires_at: number }[];
  }

  lastIndexedNonceExpiry(): number {
    return (this.s.lastIndexedNonce.get() as number | null) ?? 0;
  }
  async getWorldDoc(kind: string) { return parseAll<unknown>(this.s.getWorldDocs.all(kind)); }
  async findWorldDoc(kind: string, id: string) { return parse<unknown>(this.s.findWorldDoc.get(kind, id)); }
  readWorldDoc(kind: string, id: string) { return this.findWorldDoc(kind, id); }
  async deleteWorldDoc(kind: string, id: string) { this.s.deleteWorldDoc.run(kind, id); }
  async putWorldDoc(kind: string, id: string, doc: unknown) { this.s.putWorldDoc.run(kind, id, JSON.stringify(doc)); }
  async claimWorldDoc(kind: string, id: string, doc: unknown) { return this.s.claimWorldDoc.run(kind, id, JSON.stringify(doc)).changes === 1; }

  async wipe() {
    // the counters first: the servers' (orders') delete trigger then finds nothing to count down
    for (const t of ['accounts', 'credentials', 'users', 'projects', 'regions', 'flavors', 'server_counts', 'server_state_counts', 'servers', 'job_counts', 'jobs', 'order_counts', 'orders', 'tokens', 'nonces', 'nonce_log', 'meta', 'world_docs']) {
      this.db.exec(`DELETE FROM ${t}`);
    }
    this.columnsRead.clear();
    this.noncesReplaced = true;
  }
}
