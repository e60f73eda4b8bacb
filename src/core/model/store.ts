// The store persists and never decides: every method reads or writes exactly what it is told.
// Async throughout so that a PostgreSQL engine (network round trips, row locks) fits the same contract.
import type { Account, Credential, Flavor, Job, Order, Project, Region, Server, User } from './types.js';

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
  offset?: number;
  limit: number;
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
   * aliyun.internetChargeType, ordered by those (nulls first): an index read, no document parsed.
   */
  serverUsage(q: { accountId: string; projectId: string }): Promise<ServerUsageGroup[]>;
  getJob(id: string): Promise<Job | undefined>;
  listChildJobs(parentId: string): Promise<Job[]>;
  listJobs(q: JobQuery): Promise<Job[]>;
  /** jobs whose next step is due at or before `now`, oldest first */
  dueJobs(now: number, limit: number): Promise<Job[]>;
  /** the earliest due time of any waiting job, to sleep exactly until then */
  nextDueAt(): Promise<number | null>;
  getOrder(id: string): Promise<Order | undefined>;
  listOrders(accountId?: string): Promise<Order[]>;
  getToken(token: string): Promise<Token | undefined>;
  getMeta(key: string): Promise<string | undefined>;
  /** true when this nonce was already seen (within its retention window) */
  hasNonce(nonce: string): Promise<boolean>;
  getWorldDoc(kind: string): Promise<unknown[]>;
  findWorldDoc(kind: string, id: string): Promise<unknown | undefined>;
}

export interface StoreTx extends StoreReads {
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
  updateJob(j: Job): Promise<void>;
  /** deletes jobs (and their sub-jobs) whose purgeAt has passed */
  purgeJobs(now: number): Promise<number>;
  insertOrder(o: Order): Promise<void>;
  updateOrder(o: Order): Promise<void>;
  putToken(t: Token): Promise<void>;
  setMeta(key: string, value: string): Promise<void>;
  putNonce(nonce: string, expiresAt: number): Promise<void>;
  purgeNonces(now: number): Promise<void>;
  /** provider-specific world documents (e.g. AAD instances) kept as opaque JSON rows */
  putWorldDoc(kind: string, id: string, doc: unknown): Promise<void>;
  deleteWorldDoc(kind: string, id: string): Promise<void>;
  /** empties every table: a world load starts from nothing */
  wipe(): Promise<void>;
}

export interface Store {
  readonly engine: string;
  readonly reads: StoreReads;
  /** runs fn atomically; every write inside commits together or not at all */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StoreConflict extends Error {
  constructor(what: string) {
    super(`concurrent update of ${what}`);
    this.name = 'StoreConflict';
  }
}
