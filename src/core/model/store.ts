// The store persists and never decides: every method reads or writes exactly what it is told.
// Async throughout so that a PostgreSQL engine (network round trips, row locks) fits the same contract.
import type { Account, Cloud, Credential, Flavor, Job, Order, OrderStatus, Project, Region, Server, User } from './types.js';

export interface ServerQuery {
  accountId: string;
  projectId?: string;
  ids?: string[];
  flavorId?: string;
  nameLike?: string;
  /** vm/task filters already resolved by the caller from a wire status */
  statusIn?: { vmState: string; taskStates: (string | null)[] }[];
  tags?: Record<string, string>;
  notTags?: Record<string, string>;
  enterpriseProjectId?: string;
  /** each set is a list of id prefixes (start) or endings (end) of which one must match; every set must match (empty list: none) */
  idParts?: { at: 'start' | 'end'; values: string[] }[];
  afterId?: string;
  /** keyset paging by position: servers after this (createdAt, id), whether or not that server exists */
  after?: { createdAt: number; id: string };
  offset?: number;
  limit: number;
  /**
   * false: the caller does not need `total` (it comes back as -1), and no count is made. When the
   * query filters on nothing but account, project and flavor the total comes from the server
   * counters (a few rows); any other filter counts the matching rows.
   */
  total?: boolean;
}

/**
 * One group of an account's servers in one project, as serverUsage returns it: how many servers share
 * these values, and the sum of their `aliyun.bandwidthOut` (0 when they have none). What counts
 * towards a quota is for the caller to decide.
 */
export interface ServerUsageGroup {
  cloud: string;
  flavorId: string;
  billing: string;
  /** `aliyun.internetChargeType`; null for servers without Alibaba attributes */
  internetChargeType: string | null;
  count: number;
  bandwidthOut: number;
}

export interface JobQuery {
  accountId?: string;
  status?: string;
  parentId?: string | null;
  limit: number;
}

/**
 * One page of orders (docs/architecture.md "Flat cost"): walks an index in the listing's order
 * and stops at the page. Every order listing names its filters here rather than reading an
 * account's whole order book.
 */
export interface OrderQuery {
  /** absent: every account's orders (the console) */
  accountId?: string;
  cloud?: Cloud;
  status?: OrderStatus;
  /** one order by id: the page holds it when it also matches the other filters */
  id?: string;
  /** created within [from, to], bounds included */
  created?: { from: number; to: number };
  /** 'asc': oldest first by (createdAt, id); 'desc': newest first by (createdAt, id) descending */
  order: 'asc' | 'desc';
  /** keyset paging: the orders after this one in the listing's order (none when it does not exist) */
  afterId?: string;
  offset?: number;
  limit: number;
  /**
   * true: `total` counts every match (else it comes back as -1). With an account and no filter but
   * cloud and status, it comes from the order counters (a few rows); any other filter counts the
   * matching rows through an index.
   */
  total?: boolean;
}

export interface Token {
  token: string;
  userId: string;
  accountId: string;
  projectId: string | null;
  expiresAt: number;
  issuedAt: number;
}

