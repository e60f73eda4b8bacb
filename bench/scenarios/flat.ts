// ============================================================================================
// FLAT COST (issue 16 item 3): each operation whose cost could grow with the world, measured on
// worlds of 1,000, 100,000 and 1,000,000 servers, on SQLite and (DATABASE_URL) PostgreSQL. The
// cost ratio is req/s at the smallest world over req/s at the largest: 1.00 is flat, and an
// operation passes at <= 1.5.
//
// A world of N servers holds N/2 Huawei servers in the demo account's cn-north-4 project and N/2
// Alibaba instances of the demo account in cn-hangzhou (pay-as-you-go, Stopped), with the region's
// vCPU quota set (high enough never to refuse), so ModifyInstanceSpec sums the account's vCPUs on
// every call, as a real world with a quota does. Operations on either cloud see half the world in
// their own project or region; the other half is there to be skipped. The demo account also holds
// one order per ORDER_EVERY servers (half Huawei, half Alibaba, one in ten unpaid), one a minute
// up to the world's clock, written through the store after the load: world files hold no orders.
// ============================================================================================
import { writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startChildServer, type ChildServer } from '../../test/helpers/child-server.js';
import { DEMO } from '../../test/helpers/demo.js';
import { packageFile } from '../../src/paths.js';
import { uuidFrom } from '../../src/core/derived-ids.js';
import { acsDate, signAcs3 } from '../lib/acs3-signer.js';
import { sdkDate, signHuawei, type SignedHttpRequest } from '../lib/huawei-signer.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { ALIYUN_KEY, ALIYUN_REGION, ALIYUN_TYPE, ALIYUN_ZONE } from './aliyun.js';
import type { Store } from '../../src/core/model/store.js';
import type { Order } from '../../src/core/model/types.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

const H_PREFIX = 'flat';
const A_PREFIX = 'i-flat';
const hId = (n: number) => uuidFrom(`server/demo/${H_PREFIX}/${n}`);
const aId = (n: number) => `${A_PREFIX}${String(n).padStart(12, '0')}`;
/** the demo account (both clouds): its orders, the console's listings */
const DEMO_ACCOUNT = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';
/** one order of the demo account per this many servers: 100,000 orders in the 1,000,000-server world */
const ORDER_EVERY = 10;
const MINUTE = 60_000;
/** the types ModifyInstanceSpec moves the instances between, one step per run (up, down, up, ...) */
const ALIYUN_TYPES = [ALIYUN_TYPE, 'ecs.g6.xlarge'];

export interface FlatCounts {
  sizes: number[];
  /** PostgreSQL world sizes */
  pgSizes: number[];
  /** requests per measured run of a listing (cycled where the request can be replayed) */
  requests: number;
  /** requests per run of an operation expected to grow (on one connection) */
  linearRequests: number;
  /** measured runs per operation and world (the median run counts) */
  runs: number;
  /** a run stops after this many seconds, whatever it has not sent */
  maxSeconds: number;
  connections: number;
}

export interface FlatOp {
  id: string;
  title: string;
  /** why the cost may grow with the world (docs/architecture.md, "Flat cost"); absent: it should not */
  linear?: string;
}

export interface FlatMeasure {
  engine: 'sqlite' | 'postgres';
  servers: number;
  op: string;
  rps: number;
  p50Ms: number;
  non2xx: number;
}

export interface FlatRow {
  engine: 'sqlite' | 'postgres';
  op: string;
  title: string;
  /** req/s per world size */
  rps: Record<number, number>;
  p50Ms: Record<number, number>;
  /** req/s at the smallest world over req/s at the largest */
  ratio: number;
  from: number;
  to: number;
  pass: boolean;
  linear?: string;
}

export interface FlatReport {
  rows: FlatRow[];
  loads: { engine: string; servers: number; seconds: number }[];
  skipped: string[];
}

