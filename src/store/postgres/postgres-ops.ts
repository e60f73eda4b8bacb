// Every store operation as SQL for PostgreSQL, run on either the pool (reads outside a transaction)
// or one transaction's client. Semantics mirror the SQLite engine statement for statement.
import type { Account, Credential, Flavor, Job, Order, OrderStatus, Project, Region, Server, User } from '../../core/model/types.js';
import { StoreConflict, StoreUnavailable, type JobQuery, type OrderQuery, type ServerQuery, type ServerUsageGroup, type StoreTx, type Token } from '../../core/model/store.js';
import { whereOf } from './server-query.js';
import { countable } from '../server-counts.js';
import { listedByState, statePairs } from '../server-states.js';
import { countableOrders } from '../order-counts.js';
import { inlineParameters } from './sql-literals.js';
import { prepared, preparedName } from './prepared-statements.js';

/** What both pg's Pool and a checked-out PoolClient offer. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  /** a named statement (prepared-statements.ts) */
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[]; rowCount: number | null }>;
}

type DocRow = { doc: string };

const parseAll = <T>(rows: DocRow[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);
const parseOne = <T>(rows: DocRow[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].doc) as T) : undefined);
/** BIGINT and count(*) arrive as strings (they may exceed 2^53); the model's values never do. */
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
type UsageRow = { cloud: string; flavor_id: string; billing: string; internet_charge_type: string | null; n: string; bw: number };
const usageGroups = (rows: UsageRow[]): ServerUsageGroup[] =>
  rows.map((r) => ({ cloud: r.cloud, flavorId: r.flavor_id, billing: r.billing, internetChargeType: r.internet_charge_type, count: num(r.n)!, bandwidthOut: Number(r.bw) }));
/** A simple-protocol message of several statements answers with one result each: the last is the caller's. */
const lastResult = (r: unknown): { rows: any[]; rowCount: number | null } => (Array.isArray(r) ? r[r.length - 1] : r) as { rows: any[]; rowCount: number | null };

/**
 * PostgreSQL text cannot hold NUL, and a parameter with one fails the whole statement; SQLite takes it.
 * Every string parameter (and every tag, kept as JSONB) therefore carries NUL as U+FFFD: writes and
 * look-ups map alike, so a NUL in a path or query parameter finds nothing instead of failing, and a
 * nonce or id with one is still stored. Documents are JSON text, where NUL is already escaped.
 */
const pgText = (v: unknown): unknown =>
  typeof v === 'string' ? (v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v) : Array.isArray(v) ? v.map(pgText) : v;
const tagsJson = (tags: Record<string, string> | undefined) =>
  JSON.stringify(Object.fromEntries(Object.entries(tags ?? {}).map(([k, t]) => [pgText(k), pgText(t)])));
const filterColumns = (v: Server) => [v.name, v.enterpriseProjectId ?? null, tagsJson(v.tags)];
/** What serverUsage groups on (migration 2). An UPDATE that leaves them as they were stays a HOT update. */
const usageColumns = (v: Server) => [v.cloud, v.billing, v.aliyun?.internetChargeType ?? null, v.aliyun?.bandwidthOut ?? null];

// the counters before the servers: the servers' delete trigger then finds nothing to count down
const INSERT_SERVERS = `INSERT INTO servers (id, account_id, project_id, flavor_id, vm_state, task_state, created_at, version, doc, name, enterprise_project_id, tags,
  cloud, billing, internet_charge_type, bandwidth_out)`;
const SERVER_COLUMNS = 16;
/** servers per multi-row INSERT: 16 parameters each, far below PostgreSQL's 65,535 per statement */
const SERVER_BATCH = 500;

const TABLES = ['accounts', 'credentials', 'users', 'projects', 'regions', 'flavors', 'server_counts', 'server_state_counts', 'servers', 'jobs', 'order_counts', 'orders', 'tokens', 'nonces', 'meta', 'world_docs'];

