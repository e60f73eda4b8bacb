// Crash safety: the real CLI is killed with SIGKILL at random points while it accepts and runs
// every kind of change that leaves a trace: single and batch resizes, batch start/stop, prepaid
// resizes paid through BSS or cancelled, Alibaba ModifyInstanceSpec / ModifyPrepayInstanceSpec
// (with AutoPay, or paid or cancelled afterwards) and AAD specification upgrades with their
// orders; on SQLite, and on PostgreSQL when DATABASE_URL is set. Then it is restarted on the same
// data. After every restart, a model built from what was acknowledged is checked against the
// control API: every acknowledged job and order exists, every acknowledged payment and
// cancellation holds, a job or order seen final never changes, every server's flavor is what its
// successful jobs chained in order say (no lost or doubled change), its power state what the last
// of them says, no server is left busy, every AAD instance has the specs of its last paid order,
// and the account balance is what the paid orders took, each exactly once.
// Cycles: 4 in `npm test`, 60 long, 1,000 nightly, split between the engines;
// SPECSHIFT_CRASH_CYCLES chooses the total.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timing } from '../../src/core/clock.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { send as rawSend } from '../helpers/raw-aliyun.js';
import { DEMO } from '../helpers/demo.js';
import { acsDate, signAcs3 } from '../../bench/lib/acs3-signer.js';
import { createTestSchema, databaseUrl, type TestSchema } from '../store/engines.js';
import { ACTIVE_PREFIX, NIGHTLY, prng, recordCounts, REL_FLAVOR, REL_FLAVORS, relServerId, reliabilityWorld, SEED, sized, STOPPED_PREFIX } from './lib/harness.js';

const TOTAL = sized('SPECSHIFT_CRASH_CYCLES', { quick: 4, long: 60, nightly: 1000 });
/** both engines share the cycles when PostgreSQL is there; SQLite takes them all otherwise */
const CYCLES = { sqlite: databaseUrl ? Math.ceil(TOTAL / 2) : TOTAL, postgres: Math.floor(TOTAL / 2) };
/** the world is loaded afresh (--reset) every so many cycles, so the job list stays small enough to read whole */
const EPOCH = 25;
const PER_STATE = 8;
const ACCOUNT = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';
const ALIYUN_KEY = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001' };
const HW_PREPAID = Array.from({ length: 4 }, (_, n) => `e0c1e2f3-000${n}-4a5b-8c6d-0000000000c${n}`);
const ALI_POST = Array.from({ length: 4 }, (_, n) => `i-relpost${String(n).padStart(12, '0')}`);
const ALI_PRE = Array.from({ length: 4 }, (_, n) => `i-relpre${String(n).padStart(12, '0')}`);
const ALI_TYPES = ['ecs.g6.large', 'ecs.g6.xlarge', 'ecs.c6.large', 'ecs.c6.xlarge'];
const AAD = ['aadd0001-0000-4a5b-8c6d-000000000001', 'aadd0002-0000-4a5b-8c6d-000000000002', 'aadd0003-0000-4a5b-8c6d-000000000003'];

interface ServerModel {
  id: string;
  cloud: 'huawei' | 'aliyun';
  flavor: string;
  power: 'active' | 'stopped';
}
const INITIAL: ServerModel[] = [
  ...Array.from({ length: PER_STATE }, (_, n) => ({ id: relServerId(STOPPED_PREFIX, n), cloud: 'huawei' as const, flavor: REL_FLAVOR, power: 'stopped' as const })),
  ...Array.from({ length: PER_STATE }, (_, n) => ({ id: relServerId(ACTIVE_PREFIX, n), cloud: 'huawei' as const, flavor: REL_FLAVOR, power: 'active' as const })),
  ...HW_PREPAID.map((id) => ({ id, cloud: 'huawei' as const, flavor: REL_FLAVOR, power: 'stopped' as const })),
  ...ALI_POST.map((id) => ({ id, cloud: 'aliyun' as const, flavor: 'ecs.g6.large', power: 'stopped' as const })),
  ...ALI_PRE.map((id) => ({ id, cloud: 'aliyun' as const, flavor: 'ecs.g6.large', power: 'active' as const })),
];
const HW_POSTPAID = INITIAL.filter((s) => s.cloud === 'huawei' && !HW_PREPAID.includes(s.id)).map((s) => s.id);