export const FLAT_OPS: readonly FlatOp[] = [
  { id: 'aliyun-modify-quota', title: 'Alibaba ModifyInstanceSpec, vCPU quota set (usage from the counters)' },
  { id: 'huawei-list-details', title: 'Huawei ListServersDetails, page 1 (limit 25), count' },
  { id: 'huawei-list-details-flavor', title: 'Huawei ListServersDetails, flavor filter, page 1, count' },
  { id: 'huawei-list-details-name', title: 'Huawei ListServersDetails, name filter (substring), page 1, count', linear: 'a substring match uses no index, and the count visits every match' },
  { id: 'huawei-list-details-status', title: 'Huawei ListServersDetails, status=SHUTOFF, page 1, count' },
  { id: 'huawei-list-v11', title: 'Huawei v1.1 ListCloudServers, page 1 (limit 25)' },
  { id: 'huawei-list-v11-marker', title: 'Huawei v1.1 ListCloudServers, marker in the middle (keyset)' },
  { id: 'aliyun-describe', title: 'Alibaba DescribeInstances, page 1 (PageSize 10), TotalCount' },
  { id: 'aliyun-describe-token', title: 'Alibaba DescribeInstances, NextToken in the middle (MaxResults 10)' },
  { id: 'aliyun-describe-type', title: 'Alibaba DescribeInstances, InstanceType filter, page 1' },
  { id: 'aliyun-describe-status', title: 'Alibaba DescribeInstances, Status filter, page 1, TotalCount' },
  { id: 'console-servers', title: 'console server list (GET /_specshift/servers, 50), total' },
  { id: 'console-jobs', title: 'console job list (GET /_specshift/jobs, 100)' },
  { id: 'huawei-bss-orders', title: 'Huawei BSS ListCustomerOrders, page 1 (limit 10), total_count' },
  { id: 'huawei-bss-orders-status', title: 'Huawei BSS ListCustomerOrders, status=6 (unpaid), page 1, total_count' },
  { id: 'aliyun-query-orders', title: 'Alibaba QueryOrders, the last hour (default window), page 1, TotalCount' },
  { id: 'aliyun-query-orders-all', title: 'Alibaba QueryOrders, a window over every order, page 1, TotalCount', linear: 'the total counts the orders in the window (no counter per time): it grows with the window, not the world' },
  { id: 'console-orders', title: 'console order list (GET /_specshift/orders, 100)' },
];

/**
 * The demo account's orders in a loaded world (world files hold none): one per ORDER_EVERY
 * servers, alternately Huawei (resizes of its servers) and Alibaba (type changes of its
 * instances), one a minute up to the world's clock, one in ten unpaid. Written through the store,
 * a thousand per transaction, as orders arrive in a real world (one per billed change).
 */
async function addOrders(store: Store, servers: number): Promise<number> {
  const count = Math.floor(servers / ORDER_EVERY);
  const now = Number((await store.reads.getMeta('clock.manual')) ?? Date.now());
  const half = Math.floor(servers / 2);
  const order = (k: number): Order => {
    const huawei = k % 2 === 0;
    const createdAt = now - (count - k) * MINUTE;
    // one in ten of each cloud's orders
    const unpaid = Math.floor(k / 2) % 10 === 3;
    return {
      id: huawei ? `CS${String(createdAt).slice(-10)}F${String(k).padStart(4, '0').slice(-4)}` : `2${String(k).padStart(14, '0')}`,
      cloud: huawei ? 'huawei' : 'aliyun',
      accountId: DEMO_ACCOUNT,
      kind: huawei ? 'ecs_resize' : 'ecs_respec',
      status: unpaid ? 'pending_payment' : 'completed',
      amountCents: 1000 + (k % 7) * 125,
      jobId: null,
      resourceId: huawei ? hId(k % Math.max(1, servers - half)) : aId(k % Math.max(1, half)),
      detail: huawei ? { from_flavor: 's6.large.2', to_flavor: 's6.xlarge.2' } : { from_instance_type: ALIYUN_TYPE, to_instance_type: 'ecs.g6.xlarge', operator_type: 'upgrade' },
      createdAt,
      paidAt: unpaid ? null : createdAt + 1000,
    };
  };
  for (let from = 0; from < count; from += 1000) {
    await store.transaction(async (tx) => {
      for (let k = from; k < Math.min(count, from + 1000); k++) await tx.insertOrder(order(k));
    });
  }
  return count;
}

/** QueryOrders' CreateTime format: yyyy-MM-ddTHH:mm:ssZ */
const bssTime = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