export interface StoreReads {
  getAccount(id: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  listCredentials(): Promise<Credential[]>;
  listUsers(): Promise<User[]>;
  listProjects(): Promise<Project[]>;
  listRegions(): Promise<Region[]>;
  listFlavors(): Promise<Flavor[]>;
  getServer(id: string): Promise<Server | undefined>;
  listServers(q: ServerQuery): Promise<{ total: number; items: Server[] }>;
  countServers(): Promise<number>;
  /**
   * The servers of an account in a project grouped by cloud, billing, flavor and
   * aliyun.internetChargeType, ordered by those (nulls first): read from the server counters, kept in
   * the same transaction as every server write, so its cost does not grow with the servers.
   */
  serverUsage(q: { accountId: string; projectId: string }): Promise<ServerUsageGroup[]>;
  getJob(id: string): Promise<Job | undefined>;
  listChildJobs(parentId: string): Promise<Job[]>;
  listJobs(q: JobQuery): Promise<Job[]>;
  /** how many jobs are in each status (statuses with none are absent): for metrics */
  countJobsByStatus(): Promise<Record<string, number>>;
  /** jobs whose next step is due at or before `now`, oldest first */
  dueJobs(now: number, limit: number): Promise<Job[]>;
  /** the earliest due time of any waiting job, to sleep exactly until then */
  nextDueAt(): Promise<number | null>;
  getOrder(id: string): Promise<Order | undefined>;
  /**
   * Orders oldest first: all of them, an account's, or an account's created within [from, to] (an
   * index range: the cost follows the orders in the range, not the account's whole history).
   */
  listOrders(accountId?: string, created?: { from: number; to: number }): Promise<Order[]>;
  /** One page of orders and (q.total) the number of matches: see OrderQuery. */
  listOrderPage(q: OrderQuery): Promise<{ total: number; items: Order[] }>;
  /** The orders of one resource (oldest first), optionally only those with a status: an index read. */
  listResourceOrders(resourceId: string, status?: OrderStatus): Promise<Order[]>;
  getToken(token: string): Promise<Token | undefined>;
  getMeta(key: string): Promise<string | undefined>;
  getWorldDoc(kind: string): Promise<unknown[]>;
  findWorldDoc(kind: string, id: string): Promise<unknown | undefined>;
}

export interface StoreTx extends StoreReads {
  /**
   * The account as committed, without the row lock `getAccount` takes on PostgreSQL: for rules that
   * only read it (its kind, its state). Every resize of an account read it with the lock, so on
   * PostgreSQL the account's resizes queued on its row, one commit after another, whatever server
   * they named. A body that writes the account (a payment) reads it with `getAccount`.
   */
  readAccount(id: string): Promise<Account | undefined>;
  /**
   * serverUsage under the account's row lock (one round trip on PostgreSQL): a quota check, so two
   * checks of one account run one after the other, each seeing the other's change.
   */
  lockedServerUsage(q: { accountId: string; projectId: string }): Promise<ServerUsageGroup[]>;
  /** A world document without `findWorldDoc`'s row lock on PostgreSQL: for documents the body only reads. */
  readWorldDoc(kind: string, id: string): Promise<unknown | undefined>;
  putAccount(a: Account): Promise<void>;
  putCredential(c: Credential): Promise<void>;
  putUser(u: User): Promise<void>;
  putProject(p: Project): Promise<void>;
  putRegion(r: Region): Promise<void>;
  putFlavor(f: Flavor): Promise<void>;
  insertServer(s: Server): Promise<void>;
  /** writes the server if its stored version equals `s.version - 1`; throws StoreConflict otherwise */
  updateServer(s: Server): Promise<void>;
  insertJob(j: Job): Promise<void>;
  /** writes the job and lets go of any node's claim on it (a step, or a payment, moved it) */
  updateJob(j: Job): Promise<void>;
  /**
   * Claims up to `limit` jobs due at `now` (simulation time) for `node` until `wallNow + leaseMs`
   * (wall time: a dead node's claim runs out in real time), skipping jobs another node holds a
   * live claim on or is claiming right now. Oldest due first.
   */
  claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number): Promise<Job[]>;
  /** deletes jobs (and their sub-jobs) whose purgeAt has passed */
  purgeJobs(now: number): Promise<number>;
  insertOrder(o: Order): Promise<void>;
  updateOrder(o: Order): Promise<void>;
  putToken(t: Token): Promise<void>;
  setMeta(key: string, value: string): Promise<void>;
  /** provider-specific world documents (e.g. AAD instances) kept as opaque JSON rows */
  putWorldDoc(kind: string, id: string, doc: unknown): Promise<void>;
  /**
   * Inserts the document unless one with that kind and id exists, in one statement: true when it
   * inserted. A concurrent insert of the same id waits for this transaction, then sees the row.
   */
  claimWorldDoc(kind: string, id: string, doc: unknown): Promise<boolean>;
  deleteWorldDoc(kind: string, id: string): Promise<void>;
  /** empties every table: a world load starts from nothing */
  wipe(): Promise<void>;
}