/** The reliability world plus prepaid Huawei servers, Alibaba instances of both billings, and a balance no run spends. */
function crashWorld(): unknown {
  const w = reliabilityWorld(PER_STATE) as Record<string, any>;
  for (const a of w.accounts) if (a.name === 'demo') a.balance = '100000000.00';
  for (const [n, id] of HW_PREPAID.entries()) {
    w.huawei.servers.push({ id, name: `rel-prepaid-${n}`, account: 'demo', region: 'cn-north-4', az: 'cn-north-4b', flavor: REL_FLAVOR, status: 'SHUTOFF', billing: 'prepaid' });
  }
  w.aliyun.generate_instances = [
    { count: ALI_POST.length, id_prefix: 'i-relpost', name_prefix: 'rel-post', account: 'demo', region: 'cn-hangzhou', zone: 'cn-hangzhou-j', instance_type: 'ecs.g6.large', status: 'Stopped' },
    { count: ALI_PRE.length, id_prefix: 'i-relpre', name_prefix: 'rel-pre', account: 'demo', region: 'cn-hangzhou', zone: 'cn-hangzhou-j', instance_type: 'ecs.g6.large', status: 'Running', charge_type: 'PrePaid' },
  ];
  return w;
}

// ---------------------------------------------------------------- the calls
interface Reply {
  status: number;
  json: any;
}
const huawei = async (s: ChildServer, method: string, path: string, body?: unknown): Promise<Reply> => {
  const r = await signedSend(s.endpoint, DEMO, method, path, body === undefined ? '' : JSON.stringify(body));
  return { status: r.status, json: r.json };
};
/** BSS and AAD are global services: signed with the account, not a project */
const global = async (s: ChildServer, method: string, path: string, body?: unknown): Promise<Reply> => {
  const r = await signedSend(s.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, method, path, body === undefined ? '' : JSON.stringify(body));
  return { status: r.status, json: r.json };
};
const aliyun = async (s: ChildServer, action: string, params: Record<string, string>): Promise<Reply> => {
  const signed = signAcs3(ALIYUN_KEY, { action, version: '2014-05-26', params: { RegionId: 'cn-hangzhou', ...params }, host: `127.0.0.1:${s.port}`, date: acsDate(Date.now()) });
  const r = await rawSend(s.port, signed.method, signed.path, signed.headers);
  return { status: r.status, json: r.body };
};
const control = async (s: ChildServer, path: string, body?: unknown): Promise<Reply> => {
  const r = await fetch(`${s.endpoint}/_specshift/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
};

// ---------------------------------------------------------------- what was acknowledged
/** What the server said yes to; each must hold after every later restart. */
interface Acks {
  jobs: Set<string>;
  orders: Set<string>;
  paid: Set<string>;
  cancelled: Set<string>;
  /** ModifyInstanceSpec with Async answers no job id: the instance and the type it was accepted for */
  respecs: { instance: string; to: string }[];
}
const newAcks = (): Acks => ({ jobs: new Set(), orders: new Set(), paid: new Set(), cancelled: new Set(), respecs: [] });

interface Tally {
  inputs: number;
  refusals: number;
}

/** A reply that is neither a yes nor a plain refusal fails the run (a 5xx, or a 2xx without what it promises). */
function judge(r: Reply, what: string, tally: Tally): boolean {
  if (r.status >= 200 && r.status < 300) return true;
  if (r.status >= 400 && r.status < 500) {
    tally.refusals++;
    return false;
  }
  assert.fail(`${what}: unexpected reply ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
}

type Op = (s: ChildServer, acks: Acks, tally: Tally) => Promise<void>;

/** Pays (BSS / the Alibaba console) or cancels an order, and records what was acknowledged. */
async function settleOrder(s: ChildServer, cloud: 'huawei' | 'aliyun', orderId: string, pay: boolean, acks: Acks, tally: Tally): Promise<void> {
  tally.inputs++;
  const r =
    cloud === 'huawei'
      ? pay
        ? await global(s, 'POST', '/v3/orders/customer-orders/pay', { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' })
        : await global(s, 'PUT', '/v2/orders/customer-orders/cancel', { order_id: orderId })
      : await control(s, `aliyun/orders/${orderId}/${pay ? 'pay' : 'cancel'}`, {});
  if (judge(r, `${pay ? 'pay' : 'cancel'} ${orderId}`, tally)) (pay ? acks.paid : acks.cancelled).add(orderId);
}

/** One cycle's requests, each a little chain (a change, then its payment or cancellation); shuffled. */
function workload(rand: () => number): Op[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const ops: Op[] = [];
  const n = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (let i = n(1, 3); i > 0; i--) {
    const id = pick(HW_POSTPAID);
    const resize: Record<string, unknown> = { flavorRef: pick(REL_FLAVORS) };
    if (rand() < 0.7) resize.mode = 'withStopServer';
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await huawei(s, 'POST', `/v1.1/${DEMO.project}/cloudservers/${id}/resize`, { resize });
      if (judge(r, 'resize', tally)) acks.jobs.add(r.json.job_id);
    });
  }
  if (rand() < 0.6) {
    const ids = [...new Set(Array.from({ length: n(1, 3) }, () => pick(HW_POSTPAID)))].map((id) => ({ id }));
    const body = rand() < 0.5 ? { 'os-start': { servers: ids } } : { 'os-stop': { servers: ids, type: rand() < 0.5 ? 'HARD' : 'SOFT' } };
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await huawei(s, 'POST', `/v1/${DEMO.project}/cloudservers/action`, body);
      if (judge(r, 'start/stop', tally)) acks.jobs.add(r.json.job_id);
    });
  }
  if (rand() < 0.5) {
    // now and then a prepaid server in the batch: the whole batch then waits for one order
    const pool = rand() < 0.3 ? HW_PREPAID : HW_POSTPAID;
    const servers = [...new Set(Array.from({ length: n(2, 3) }, () => pick(pool)))].map((id) => ({ id }));
    const autoPay = rand() < 0.5;
    const resize = { flavorRef: pick(REL_FLAVORS), mode: 'withStopServer', servers, ...(pool === HW_PREPAID ? { extendparam: { isAutoPay: String(autoPay) } } : {}) };
    const then = rand();
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await huawei(s, 'POST', `/v1/${DEMO.project}/cloudservers/batch-resize`, { resize });
      if (!judge(r, 'batch-resize', tally)) return;
      acks.jobs.add(r.json.job_id);
      if (r.json.order_id) {
        acks.orders.add(r.json.order_id);
        if (!autoPay) await settleOrder(s, 'huawei', r.json.order_id, then < 0.6, acks, tally);
      }
    });
  }
  if (rand() < 0.7) {
    const id = pick(HW_PREPAID);
    const autoPay = rand() < 0.4;
    const resize = { flavorRef: pick(REL_FLAVORS), mode: 'withStopServer', extendparam: { isAutoPay: String(autoPay) } };
    const then = rand();
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await huawei(s, 'POST', `/v1.1/${DEMO.project}/cloudservers/${id}/resize`, { resize });
      if (!judge(r, 'prepaid resize', tally)) return;
      acks.jobs.add(r.json.job_id);
      if (r.json.order_id) {
        acks.orders.add(r.json.order_id);
        if (!autoPay) await settleOrder(s, 'huawei', r.json.order_id, then < 0.6, acks, tally);
      }
    });
  }
  if (rand() < 0.6) {
    const id = pick(ALI_POST);
    const to = pick(ALI_TYPES);
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await aliyun(s, 'ModifyInstanceSpec', { InstanceId: id, InstanceType: to, Async: 'true' });
      if (judge(r, 'ModifyInstanceSpec', tally)) acks.respecs.push({ instance: id, to });
    });
  }
  if (rand() < 0.6) {
    const id = pick(ALI_PRE);
    const autoPay = rand() < 0.5;
    const then = rand();
    const params: Record<string, string> = { InstanceId: id, InstanceType: pick(ALI_TYPES), AutoPay: String(autoPay) };
    if (rand() < 0.3) params.RebootWhenFinished = 'true';
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await aliyun(s, 'ModifyPrepayInstanceSpec', params);
      if (!judge(r, 'ModifyPrepayInstanceSpec', tally)) return;
      assert.ok(r.json.OrderId, `ModifyPrepayInstanceSpec acknowledged without an order: ${JSON.stringify(r.json)}`);
      acks.orders.add(r.json.OrderId);
      if (!autoPay) await settleOrder(s, 'aliyun', r.json.OrderId, then < 0.6, acks, tally);
    });
  }
  if (rand() < 0.6) {
    const id = pick(AAD);
    const upgrade = { basic_bandwidth: String(pick([10, 20, 30, 50])), elastic_bandwidth: String(pick([20, 40, 60, 80, 100])), service_bandwidth: pick([100, 200, 300]) };
    ops.push(async (s, acks, tally) => {
      tally.inputs++;
      const r = await global(s, 'PUT', '/v2/aad/instance', { instance_id: id, upgrade_data: upgrade });
      if (judge(r, 'AAD upgrade', tally) && r.json?.order_id) acks.orders.add(r.json.order_id);
    });
  }
  // shuffled, so the kill lands between different kinds of request each time
  return ops.sort(() => rand() - 0.5);
}

