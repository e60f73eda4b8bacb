// Crash safety: the real CLI is killed with SIGKILL at random points while it accepts and runs
// single resizes, batch start/stop actions and batch resizes, then restarted on the same data.
// After every restart: each job reaches a final state exactly once (a job seen final never
// changes again), every acknowledged job exists, no server is left busy, and every server's
// flavor and power state are what its successful jobs, chained in order, say they must be.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '../../src/core/model/types.js';
import type { Timing } from '../../src/core/clock.js';
import type { ResizePlan } from '../../src/providers/huawei/ecs/ecs-jobs.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { ACTIVE_PREFIX, LONG, prng, recordCounts, REL_FLAVOR, REL_FLAVORS, relServerId, reliabilityWorld, SEED, STOPPED_PREFIX } from './lib/harness.js';

const CYCLES = LONG ? 50 : 4;
const PER_STATE = 12;
const SERVERS = [
  ...Array.from({ length: PER_STATE }, (_, n) => ({ id: relServerId(STOPPED_PREFIX, n), vm: 'stopped' })),
  ...Array.from({ length: PER_STATE }, (_, n) => ({ id: relServerId(ACTIVE_PREFIX, n), vm: 'active' })),
];

const dir = mkdtempSync(join(tmpdir(), 'specshift-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const worldFile = join(dir, 'world.json');
writeFileSync(worldFile, JSON.stringify(reliabilityWorld(PER_STATE)));
const dataDir = join(dir, 'data');

const call = (s: ChildServer, method: string, path: string, body?: unknown) =>
  signedSend(s.endpoint, DEMO, method, path, body === undefined ? '' : JSON.stringify(body));

async function jobs(s: ChildServer): Promise<Job[]> {
  const r = await fetch(`${s.endpoint}/_specshift/jobs?limit=1000`);
  const list = ((await r.json()) as { jobs: Job[] }).jobs;
  assert.ok(list.length < 1000, 'the control API listed every job (fewer than its limit)');
  return list;
}

/** Waits (bounded) until no job is INIT or RUNNING; the server runs --timing instant. */
async function settle(s: ChildServer): Promise<Job[]> {
  // bounded: 30 s, far more than the 5.5 s the longest realistic job needs, for a loaded CI machine
  for (let i = 0; i < 1200; i++) {
    const list = await jobs(s);
    if (list.every((j) => j.status === 'SUCCESS' || j.status === 'FAIL')) return list;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('jobs did not reach a final state within 30 s of a restart');
}

type Op = { path: string; body: unknown };

/** One cycle's requests: random single resizes, a start/stop batch, a batch resize; they may overlap. */
function workload(rand: () => number, batchResize: boolean): Op[] {
  const pick = () => SERVERS[Math.floor(rand() * SERVERS.length)]!;
  const ops: Op[] = [];
  const singles = 2 + Math.floor(rand() * 5);
  for (let i = 0; i < singles; i++) {
    const s = pick();
    const resize: Record<string, unknown> = { flavorRef: REL_FLAVORS[Math.floor(rand() * REL_FLAVORS.length)] };
    if (rand() < 0.7) resize.mode = 'withStopServer';
    ops.push({ path: `/v1.1/${DEMO.project}/cloudservers/${s.id}/resize`, body: { resize } });
  }
  const batch = Array.from({ length: 2 + Math.floor(rand() * 3) }, pick);
  const ids = [...new Set(batch.map((s) => s.id))];
  ops.push({ path: `/v1/${DEMO.project}/cloudservers/action`, body: rand() < 0.5 ? { 'os-start': { servers: ids.map((id) => ({ id })) } } : { 'os-stop': { servers: ids.map((id) => ({ id })), type: rand() < 0.5 ? 'HARD' : 'SOFT' } } });
  if (batchResize) {
    const members = [...new Set(Array.from({ length: 2 + Math.floor(rand() * 2) }, pick).map((s) => s.id))];
    ops.push({ path: `/v1/${DEMO.project}/cloudservers/batch-resize`, body: { resize: { flavorRef: REL_FLAVORS[Math.floor(rand() * REL_FLAVORS.length)], mode: 'withStopServer', servers: members.map((id) => ({ id })) } } });
  }
  // shuffled, so the kill lands between different kinds of request each time
  return ops.sort(() => rand() - 0.5);
}

const finalSeen = new Map<string, string>();
const acknowledged = new Set<string>();

async function checkInvariants(s: ChildServer, list: Job[], cycle: number): Promise<void> {
  const where = `cycle ${cycle} (seed ${SEED})`;
  const byId = new Map(list.map((j) => [j.id, j]));
  for (const id of acknowledged) assert.ok(byId.has(id), `${where}: acknowledged job ${id} survived the crash`);
  for (const j of list) {
    const snap = JSON.stringify([j.status, j.endAt, j.errorCode, j.failReason]);
    const before = finalSeen.get(j.id);
    if (before !== undefined) assert.equal(snap, before, `${where}: job ${j.id} changed after it had ended`);
    finalSeen.set(j.id, snap);
  }
  // a parent ends with its children: SUCCESS exactly when every child succeeded
  for (const p of list.filter((j) => j.childCount > 0)) {
    const kids = list.filter((c) => c.parentId === p.id);
    assert.equal(kids.length, p.childCount, `${where}: batch ${p.id} has all its sub-jobs`);
    assert.equal(p.status, kids.every((k) => k.status === 'SUCCESS') ? 'SUCCESS' : 'FAIL', `${where}: batch ${p.id} status follows its sub-jobs`);
  }
  for (const srv of SERVERS) {
    const r = await call(s, 'GET', `/v1/${DEMO.project}/cloudservers/${srv.id}`);
    assert.equal(r.status, 200);
    const server = r.json.server;
    assert.equal(server['OS-EXT-STS:task_state'], null, `${where}: server ${srv.id} is not left busy`);
    const own = list.filter((j) => j.serverId === srv.id && j.childCount === 0).sort((a, b) => a.createdAt - b.createdAt || (a.endAt ?? 0) - (b.endAt ?? 0));
    // the flavor: successful resizes must chain from the world's flavor, each starting where the last ended
    const resizes = own.filter((j) => j.status === 'SUCCESS' && j.plan?.kind === 'resize');
    let flavor = REL_FLAVOR;
    const pending = [...resizes];
    while (pending.length) {
      const i = pending.findIndex((j) => j.plan?.kind === 'resize' && (j.plan as ResizePlan).fromFlavorId === flavor);
      assert.ok(i >= 0, `${where}: server ${srv.id}: a successful resize starts from ${flavor} (no lost or doubled update)`);
      const [j] = pending.splice(i, 1);
      if (j!.plan?.kind === 'resize') flavor = (j!.plan as ResizePlan).toFlavorId;
    }
    assert.equal(server.flavor.id, flavor, `${where}: server ${srv.id} has the flavor its jobs say`);
    // the power state: the last successful job decides (ties at the same millisecond allow either)
    const done = own.filter((j) => j.status === 'SUCCESS');
    const powerOf = (j: Job) => (j.plan?.kind === 'resize' ? ((j.plan as ResizePlan).restart ? 'ACTIVE' : 'SHUTOFF') : j.plan?.kind === 'start' ? 'ACTIVE' : 'SHUTOFF');
    const lastEnd = Math.max(...done.map((j) => j.endAt ?? 0));
    const allowed = done.length ? done.filter((j) => (j.endAt ?? 0) === lastEnd).map(powerOf) : [srv.vm === 'active' ? 'ACTIVE' : 'SHUTOFF'];
    assert.ok(allowed.includes(server.status), `${where}: server ${srv.id} is ${server.status}, its last job says ${allowed.join(' or ')}`);
  }
}

test(`kill -9 during resizes and batch actions, ${CYCLES} cycles: every job ends exactly once, every flavor matches`, { timeout: LONG ? 540_000 : 120_000 }, async () => {
  const rand = prng(SEED);
  let s = await startChildServer({ dataDir, worldFile, timing: 'instant' });
  // batch resize is being built alongside: included as soon as the route answers
  const probe = await call(s, 'POST', `/v1/${DEMO.project}/cloudservers/batch-resize`, {});
  const batchResize = probe.status !== 404;
  await s.stop();
  let inputs = 0;
  let refusals = 0;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const timing: Timing = rand() < 0.5 ? 'instant' : 'realistic';
      s = await startChildServer({ dataDir, timing });
      const ops = workload(rand, batchResize);
      inputs += ops.length;
      const inFlight = ops.map(async (op, i) => {
        // requests trickle in over a few milliseconds so the kill can fall between them
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 8) * i));
        try {
          const r = await call(s, 'POST', op.path, op.body);
          if (r.status === 200 && r.json?.job_id) acknowledged.add(r.json.job_id);
          else if (r.status >= 400 && r.status < 500) refusals++;
          else assert.fail(`cycle ${cycle}: unexpected reply ${r.status} ${r.text}`);
        } catch (err) {
          if ((err as Error).name === 'AssertionError') throw err;
          // the connection died with the server: the request may or may not have been committed
        }
      });
      // realistic jobs take seconds: a kill anywhere in there lands mid-job; instant ones finish in ms
      const killAt = timing === 'realistic' ? Math.floor(rand() * (LONG ? 5_000 : 2_500)) : Math.floor(rand() * 40);
      await new Promise((r) => setTimeout(r, killAt));
      await s.kill9();
      await Promise.all(inFlight);

      s = await startChildServer({ dataDir, timing: 'instant' });
      const list = await settle(s);
      await checkInvariants(s, list, cycle);
      await s.stop();
    }
  } finally {
    await s.dispose();
    recordCounts('crash', { cycles: CYCLES, inputs, refusals });
  }
});