function flatWorld(servers: number): unknown {
  const demo = JSON.parse(readFileSync(packageFile('data', 'demo-world.json'), 'utf8')) as { huawei: Record<string, unknown>; aliyun: Record<string, unknown>; $schema?: string };
  delete demo.$schema;
  const half = Math.floor(servers / 2);
  demo.huawei.generate_servers = [{ count: servers - half, account: 'demo', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'SHUTOFF', name_prefix: H_PREFIX }];
  const aliyun = demo.aliyun as { regions?: { id: string; quotas?: Record<string, number> }[]; rate_limits?: Record<string, unknown>; generate_instances?: unknown[] };
  // the quota stays set (every type change sums the account's vCPUs), high enough never to refuse
  for (const r of aliyun.regions ?? []) if (r.id === ALIYUN_REGION) r.quotas = { ...r.quotas, postpaid_vcpus: 10_000_000 };
  aliyun.rate_limits = { ...aliyun.rate_limits, ModifyInstanceSpec: { calls: 1_000_000_000, period_seconds: 1 } };
  aliyun.generate_instances = [{ count: half, id_prefix: A_PREFIX, name_prefix: H_PREFIX, account: 'demo', region: ALIYUN_REGION, zone: ALIYUN_ZONE, instance_type: ALIYUN_TYPE, status: 'Stopped' }];
  return demo;
}

const spreadOver = (n: number, count: number, skip = 0) => Array.from({ length: count }, (_, k) => Math.floor(((k + skip) * n) / (count + skip)));

function huaweiGet(s: ChildServer, path: string, global = false): SignedHttpRequest {
  return signHuawei(DEMO, { method: 'GET', path, host: new URL(s.endpoint).host, ...(global ? {} : { project: DEMO.project }), date: sdkDate(Date.now()) });
}

/** BssOpenApi calls (QueryOrders), signed one by one like every Alibaba request. */
function aliyunBss(s: ChildServer, action: string, params: Record<string, string>, count: number): SignedHttpRequest[] {
  const host = new URL(s.endpoint).host;
  const date = acsDate(Date.now());
  return Array.from({ length: count }, () => signAcs3(ALIYUN_KEY, { action, version: '2017-12-14', params, host, date }));
}

/** Alibaba requests carry a nonce each: a replay is refused, so every request is signed anew. */
function aliyun(s: ChildServer, action: string, params: Record<string, string>, count: number): SignedHttpRequest[] {
  const host = new URL(s.endpoint).host;
  const date = acsDate(Date.now());
  return Array.from({ length: count }, () => signAcs3(ALIYUN_KEY, { action, version: '2014-05-26', params: { RegionId: ALIYUN_REGION, ...params }, host, date }));
}