// ---------------------------------------------------------------- the checks
interface JobRow {
  id: string;
  status: string;
  cloud: string;
  serverId: string | null;
  parentId: string | null;
  childCount: number;
  orderId?: string | null;
  createdAt: number;
  endAt: number | null;
  dueAt: number | null;
  errorCode: string | null;
  failReason: string | null;
  plan: { kind: string; fromFlavorId?: string; toFlavorId?: string; restart?: boolean; reboot?: boolean } | null;
}
interface OrderRow {
  id: string;
  cloud: string;
  kind: string;
  status: string;
  amountCents: number;
  jobId: string | null;
  resourceId: string;
  createdAt: number;
  paidAt: number | null;
  detail: any;
}

async function jobs(s: ChildServer): Promise<JobRow[]> {
  const list = (await control(s, 'jobs?limit=1000')).json.jobs as JobRow[];
  assert.ok(list.length < 1000, 'the control API listed every job (fewer than its limit)');
  return list;
}
const orders = async (s: ChildServer): Promise<OrderRow[]> => (await control(s, `orders?account=${ACCOUNT}`)).json.orders;

/** Pays or cancels what a kill left unpaid (acknowledged like any other call), then waits (bounded) until no job is INIT or RUNNING. */
async function settle(s: ChildServer, acks: Acks, rand: () => number, tally: Tally, where: string): Promise<JobRow[]> {
  for (const o of await orders(s)) if (o.status === 'pending_payment') await settleOrder(s, o.cloud as 'huawei' | 'aliyun', o.id, rand() < 0.5, acks, tally);
  // bounded: 30 s, far more than the jobs need on the instant clock, for a loaded machine
  // the sub-jobs of a prepaid batch whose order was cancelled stay INIT, never scheduled (their
  // parent stays PENDING_PAYMENT, as the real service leaves it): not work in progress
  const waiting = (j: JobRow, byId: Map<string, JobRow>) => j.status === 'INIT' && j.dueAt === null && j.parentId !== null && byId.get(j.parentId)?.status === 'PENDING_PAYMENT';
  let list: JobRow[] = [];
  let stuck: JobRow[] = [];
  for (let i = 0; i < 1200; i++) {
    list = await jobs(s);
    const byId = new Map(list.map((j) => [j.id, j]));
    stuck = list.filter((j) => (j.status === 'INIT' || j.status === 'RUNNING') && !waiting(j, byId));
    if (stuck.length === 0) return list;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${where}: jobs did not reach a final state within 30 s of a restart: ${JSON.stringify(stuck).slice(0, 3000)}`);
}

interface Epoch {
  acks: Acks;
  finalSeen: Map<string, string>;
  balance: number;
  aad: Map<string, AadSpecView>;
}
type AadSpecView = [number, number, number];

const aadView = async (s: ChildServer, id: string): Promise<AadSpecView> => {
  const r = await global(s, 'GET', `/v2/aad/instances/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const p = r.json.product_spec_data;
  return [Number(p.basic_bandwidth), Number(p.elastic_bandwidth), Number(p.service_bandwidth)];
};
const balanceOf = async (s: ChildServer): Promise<number> => (await control(s, 'accounts')).json.accounts.find((a: any) => a.id === ACCOUNT).balance_cents;

async function check(s: ChildServer, e: Epoch, list: JobRow[], where: string): Promise<void> {
  const byId = new Map(list.map((j) => [j.id, j]));
  const all = await orders(s);
  const orderById = new Map(all.map((o) => [o.id, o]));
  for (const id of e.acks.jobs) assert.ok(byId.has(id), `${where}: acknowledged job ${id} survived the crash`);
  for (const id of e.acks.orders) assert.ok(orderById.has(id), `${where}: acknowledged order ${id} survived the crash`);
  for (const id of e.acks.paid) assert.equal(orderById.get(id)?.status, 'completed', `${where}: acknowledged payment of ${id} holds`);
  for (const id of e.acks.cancelled) assert.equal(orderById.get(id)?.status, 'cancelled', `${where}: acknowledged cancellation of ${id} holds`);
  // every acknowledged Async ModifyInstanceSpec left a job (counted: none lost)
  for (const inst of new Set(e.acks.respecs.map((r) => r.instance))) {
    const acked = e.acks.respecs.filter((r) => r.instance === inst).length;
    const made = list.filter((j) => j.serverId === inst && j.plan?.kind === 'respec' && !j.orderId).length;
    assert.ok(made >= acked, `${where}: ${acked} ModifyInstanceSpec calls on ${inst} were acknowledged, ${made} jobs exist`);
  }
  // final means final: a job or order never changes once it has ended
  for (const j of list) {
    if (j.status === 'PENDING_PAYMENT') continue;
    const snap = JSON.stringify([j.status, j.endAt, j.errorCode, j.failReason]);
    const before = e.finalSeen.get(j.id);
    if (before !== undefined) assert.equal(snap, before, `${where}: job ${j.id} changed after it had ended`);
    e.finalSeen.set(j.id, snap);
  }
  for (const o of all) {
    if (o.status === 'pending_payment') assert.fail(`${where}: order ${o.id} is still unpaid after it was paid or cancelled`);
    const snap = JSON.stringify([o.status, o.paidAt, o.amountCents]);
    const before = e.finalSeen.get(o.id);
    if (before !== undefined) assert.equal(snap, before, `${where}: order ${o.id} changed after it had ended`);
    e.finalSeen.set(o.id, snap);
    // a paid order released its change, a cancelled one never ran it
    const job = o.jobId ? byId.get(o.jobId) : undefined;
    if (o.jobId) assert.ok(job, `${where}: order ${o.id}'s job ${o.jobId} exists`);
    if (job && o.status === 'completed') assert.ok(job.status === 'SUCCESS' || job.status === 'FAIL', `${where}: paid order ${o.id}'s job is ${job.status}`);
    if (job && o.status === 'cancelled') {
      assert.equal(job.status, 'PENDING_PAYMENT', `${where}: cancelled order ${o.id}'s job never ran`);
      for (const kid of list.filter((k) => k.parentId === job.id)) assert.ok(kid.status === 'INIT' && kid.endAt === null, `${where}: cancelled order ${o.id}'s sub-job ${kid.id} never ran (${kid.status})`);
    }
  }
  // money moved once per paid order, never for a cancelled one
  const spent = all.filter((o) => o.status === 'completed').reduce((sum, o) => sum + o.amountCents, 0);
  assert.equal(await balanceOf(s), e.balance - spent, `${where}: the balance is the epoch's minus every paid order, each once`);
  // a parent ends with its children: SUCCESS exactly when every child succeeded
  for (const p of list.filter((j) => j.childCount > 0 && j.status !== 'PENDING_PAYMENT')) {
    const kids = list.filter((c) => c.parentId === p.id);
    assert.equal(kids.length, p.childCount, `${where}: batch ${p.id} has all its sub-jobs`);
    assert.equal(p.status, kids.every((k) => k.status === 'SUCCESS') ? 'SUCCESS' : 'FAIL', `${where}: batch ${p.id} status follows its sub-jobs`);
  }
  for (const srv of INITIAL) {
    const r = await control(s, `servers/${srv.id}`);
    assert.equal(r.status, 200, `${where}: server ${srv.id} is there`);
    const server = r.json;
    assert.equal(server.busy_job === null || byId.get(server.busy_job)?.status === 'PENDING_PAYMENT', true, `${where}: server ${srv.id} is not left busy (busy with ${server.busy_job})`);
    const own = list.filter((j) => j.serverId === srv.id && j.childCount === 0).sort((a, b) => a.createdAt - b.createdAt || (a.endAt ?? 0) - (b.endAt ?? 0));
    // the flavor: successful changes chain from the world's flavor, each starting where the last ended
    const pending = own.filter((j) => j.status === 'SUCCESS' && (j.plan?.kind === 'resize' || j.plan?.kind === 'respec'));
    let flavor = srv.flavor;
    while (pending.length) {
      const i = pending.findIndex((j) => j.plan!.fromFlavorId === flavor);
      assert.ok(i >= 0, `${where}: server ${srv.id}: a successful change starts from ${flavor} (no lost or doubled update): ${JSON.stringify(pending.map((j) => j.plan))}`);
      flavor = pending.splice(i, 1)[0]!.plan!.toFlavorId!;
    }
    assert.equal(server.flavor, flavor, `${where}: server ${srv.id} has the flavor its jobs say`);
    // the power state: the last successful job that sets it decides (ties at the same millisecond allow either)
    const powerOf = (j: JobRow): string | null => {
      const k = j.plan?.kind;
      if (k === 'resize') return j.plan!.restart ? 'active' : 'stopped';
      if (k === 'respec') return j.plan!.reboot ? 'active' : null;
      if (k === 'start') return 'active';
      if (k === 'stop') return 'stopped';
      return null;
    };
    const setting = own.filter((j) => j.status === 'SUCCESS' && powerOf(j) !== null);
    const lastEnd = Math.max(...setting.map((j) => j.endAt ?? 0));
    const allowed = setting.length ? setting.filter((j) => (j.endAt ?? 0) === lastEnd).map(powerOf) : [srv.power];
    // a respec with reboot on an instance that was stopped keeps it stopped
    if (setting.some((j) => j.plan?.kind === 'respec')) allowed.push('stopped');
    assert.ok(allowed.includes(server.vm_state), `${where}: server ${srv.id} is ${server.vm_state}, its last job says ${allowed.join(' or ')}`);
  }
  // AAD: each paid upgrade starts from the specs the last one left; the instance has the last one's
  for (const id of AAD) {
    const paid = all.filter((o) => o.kind === 'aad_upgrade' && o.resourceId === id && o.status === 'completed').sort((a, b) => (a.paidAt ?? 0) - (b.paidAt ?? 0) || a.createdAt - b.createdAt);
    const view = (spec: any): AadSpecView => [spec.basicBandwidth, spec.elasticBandwidth, spec.serviceBandwidth];
    let spec = e.aad.get(id)!;
    for (const o of paid) {
      assert.deepEqual(view(o.detail.spec_before), spec, `${where}: AAD order ${o.id} starts from the specs the last paid one left`);
      spec = view(o.detail.spec_after);
    }
    assert.deepEqual(await aadView(s, id), spec, `${where}: AAD instance ${id} has the specs of its last paid order`);
  }
}

// ---------------------------------------------------------------- the run
const dir = mkdtempSync(join(tmpdir(), 'specshift-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const worldFile = join(dir, 'world.json');
writeFileSync(worldFile, JSON.stringify(crashWorld()));

async function run(engine: 'sqlite' | 'postgres', cycles: number): Promise<void> {
  let schema: TestSchema | undefined;
  if (engine === 'postgres') schema = await createTestSchema(databaseUrl!);
  const where0 = `${engine}`;
  const store = engine === 'postgres' ? { databaseUrl: schema!.url, extraArgs: ['--db-pool', '4'] } : {};
  const dataDir = join(dir, engine);
  const start = (timing: Timing, reset = false) => startChildServer({ dataDir, timing, ...store, ...(reset ? { worldFile, reset: true } : {}) });
  // one stream of random numbers per engine, so either replays alone from the seed
  const rand = prng(SEED + (engine === 'postgres' ? 1 : 0));
  const tally: Tally = { inputs: 0, refusals: 0 };
  let done = 0;
  let s: ChildServer | undefined;
  let e: Epoch | undefined;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const where = `${where0} cycle ${cycle} (seed ${SEED})`;
      if (cycle % EPOCH === 0) {
        await s?.stop();
        s = await start('instant', true);
        const aad = new Map<string, AadSpecView>();
        for (const id of AAD) aad.set(id, await aadView(s, id));
        e = { acks: newAcks(), finalSeen: new Map(), balance: await balanceOf(s), aad };
      }
      // realistic jobs take seconds, so a kill anywhere in there lands mid-job; instant ones finish in ms
      const timing: Timing = rand() < (NIGHTLY ? 0.25 : 0.5) ? 'realistic' : 'instant';
      if (timing !== 'instant') {
        await s!.stop();
        s = await start(timing);
      }
      const live = s!;
      const ops = workload(rand);
      const inFlight = ops.map(async (op, i) => {
        // requests trickle in over a few milliseconds so the kill can fall between them
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 8) * i));
        try {
          await op(live, e!.acks, tally);
        } catch (err) {
          if ((err as Error).name === 'AssertionError') throw err;
          // the connection died with the server: the request may or may not have been committed
        }
      });
      const killAt = timing === 'realistic' ? Math.floor(rand() * 2_000) : Math.floor(rand() * 60);
      await new Promise((r) => setTimeout(r, killAt));
      await live.kill9();
      await Promise.all(inFlight);

      s = await start('instant');
      const list = await settle(s, e!.acks, rand, tally, where);
      await check(s, e!, list, where);
      done++;
    }
  } finally {
    await s?.dispose();
    await schema?.drop();
    // the cycles that passed every check (a failure stops the run: the rest never ran)
    recordCounts(`crash-${engine}`, { cycles: done, ...tally });
  }
}

// the engines run side by side (each has its own data, seed stream and server): most of a cycle is
// waiting for a start or a kill, so the nightly 1,000 take about half the time
test(`kill -9 during every kind of change: each acknowledged change there exactly once (${TOTAL} cycles)`, { concurrency: 2, timeout: 180_000 + TOTAL * 15_000 }, async (t) => {
  await Promise.all([
    t.test(`on SQLite, ${CYCLES.sqlite} cycles`, () => run('sqlite', CYCLES.sqlite)),
    t.test(`on PostgreSQL, ${CYCLES.postgres} cycles`, { skip: !databaseUrl && 'DATABASE_URL not set' }, () => run('postgres', CYCLES.postgres)),
  ]);
});