/**
 * What one node tells the others sharing its store (PostgreSQL: LISTEN/NOTIFY): a world was loaded
 * or reset, the manual clock moved, jobs became due. Each node acts on the others' events.
 */
export type StoreEvent =
  | { kind: 'world' }
  | { kind: 'clock'; now: number }
  | { kind: 'jobs' }
  /** fault rules were added or removed (core/faults) */
  | { kind: 'faults' };

export interface Store {
  readonly engine: string;
  /** whether other nodes may be using this store at the same time (PostgreSQL) */
  readonly shared: boolean;
  readonly reads: StoreReads;
  /** runs fn atomically; every write inside commits together or not at all */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Records a signature nonce unless it is already recorded or being recorded: true when this call
   * recorded it, and then only once the record is committed. Of concurrent claims of one nonce (on
   * one node or on several sharing a database) exactly one wins. A nonce counts as recorded until a
   * purge at a time past `expiresAt`. Not a StoreTx method: an engine may keep nonces outside
   * its transactions' rows (SQLite remembers them in memory and logs them in expiry order).
   */
  claimNonce(nonce: string, expiresAt: number): Promise<boolean>;
  /** forgets the nonces that expired before `now` */
  purgeNonces(now: number): Promise<void>;
  /**
   * StoreTx.claimDueJobs in a transaction of its own: the claim is one statement, so an engine may
   * run it without an explicit transaction (PostgreSQL: one round trip, not BEGIN, the UPDATE and
   * COMMIT). What it claims, and for how long, is the same.
   */
  claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number): Promise<Job[]>;
  /** tells every other node sharing the store (a no-op for a store only one node uses) */
  publish(event: StoreEvent): Promise<void>;
  /**
   * hears the other nodes' events (never this node's own); resolves once listening (or after a
   * bounded wait: a node that cannot listen yet keeps retrying in the background)
   */
  subscribe(listener: (event: StoreEvent) => void): Promise<void>;
  /** resolves when the store answers a trivial query: for health checks */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional (SQLite): keeps a copy of every table as it is now, outside the durable database, so
   * that `restoreSnapshot` can put it back without running the world loader again (a test suite's
   * reset before every test). Taken right after a world load.
   */
  snapshot?(): Promise<void>;
  /**
   * Puts the snapshot back in one durable transaction and stamps the world anew (so every cache
   * keyed on the world stamp starts over); false, and nothing changed, when no snapshot was taken.
   */
  restoreSnapshot?(): Promise<boolean>;
}

/**
 * The store cannot be reached (a lost database connection). Nothing was committed; the caller's
 * cloud answers with its retryable "unavailable" error and the client tries again.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreUnavailable';
    this.cause = cause;
  }
}

/**
 * Why a failure the handlers did not expect happened, for the request log: a write the disk or the
 * database refused (full disk, I/O error) is the machine's trouble, not a defect of specshift, and
 * the log must say so. Reads the error codes the two engines raise (SQLite's SQLITE_FULL and
 * SQLITE_IOERR_*, Node's ENOSPC/EIO, PostgreSQL's class 53 "insufficient resources" and 58030 io_error).
 */
export function unexpectedFailureReason(err: unknown): string {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = (err as Error)?.message ?? String(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') return `the store could not write: the disk is full (${message})`;
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === '58030') return `the store could not write: an I/O error (${message})`;
  if (code.startsWith('53')) return `the database refused the work: insufficient resources (${message})`;
  return `a defect of specshift (logged): ${message}`;
}

export class StoreConflict extends Error {
  constructor(what: string) {
    super(`concurrent update of ${what}`);
    this.name = 'StoreConflict';
  }
}