async function getJson(s: ChildServer, r: SignedHttpRequest): Promise<Record<string, unknown>> {
  const res = await fetch(s.endpoint + r.path, { method: r.method, headers: r.headers });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${r.path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/**
 * The requests of one measured run of `op` (run `run` of the operation on this world): prepared
 * before the clock starts; null when the run needs none (the operation does not apply).
 */
async function requestsFor(op: string, s: ChildServer, servers: number, run: number, c: FlatCounts): Promise<{ requests: SignedHttpRequest[]; amount: number }> {
  const half = Math.floor(servers / 2);
  const cycled = (r: SignedHttpRequest) => ({ requests: [r], amount: c.requests });
  const p = DEMO.project;
  switch (op) {
    case 'aliyun-modify-quota': {
      // one request per instance and run, spread over the region; the type goes up, then down, ...
      const n = Math.min(half, c.requests);
      const to = ALIYUN_TYPES[(run + 1) % 2]!;
      const host = new URL(s.endpoint).host;
      const date = acsDate(Date.now());
      const requests = spreadOver(half, n).map((i) => signAcs3(ALIYUN_KEY, { action: 'ModifyInstanceSpec', version: '2014-05-26', params: { RegionId: ALIYUN_REGION, InstanceId: aId(i), InstanceType: to }, host, date }));
      return { requests, amount: requests.length };
    }
    case 'huawei-list-details': return cycled(huaweiGet(s, `/v1/${p}/cloudservers/detail?limit=25`));
    case 'huawei-list-details-flavor': return cycled(huaweiGet(s, `/v1/${p}/cloudservers/detail?flavor=s6.large.2&limit=25`));
    case 'huawei-list-details-name': return cycled(huaweiGet(s, `/v1/${p}/cloudservers/detail?name=${H_PREFIX}-1&limit=25`));
    case 'huawei-list-details-status': return cycled(huaweiGet(s, `/v1/${p}/cloudservers/detail?status=SHUTOFF&limit=25`));
    case 'huawei-list-v11': return cycled(huaweiGet(s, `/v1.1/${p}/cloudservers/detail?limit=25`));
    case 'huawei-list-v11-marker': return cycled(huaweiGet(s, `/v1.1/${p}/cloudservers/detail?limit=25&marker=${hId(Math.floor((servers - half) / 2))}`));
    case 'aliyun-describe': return { requests: aliyun(s, 'DescribeInstances', { PageSize: '10' }, c.requests), amount: c.requests };
    case 'aliyun-describe-token': {
      // a token from the middle of the region: the last position of a page there
      const middle = await getJson(s, aliyun(s, 'DescribeInstances', { PageSize: '10', PageNumber: String(Math.max(1, Math.floor(half / 20))) }, 1)[0]!);
      const token = String(middle.NextToken ?? '');
      return { requests: aliyun(s, 'DescribeInstances', { MaxResults: '10', ...(token ? { NextToken: token } : {}) }, c.requests), amount: c.requests };
    }
    case 'aliyun-describe-type': return { requests: aliyun(s, 'DescribeInstances', { PageSize: '10', InstanceType: ALIYUN_TYPES[0]! }, c.requests), amount: c.requests };
    case 'aliyun-describe-status': return { requests: aliyun(s, 'DescribeInstances', { PageSize: '10', Status: 'Stopped' }, c.requests), amount: c.requests };
    // the account by id (a name lists nothing)
    case 'console-servers': return cycled({ method: 'GET', path: `/_specshift/servers?account=${DEMO_ACCOUNT}&limit=50`, headers: {} });
    case 'console-jobs': return cycled({ method: 'GET', path: '/_specshift/jobs?limit=100', headers: {} });
    case 'huawei-bss-orders': return cycled(huaweiGet(s, '/v2/orders/customer-orders?limit=10', true));
    case 'huawei-bss-orders-status': return cycled(huaweiGet(s, '/v2/orders/customer-orders?status=6&limit=10', true));
    case 'aliyun-query-orders': return { requests: aliyunBss(s, 'QueryOrders', { PageSize: '20' }, c.requests), amount: c.requests };
    case 'aliyun-query-orders-all': {
      // from before the first order to a day past the clock (which ModifyInstanceSpec's runs moved on)
      const now = Date.parse(String((await (await fetch(`${s.endpoint}/_specshift/clock`)).json() as { now: string }).now));
      const params = { PageSize: '20', CreateTimeStart: bssTime(now - (servers / ORDER_EVERY + 24 * 60 * 10) * MINUTE), CreateTimeEnd: bssTime(now + 24 * 60 * MINUTE) };
      return { requests: aliyunBss(s, 'QueryOrders', params, c.requests), amount: c.requests };
    }
    case 'console-orders': return cycled({ method: 'GET', path: '/_specshift/orders?limit=100', headers: {} });
    default: throw new Error(`unknown flat operation ${op}`);
  }
}

async function advance(s: ChildServer, seconds: number): Promise<void> {
  const res = await fetch(`${s.endpoint}/_specshift/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  if (!res.ok) throw new Error(`clock advance failed: ${res.status}`);
}

const nonOk = (r: LoadResult) => Object.entries(r.statuses).reduce((a, [k, v]) => (k.startsWith('2') ? a : a + v), 0) + r.errors;

interface Schema {
  url: string;
  drop(): Promise<void>;
}

/** A schema of its own for one world, dropped afterwards. */
async function createSchema(databaseUrl: string): Promise<Schema> {
  const name = `specshift_flat_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${name} CASCADE`).catch(() => undefined);
      await c.end();
    },
  };
}

/** One node per world size, all up at once: each run of an operation goes round the worlds. */
interface Node {
  servers: number;
  s: ChildServer;
}

/**
 * Every operation on every world, interleaved: warm-up on each world, then run 1 on each world,
 * run 2 on each, ... so a busy spell of the shared machine weighs on every size alike. An
 * operation expected to grow (`linear`) runs on one connection with few requests: at 1,000,000
 * servers one request reads half a million rows, and ten of them at once would only measure memory.
 */
async function measureInterleaved(engine: 'sqlite' | 'postgres', nodes: readonly Node[], c: FlatCounts, log: (s: string) => void): Promise<FlatMeasure[]> {
  const out: FlatMeasure[] = [];
  // SPECSHIFT_BENCH_FLAT_OPS=console-orders,huawei-bss-orders: only those operations (a look at a few)
  const only = process.env.SPECSHIFT_BENCH_FLAT_OPS?.split(',').map((x) => x.trim()).filter(Boolean);
  for (const op of FLAT_OPS.filter((o) => !only?.length || only.includes(o.id))) {
    const runs = new Map<number, LoadResult[]>(nodes.map((n) => [n.servers, []]));
    const slow = new Set<number>();
    const modify = op.id === 'aliyun-modify-quota';
    // an operation expected to grow gets no warm-up and one measured run: at 1,000,000 servers
    // each of its requests reads half a million rows
    for (let run = op.linear ? 1 : 0; run <= (op.linear ? 1 : c.runs); run++) {
      for (const { servers, s } of nodes) {
        // a run that hit the time limit says enough: the next would too
        if (slow.has(servers)) continue;
        const { requests, amount } = await requestsFor(op.id, s, servers, run, c);
        // a second downgrade within 5 minutes is refused (Downgrade.NotSupported): the manual clock moves on
        if (modify) await advance(s, 600);
        const want = op.linear ? Math.min(amount, c.linearRequests) : run === 0 && !modify ? Math.min(amount, Math.ceil(c.requests / 4)) : amount;
        const r = await runLoad({ url: s.endpoint, requests, connections: op.linear ? 1 : c.connections, amount: want, maxSeconds: c.maxSeconds });
        if (run > 0) runs.get(servers)!.push(r);
        if (run > 0 && r.seconds >= c.maxSeconds * 0.9) slow.add(servers);
      }
    }
    const line: string[] = [];
    for (const { servers } of nodes) {
      const rs = runs.get(servers)!;
      const sorted = [...rs].sort((a, b) => a.rps - b.rps);
      const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const bad = rs.reduce((a, r) => a + nonOk(r), 0);
      out.push({ engine, servers, op: op.id, rps: mid.rps, p50Ms: mid.p50, non2xx: bad });
      line.push(`${servers.toLocaleString('en-US')}: ${Math.round(mid.rps)} req/s${bad ? ` (${bad} NOT 2xx: ${rs.flatMap((r) => r.failures)[0] ?? ''})` : ''}`);
    }
    log(`    ${engine} ${op.id}: ${line.join(', ')}`);
  }
  return out;
}

/** Loads each world (first start), restarts a node on each, measures every operation on all of them. */
export async function flatScenario(root: string, c: FlatCounts, databaseUrl: string | undefined, log: (s: string) => void): Promise<FlatReport> {
  const measures: FlatMeasure[] = [];
  const loads: FlatReport['loads'] = [];
  const skipped: string[] = [];
  const engines: ['sqlite' | 'postgres', number[]][] = [['sqlite', c.sizes]];
  if (databaseUrl) engines.push(['postgres', c.pgSizes]);
  else skipped.push('PostgreSQL: set DATABASE_URL to measure the flat scenarios there too');
  for (const [engine, sizes] of engines) {
    const schemas: Schema[] = [];
    const nodes: Node[] = [];
    const dirOf = (servers: number) => join(root, `flat-${engine}-${servers}`);
    try {
      for (const servers of sizes) {
        mkdirSync(dirOf(servers), { recursive: true });
        const worldFile = join(dirOf(servers), 'world.json');
        writeFileSync(worldFile, JSON.stringify(flatWorld(servers)));
        const schema = engine === 'postgres' ? await createSchema(databaseUrl!) : null;
        if (schema) schemas.push(schema);
        const where = schema ? { databaseUrl: schema.url } : { dataDir: join(dirOf(servers), 'data') };
        const t0 = process.hrtime.bigint();
        const first = await startChildServer({ ...where, worldFile, timing: 'manual', startTimeoutMs: 30 * 60_000 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        loads.push({ engine, servers, seconds });
        log(`  ${engine}, ${servers.toLocaleString('en-US')} servers: world loaded in ${seconds.toFixed(1)} s`);
        // measured on a restarted node, as a user's server runs on a loaded data dir
        await first.stop();
        // loaded: removed before the kernel writes it back (prepareWorld in huawei.ts says why)
        rmSync(worldFile, { force: true });
        const t1 = process.hrtime.bigint();
        const store: Store = schema ? await PostgresStore.open({ connectionString: schema.url }) : new SqliteStore({ dataDir: join(dirOf(servers), 'data') });
        let orders = 0;
        try {
          orders = await addOrders(store, servers);
        } finally {
          await store.close();
        }
        log(`  ${engine}, ${servers.toLocaleString('en-US')} servers: ${orders.toLocaleString('en-US')} orders written in ${(Number(process.hrtime.bigint() - t1) / 1e9).toFixed(1)} s`);
        if (schema) {
          // what autovacuum does a while after a load: the planner's statistics
          const client = new pg.Client({ connectionString: schema.url });
          await client.connect();
          await client.query('ANALYZE');
          await client.end();
        }
      }
      for (const [at, servers] of sizes.entries()) {
        const where = engine === 'postgres' ? { databaseUrl: schemas[at]!.url } : { dataDir: join(dirOf(servers), 'data') };
        nodes.push({ servers, s: await startChildServer({ ...where, timing: 'manual', startTimeoutMs: 300_000 }) });
      }
      measures.push(...(await measureInterleaved(engine, nodes, c, log)));
    } finally {
      for (const n of nodes) await n.s.stop().catch(() => undefined);
      for (const sc of schemas) await sc.drop();
      for (const servers of sizes) rmSync(dirOf(servers), { recursive: true, force: true });
    }
  }
  return { rows: flatRows(measures), loads, skipped };
}

export function flatRows(measures: readonly FlatMeasure[]): FlatRow[] {
  const rows: FlatRow[] = [];
  for (const engine of ['sqlite', 'postgres'] as const) {
    for (const op of FLAT_OPS) {
      const ms = measures.filter((m) => m.engine === engine && m.op === op.id).sort((a, b) => a.servers - b.servers);
      if (ms.length < 2) continue;
      const first = ms[0]!;
      const last = ms[ms.length - 1]!;
      const ratio = first.rps / last.rps;
      rows.push({
        engine, op: op.id, title: op.title,
        rps: Object.fromEntries(ms.map((m) => [m.servers, m.rps])),
        p50Ms: Object.fromEntries(ms.map((m) => [m.servers, m.p50Ms])),
        ratio, from: first.servers, to: last.servers,
        pass: ratio <= 1.5 && ms.every((m) => m.non2xx === 0),
        ...(op.linear ? { linear: op.linear } : {}),
      });
    }
  }
  return rows;
}

/** The bench's counts: `quick` is a smoke test of the scenario, not a source of figures. */
export function flatCounts(quick: boolean): FlatCounts {
  // PostgreSQL's 1,000,000-server world adds ~2 minutes of loading; SPECSHIFT_BENCH_PG_1M=0 leaves it out
  const pg1m = process.env.SPECSHIFT_BENCH_PG_1M !== '0';
  // SPECSHIFT_BENCH_FLAT_SIZES=1000,100000: other world sizes (both engines), e.g. to look at one step
  const only = process.env.SPECSHIFT_BENCH_FLAT_SIZES?.split(',').map(Number).filter((x) => Number.isInteger(x) && x >= 2);
  const counts: FlatCounts = quick
    ? { sizes: [1_000, 10_000], pgSizes: [1_000, 5_000], requests: 200, linearRequests: 3, runs: 2, maxSeconds: 5, connections: 10 }
    : { sizes: [1_000, 100_000, 1_000_000], pgSizes: pg1m ? [1_000, 100_000, 1_000_000] : [1_000, 100_000], requests: 1_000, linearRequests: 5, runs: 3, maxSeconds: 6, connections: 10 };
  return only?.length ? { ...counts, sizes: only, pgSizes: only } : counts;
}