export class PgOps implements StoreTx {
  /**
   * Inside a transaction every point read of a row that a caller may then write (server, job, order,
   * account, world doc, meta) takes its row lock with FOR UPDATE: a second transaction on another node
   * waits for the first to commit and then reads the committed row, so each read-check-write runs on
   * the latest state, as SQLite's serialised transactions guarantee. Outside one, reads take no lock.
   */
  private readonly lock: string;
  /**
   * Servers inserted in this transaction and not sent yet. A world load inserts up to a million in
   * one transaction, one round trip each; they go as one multi-row INSERT per SERVER_BATCH instead,
   * sent before any other statement of the transaction (so every read sees them) and before COMMIT
   * (`flush`). A failing insert (a duplicate id) then fails that later statement or the COMMIT:
   * the transaction fails whole either way.
   */
  private pendingServers: Server[] = [];
  /**
   * Round trips. Each statement is one (node-postgres sends the next only after the last one's
   * answer), and on this 2-core machine each costs both processes a socket write and a wake-up: a
   * resize was BEGIN, two reads, two writes and COMMIT, six of them, ~1 ms of CPU in the node and
   * as much in PostgreSQL (bench/README.md). So the transaction's BEGIN is not sent alone: it goes
   * with the first statement. Writes whose outcome the body does not wait for (a row inserted, a
   * job or order rewritten, a server over the version this transaction locked) are not sent at once
   * either: they go, in order, with the next statement or with the COMMIT, as literals in one
   * simple-protocol message (sql-literals.ts). The order of the statements is the same, so what each
   * read sees is the same; a failing deferred write fails that later message, and the transaction
   * fails whole, as a failing server insert already did (above). A resize is now three round trips.
   */
  private begin: string | null;
  /** whether BEGIN has been sent (a failure after it must be rolled back) */
  begun = false;
  private deferred: string[] = [];
  /**
   * The version of each server this transaction holds the row lock of (read FOR UPDATE, or written):
   * no other transaction can change such a row before the COMMIT, so its compare-and-set cannot fail
   * and the write can wait for the next round trip.
   */
  private readonly lockedServers = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly inTransaction: boolean,
    /** the statement that opens the transaction, sent with the first statement of its body */
    begin: string | null = null,
  ) {
    this.lock = inTransaction ? ' FOR UPDATE' : '';
    this.begin = inTransaction ? begin : null;
  }

  private async query(sql: string, values: unknown[] = []) {
    if (this.pendingServers.length > 0) await this.flush();
    return this.send(sql, values);
  }

  /** BEGIN (not sent yet) and the deferred writes, taken: they travel with the next message. */
  private takeCarried(): string[] {
    const carried = this.begin ? [this.begin, ...this.deferred] : this.deferred;
    if (this.begin) this.begun = true;
    this.begin = null;
    this.deferred = [];
    return carried;
  }

  private async send(sql: string, values: unknown[]): Promise<{ rows: any[]; rowCount: number | null }> {
    const params = values.map(pgText);
    try {
      if (this.begin === null && this.deferred.length === 0) return await this.run(sql, params);
      const carried = this.takeCarried();
      const inlined = inlineParameters(sql, params);
      if (inlined === null) {
        await this.db.query(carried.join(';\n'));
        return await this.run(sql, params);
      }
      return lastResult(await this.db.query([...carried, inlined].join(';\n')));
    } catch (err) {
      throw isConnectionLost(err) ? new StoreUnavailable(err) : err;
    }
  }

  /** One statement on its own: named if its text was marked `prepared`. */
  private run(sql: string, params: unknown[]) {
    const name = preparedName(sql);
    return name === undefined ? this.db.query(sql, params) : this.db.query({ name, text: sql, values: params });
  }

  /**
   * A write whose outcome the body does not wait for (or a row lock taken for what follows):
   * deferred inside a transaction (see `begin`), sent at once outside one. Servers inserted and not
   * sent yet go first, to keep the order.
   */
  private async write(sql: string, values: unknown[]): Promise<void> {
    const inlined = this.inTransaction ? inlineParameters(sql, values.map(pgText)) : null;
    if (inlined === null) {
      await this.exec(sql, values);
      return;
    }
    if (this.pendingServers.length > 0) await this.flush();
    this.deferred.push(inlined);
  }

  /**
   * Ends the transaction: the servers not sent, then the deferred writes and COMMIT in one message.
   * Returns COMMIT's command tag (ROLLBACK when a failed statement had already aborted it), or null
   * when the body sent nothing at all, so there was no transaction to end.
   */
  async commit(): Promise<string | null> {
    await this.flush();
    if (this.begin !== null && this.deferred.length === 0) {
      this.begin = null;
      return null;
    }
    try {
      const done = lastResult(await this.db.query([...this.takeCarried(), 'COMMIT'].join(';\n')));
      return (done as { command?: string }).command ?? null;
    } catch (err) {
      throw isConnectionLost(err) ? new StoreUnavailable(err) : err;
    }
  }

  /** Sends the servers inserted and not sent yet (the transaction calls it before COMMIT). */
  async flush(): Promise<void> {
    const batch = this.pendingServers.splice(0);
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const rows = batch.map((v) => {
      const at = values.length;
      values.push(v.id, v.accountId, v.projectId, v.flavorId, v.vmState, v.taskState, v.createdAt, v.version, JSON.stringify(v), ...filterColumns(v), ...usageColumns(v));
      return `(${Array.from({ length: SERVER_COLUMNS }, (_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    await this.send(`${INSERT_SERVERS} VALUES ${rows.join(', ')}`, values);
  }

  private async docs<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return parseAll<T>((await this.query(sql, values)).rows as DocRow[]);
  }

  private async doc<T>(sql: string, values: unknown[]): Promise<T | undefined> {
    return parseOne<T>((await this.query(sql, values)).rows as DocRow[]);
  }

  private async exec(sql: string, values: unknown[] = []): Promise<number> {
    return (await this.query(sql, values)).rowCount ?? 0;
  }

  private putDoc(table: string, key: string, id: string, doc: unknown): Promise<void> {
    return this.write(`INSERT INTO ${table} (${key}, doc) VALUES ($1, $2) ON CONFLICT (${key}) DO UPDATE SET doc = EXCLUDED.doc`, [id, JSON.stringify(doc)]);
  }

  getAccount(id: string) { return this.doc<Account>(prepared(`SELECT doc FROM accounts WHERE id = $1${this.lock}`), [id]); }
  readAccount(id: string) { return this.doc<Account>(prepared('SELECT doc FROM accounts WHERE id = $1'), [id]); }
  listAccounts() { return this.docs<Account>('SELECT doc FROM accounts ORDER BY id'); }
  // SQLite returns these in insertion order; PostgreSQL has none, so key order keeps them deterministic
  listCredentials() { return this.docs<Credential>('SELECT doc FROM credentials ORDER BY access_key'); }
  listUsers() { return this.docs<User>('SELECT doc FROM users ORDER BY id'); }
  listProjects() { return this.docs<Project>('SELECT doc FROM projects ORDER BY id'); }
  listRegions() { return this.docs<Region>('SELECT doc FROM regions ORDER BY id'); }
  listFlavors() { return this.docs<Flavor>('SELECT doc FROM flavors ORDER BY id'); }
  async putAccount(a: Account) { await this.putDoc('accounts', 'id', a.id, a); }
  async putCredential(c: Credential) { await this.putDoc('credentials', 'access_key', c.accessKey, c); }
  async putUser(u: User) { await this.putDoc('users', 'id', u.id, u); }
  async putProject(p: Project) { await this.putDoc('projects', 'id', p.id, p); }
  async putRegion(r: Region) { await this.putDoc('regions', 'id', r.id, r); }
  async putFlavor(f: Flavor) { await this.putDoc('flavors', 'id', f.id, f); }

  async getServer(id: string) {
    const server = await this.doc<Server>(prepared(`SELECT doc FROM servers WHERE id = $1${this.lock}`), [id]);
    if (server && this.inTransaction) this.lockedServers.set(id, server.version);
    return server;
  }

  async countJobsByStatus() {
    const rows = (await this.query('SELECT status, count(*) AS n FROM jobs GROUP BY status')).rows as { status: string; n: string }[];
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async countServers() {
    return num((await this.query('SELECT coalesce(sum(count), 0) AS n FROM server_counts')).rows[0].n as string)!;
  }

  async listServers(q: ServerQuery): Promise<{ total: number; items: Server[] }> {
    const w = whereOf(q);
    const total =
      q.total === false ? -1
      : countable(q) ? await this.countedServers(q)
      : listedByState(q) ? await this.countedStates(q)
      : num((await this.query(`SELECT count(*) AS n FROM servers WHERE ${w.cond}`, w.args)).rows[0].n as string)!;
    let cond = w.cond;
    if (q.afterId) cond += ` AND (created_at, id) > (SELECT created_at, id FROM servers WHERE id = ${w.arg(q.afterId)})`;
    if (q.after) cond += ` AND (created_at, id) > (${w.arg(q.after.createdAt)}::bigint, ${w.arg(q.after.id)}::text)`;
    const page = `ORDER BY created_at, id LIMIT ${w.arg(q.limit)} OFFSET ${w.arg(q.offset ?? 0)}`;
    return { total, items: await this.docs<Server>(`SELECT doc FROM servers WHERE ${cond} ${page}`, w.args) };
  }

  /** The total of a status-filtered listing (server-states.ts), from the state counters (migration 10). */
  private async countedStates(q: ServerQuery): Promise<number> {
    const pairs = statePairs(q.statusIn!);
    if (pairs.length === 0) return 0;
    const args: string[] = [q.accountId, q.projectId!];
    const alts = pairs.map((p) => {
      args.push(p.vm, p.task ?? '');
      return `($${args.length - 1}, $${args.length})`;
    });
    const sql = `SELECT coalesce(sum(count), 0) AS n FROM server_state_counts WHERE account_id = $1 AND project_id = $2 AND (vm_state, task_state) IN (${alts.join(', ')})`;
    return num((await this.query(sql, args)).rows[0].n as string)!;
  }

  /** The total of a query `countable` accepts, from the counters. */
  private countedServers(q: ServerQuery): Promise<number> {
    return this.sumOfCounters('server_counts', [['account_id', q.accountId], ['project_id', q.projectId || undefined], ['flavor_id', q.flavorId || undefined]]);
  }

  /** The sum of a counter table's rows (migrations 5, 9) that match every key part given (undefined: any). */
  private async sumOfCounters(table: 'server_counts' | 'order_counts', keys: [column: string, value: string | undefined][]): Promise<number> {
    const set = keys.filter((k): k is [string, string] => k[1] !== undefined);
    const cond = set.map(([c], i) => `${c} = $${i + 1}`).join(' AND ');
    return num((await this.query(`SELECT coalesce(sum(count), 0) AS n FROM ${table} WHERE ${cond}`, set.map(([, v]) => v))).rows[0].n as string)!;
  }

  /** The counters (migration 5): a few rows per account and project, whatever the servers. */
  async serverUsage(q: { accountId: string; projectId: string }): Promise<ServerUsageGroup[]> {
    const { rows } = await this.query(
      prepared(`SELECT cloud, flavor_id, billing, nullif(internet_charge_type, '') AS internet_charge_type, count AS n, bandwidth_out AS bw
       FROM server_counts WHERE account_id = $1 AND project_id = $2 AND count > 0
       ORDER BY cloud, billing, flavor_id, internet_charge_type`),
      [q.accountId, q.projectId],
    );
    return usageGroups(rows);
  }

  /**
   * The account's row lock, then its usage: two statements in one message (the lock is carried like
   * a deferred write). Not one statement: under READ COMMITTED a statement that waited for a row lock
   * sees the locked row as committed since, but every other table as it was when the statement
   * began, so the counters would be read as they were before the change that held the lock. The
   * second statement starts once the first holds the lock, and sees that change.
   */
  async lockedServerUsage(q: { accountId: string; projectId: string }): Promise<ServerUsageGroup[]> {
    if (this.inTransaction) await this.write('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [q.accountId]);
    return this.serverUsage(q);
  }

  async insertServer(v: Server) {
    this.pendingServers.push(v);
    if (!this.inTransaction || this.pendingServers.length >= SERVER_BATCH) await this.flush();
  }

  /**
   * Compare-and-set on version: the write lands only over the version the caller read. Over a row
   * this transaction holds locked at exactly that version the compare cannot fail, and the write is
   * deferred (see `begin`); otherwise it is sent now and its count checked.
   */
  async updateServer(v: Server) {
    const sql = prepared(`UPDATE servers SET flavor_id = $3, vm_state = $4, task_state = $5, version = $6, doc = $7, name = $8, enterprise_project_id = $9, tags = $10,
         cloud = $11, billing = $12, internet_charge_type = $13, bandwidth_out = $14
       WHERE id = $1 AND version = $2`);
    const values = [v.id, v.version - 1, v.flavorId, v.vmState, v.taskState, v.version, JSON.stringify(v), ...filterColumns(v), ...usageColumns(v)];
    if (this.inTransaction && this.lockedServers.get(v.id) === v.version - 1) {
      await this.write(sql, values);
    } else {
      const n = await this.exec(sql, values);
      if (n !== 1) throw new StoreConflict(`server ${v.id}`);
    }
    // the UPDATE holds the row's lock from here to the end of the transaction
    if (this.inTransaction) this.lockedServers.set(v.id, v.version);
  }

  getJob(id: string) { return this.doc<Job>(prepared(`SELECT doc FROM jobs WHERE id = $1${this.lock}`), [id]); }
  listChildJobs(parentId: string) { return this.docs<Job>(prepared('SELECT doc FROM jobs WHERE parent_id = $1 ORDER BY created_at, id'), [parentId]); }

  listJobs(q: JobQuery): Promise<Job[]> {
    const where: string[] = ['TRUE'];
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (q.accountId) where.push(`account_id = ${arg(q.accountId)}`);
    if (q.status) where.push(`status = ${arg(q.status)}`);
    if (q.parentId === null) where.push('parent_id IS NULL');
    else if (q.parentId) where.push(`parent_id = ${arg(q.parentId)}`);
    return this.docs<Job>(`SELECT doc FROM jobs WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT ${arg(q.limit)}`, args);
  }

  dueJobs(now: number, limit: number) {
    return this.docs<Job>(prepared('SELECT doc FROM jobs WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2'), [now, limit]);
  }

  async nextDueAt() {
    return num((await this.query(prepared('SELECT min(due_at) AS t FROM jobs WHERE due_at IS NOT NULL'))).rows[0].t as string | null);
  }

  async insertJob(j: Job) {
    await this.write('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      j.id, j.accountId, j.parentId, j.status, j.dueAt, j.purgeAt, j.createdAt, JSON.stringify(j),
    ]);
  }

  async updateJob(j: Job) {
    await this.write('UPDATE jobs SET status = $1, due_at = $2, purge_at = $3, doc = $4, claimed_by = NULL, claimed_until = NULL WHERE id = $5', [
      j.status, j.dueAt, j.purgeAt, JSON.stringify(j), j.id,
    ]);
  }

  /** SKIP LOCKED: jobs another node is claiming right now are left to it, never waited for. */
  async claimDueJobs(node: string, now: number, wallNow: number, leaseMs: number, limit: number) {
    const jobs = await this.docs<Job>(
      prepared(`UPDATE jobs SET claimed_by = $1, claimed_until = $2 WHERE id IN (
         SELECT id FROM jobs WHERE due_at IS NOT NULL AND due_at <= $3 AND (claimed_until IS NULL OR claimed_until < $4)
         ORDER BY due_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
       RETURNING doc`),
      [node, wallNow + leaseMs, now, wallNow, limit],
    );
    return jobs.sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : 1));
  }

  /** One statement: a parent past its purge time takes its sub-jobs with it, whatever theirs says. */
  purgeJobs(now: number) {
    return this.exec('DELETE FROM jobs WHERE purge_at <= $1 OR parent_id IN (SELECT id FROM jobs WHERE purge_at <= $1)', [now]);
  }

  getOrder(id: string) { return this.doc<Order>(prepared(`SELECT doc FROM orders WHERE id = $1${this.lock}`), [id]); }
  listOrders(accountId?: string, created?: { from: number; to: number }) {
    if (accountId && created) return this.docs<Order>('SELECT doc FROM orders WHERE account_id = $1 AND created_at BETWEEN $2 AND $3 ORDER BY created_at, id', [accountId, created.from, created.to]);
    return accountId
      ? this.docs<Order>('SELECT doc FROM orders WHERE account_id = $1 ORDER BY created_at, id', [accountId])
      : this.docs<Order>('SELECT doc FROM orders ORDER BY created_at, id');
  }

  async listOrderPage(q: OrderQuery): Promise<{ total: number; items: Order[] }> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = ['TRUE'];
    if (q.accountId !== undefined) where.push(`account_id = ${arg(q.accountId)}`);
    if (q.cloud) where.push(`cloud = ${arg(q.cloud)}`);
    if (q.status) where.push(`status = ${arg(q.status)}`);
    if (q.id !== undefined) where.push(`id = ${arg(q.id)}`);
    if (q.created) where.push(`created_at BETWEEN ${arg(q.created.from)} AND ${arg(q.created.to)}`);
    const cond = where.join(' AND ');
    const total = !q.total ? -1 : countableOrders(q) ? await this.countedOrders(q) : num((await this.query(`SELECT count(*) AS n FROM orders WHERE ${cond}`, args)).rows[0].n as string)!;
    const desc = q.order === 'desc';
    let pageCond = cond;
    if (q.afterId !== undefined) pageCond += ` AND (created_at, id) ${desc ? '<' : '>'} (SELECT created_at, id FROM orders WHERE id = ${arg(q.afterId)})`;
    const dir = desc ? 'DESC' : '';
    const page = `ORDER BY created_at ${dir}, id ${dir} LIMIT ${arg(q.limit)} OFFSET ${arg(q.offset ?? 0)}`;
    return { total, items: await this.docs<Order>(`SELECT doc FROM orders WHERE ${pageCond} ${page}`, args) };
  }

  /** The total of a query `countableOrders` accepts, from the counters. */
  private countedOrders(q: OrderQuery): Promise<number> {
    return this.sumOfCounters('order_counts', [['account_id', q.accountId], ['cloud', q.cloud || undefined], ['status', q.status || undefined]]);
  }

  listResourceOrders(resourceId: string, status?: OrderStatus) {
    return status
      ? this.docs<Order>('SELECT doc FROM orders WHERE resource_id = $1 AND status = $2 ORDER BY created_at, id', [resourceId, status])
      : this.docs<Order>('SELECT doc FROM orders WHERE resource_id = $1 ORDER BY created_at, id', [resourceId]);
  }
  async insertOrder(o: Order) {
    await this.write('INSERT INTO orders (id, account_id, created_at, doc, cloud, status, resource_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      o.id, o.accountId, o.createdAt, JSON.stringify(o), o.cloud, o.status, o.resourceId,
    ]);
  }
  async updateOrder(o: Order) { await this.write('UPDATE orders SET doc = $1, status = $2 WHERE id = $3', [JSON.stringify(o), o.status, o.id]); }

  getToken(token: string) { return this.doc<Token>(prepared('SELECT doc FROM tokens WHERE token = $1'), [token]); }
  async putToken(t: Token) {
    await this.write('INSERT INTO tokens (token, expires_at, doc) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET expires_at = EXCLUDED.expires_at, doc = EXCLUDED.doc', [
      t.token, t.expiresAt, JSON.stringify(t),
    ]);
  }

  async getMeta(key: string) {
    return ((await this.query(prepared(`SELECT value FROM meta WHERE key = $1${this.lock}`), [key])).rows[0] as { value: string } | undefined)?.value;
  }
  async setMeta(key: string, value: string) {
    await this.write('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
  }

  /** A concurrent insert of the same nonce waits on this one's row and then does nothing: exactly one wins. */
  async claimNonce(nonce: string, expiresAt: number) {
    return (await this.query(prepared('INSERT INTO nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING'), [nonce, expiresAt])).rowCount === 1;
  }
  async purgeNonces(now: number) { await this.exec('DELETE FROM nonces WHERE expires_at < $1', [now]); }

  getWorldDoc(kind: string) { return this.docs<unknown>(prepared('SELECT doc FROM world_docs WHERE kind = $1 ORDER BY id'), [kind]); }
  findWorldDoc(kind: string, id: string) { return this.doc<unknown>(prepared(`SELECT doc FROM world_docs WHERE kind = $1 AND id = $2${this.lock}`), [kind, id]); }
  readWorldDoc(kind: string, id: string) { return this.doc<unknown>(prepared('SELECT doc FROM world_docs WHERE kind = $1 AND id = $2'), [kind, id]); }
  async deleteWorldDoc(kind: string, id: string) { await this.write('DELETE FROM world_docs WHERE kind = $1 AND id = $2', [kind, id]); }
  async putWorldDoc(kind: string, id: string, doc: unknown) {
    await this.write('INSERT INTO world_docs (kind, id, doc) VALUES ($1, $2, $3) ON CONFLICT (kind, id) DO UPDATE SET doc = EXCLUDED.doc', [kind, id, JSON.stringify(doc)]);
  }
  async claimWorldDoc(kind: string, id: string, doc: unknown) {
    return (await this.query('INSERT INTO world_docs (kind, id, doc) VALUES ($1, $2, $3) ON CONFLICT (kind, id) DO NOTHING', [kind, id, JSON.stringify(doc)])).rowCount === 1;
  }

  /** DELETE rather than TRUNCATE: TRUNCATE's exclusive lock would stall every other node's reads until commit. */
  async wipe() {
    this.lockedServers.clear();
    for (const t of TABLES) await this.exec(`DELETE FROM ${t}`);
  }
}

/** Errors that mean the connection, not the statement, failed: nothing was committed, try again later. */
export function isConnectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08'))) return true;
  const message = (err as Error)?.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(message);
}
