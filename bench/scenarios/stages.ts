// Where one resize's time goes, stage by stage (issue 16): each stage run alone in this process,
// many times, on the same inputs the load run sends, so its cost per request can be compared with
// the whole (server CPU per request, measured by the load scenarios) and with the floors nothing can
// remove: one HMAC over the string to sign, one SQLite COMMIT per group, one socket write.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promMetrics } from '../../src/server/metrics.js';
import type { IncomingHttpHeaders } from 'node:http';
import { RequestLog, type RawEntry } from '../../src/core/observe/request-log.js';
import type { Flavor, Server } from '../../src/core/model/types.js';
import { parseAuthorization, verifySignature } from '../../src/providers/huawei/shared/sdk-hmac-sha256.js';
import { readResizeBody } from '../../src/providers/huawei/ecs/operations/resize-operations.js';
import { checkResize } from '../../src/providers/huawei/ecs/rules/resize-rules.js';
import { renderJob } from '../../src/providers/huawei/ecs/ecs-render.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ManualClock, systemClock } from '../../src/core/clock.js';
import { JobEngine } from '../../src/jobs/job-engine.js';
import pino from 'pino';
import { DEMO } from '../../test/helpers/demo.js';
import { sdkDate, signHuawei } from '../lib/huawei-signer.js';
import { benchServerId } from '../lib/world-gen.js';
import type { ProfileReport } from './profile.js';
import { httpStages } from './stages-http.js';

export interface StageRow {
  /** set on rows other code looks up */
  id?: string;
  /** 'stage': part of every resize (summed); 'floor': what the stage cannot go below; 'other': shown for comparison */
  kind: 'stage' | 'floor' | 'other';
  stage: string;
  /** microseconds per request for this stage */
  us: number;
  note: string;
}

/** µs per call of `fn`, best of a few batches (the least disturbed by the rest of the machine). */
function timeUs(fn: () => void, n: number): number {
  for (let i = 0; i < Math.min(n, 2_000); i++) fn();
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return best;
}

async function timeAsyncUs(fn: (i: number) => Promise<unknown>, n: number, parallel: number): Promise<number> {
  let best = Infinity;
  let k = 0;
  for (let b = 0; b < 4; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i += parallel) await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => fn(k++)));
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return best;
}

const flavor = (id: string, vcpus: number, ramMb: number): Flavor => ({
  cloud: 'huawei', id, family: id.split('.')[0]!, vcpus, ramMb,
  extraSpecs: { 'ecs:instance_architecture': 'x86', 'ecs:virtualization_env_types': 'CloudCompute', 'cond:operation:status': 'normal' },
  pricePerHourCents: 5, pricePerMonthCents: 2000,
});

export async function stagesScenario(opts: { iterations: number; storeTxs: number; storeServers: number; group: number; http: { requests: number; writes: number; appServers: number } }): Promise<StageRow[]> {
  const rows: StageRow[] = [];
  const n = opts.iterations;
  const body = JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } });
  const path = `/v1.1/${DEMO.project}/cloudservers/${benchServerId(7)}/resize`;
  const signed = signHuawei(DEMO, { method: 'POST', path, host: '127.0.0.1:4600', project: DEMO.project, body, date: sdkDate(Date.now()) });
  const auth = parseAuthorization(signed.headers.authorization)!;
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const raw = Buffer.from(body);

  const sts = `SDK-HMAC-SHA256\n${headers['x-sdk-date']}\n${'0'.repeat(64)}`;
  rows.push({ kind: 'floor', stage: 'floor: one HMAC-SHA256 over the string to sign', us: timeUs(() => createHmac('sha256', DEMO.sk).update(sts).digest(), n), note: 'what a signature check cannot go below' });
  rows.push({
    kind: 'stage',
    stage: 'signature: parse Authorization, canonical request, two SHA-256, HMAC, compare',
    us: timeUs(() => verifySignature({ method: 'POST', path, rawQuery: '', headers, body: raw }, parseAuthorization(signed.headers.authorization)!, DEMO.sk), n),
    note: `${auth.signedHeaders.length} signed headers`,
  });
  rows.push({ kind: 'stage', stage: 'body: strict JSON read of the resize body', us: timeUs(() => readResizeBody(raw, 'v1.1'), n), note: '' });
  const small = flavor('s6.large.2', 2, 4096);
  const big = flavor('s6.xlarge.2', 4, 8192);
  const server = {
    cloud: 'huawei', id: benchServerId(7), accountId: 'a', projectId: DEMO.project, region: 'cn-north-4', az: 'cn-north-4a', name: 'n', flavorId: small.id,
    vmState: 'stopped', taskState: null, billing: 'postpaid', spot: false, osType: 'Linux', imageId: 'i', imageName: 'i', imageType: 'gold',
    dedicatedHostId: null, tags: {}, enterpriseProjectId: '0', locked: false, frozen: false, cpuThreads: null, busyJobId: null, expiresAt: null,
    createdAt: 0, updatedAt: 0, version: 1,
  } as Server;
  const req = readResizeBody(raw, 'v1.1').req;
  rows.push({ kind: 'stage', stage: 'rules: every resize rule for one server', us: timeUs(() => checkResize(server, small, big, 'normal', req), n), note: '' });
  const job = { id: 'ff80808288d41e1b018990260955686a', cloud: 'huawei', accountId: 'a', projectId: DEMO.project, parentId: null, type: 'resizeServer', status: 'RUNNING', serverId: server.id, plan: null, phase: 'prep', orderId: null, errorCode: null, failReason: null, createdAt: 0, beginAt: 0, endAt: null, purgeAt: null, dueAt: 1, childCount: 0 } as const;
  rows.push({ kind: 'stage', stage: 'render: the resize reply as JSON', us: timeUs(() => JSON.stringify({ job_id: job.id }), n), note: '' });
  rows.push({ kind: 'other', stage: 'render: a ShowJob reply as JSON (polling)', us: timeUs(() => JSON.stringify(renderJob(job as never, [])), n), note: '' });

  const log = new RequestLog(10_000);
  // what the recorder hands over for a resize: the note, the signed request's headers (as node's raw
  // header lines too), its body, the reply's headers and body
  const rawHeaders = Object.entries(signed.headers).flatMap(([k, v]) => [k, String(v)]);
  const reply = JSON.stringify({ job_id: job.id });
  const entry = (): Omit<RawEntry, 'seq'> => ({
    at: Date.now(), method: 'POST', url: path, requestId: '0123456789abcdef0123456789abcdef', status: 200, latencyMs: 1.5,
    note: { cloud: 'huawei', service: 'ecs', operation: 'ResizeServer', account: 'a', project: DEMO.project, region: 'cn-north-4', resources: [benchServerId(7)], signature: 'SDK-HMAC-SHA256' },
    reqHeaders: headers as IncomingHttpHeaders, reqRawHeaders: rawHeaders, reqBody: raw,
    replyHeaders: { 'content-type': 'application/json;charset=utf-8', 'x-request-id': '0123456789abcdef0123456789abcdef', 'content-length': reply.length }, replyBody: reply,
  });
  rows.push({ kind: 'stage', stage: 'request log: one entry kept in the ring', us: timeUs(() => log.add(entry()), n), note: 'written as bytes outside the heap; redaction happens when read' });
  const dir = mkdtempSync(join(tmpdir(), 'specshift-stages-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    const metrics = promMetrics(store, { processMetrics: false });
    rows.push({ kind: 'stage', stage: 'metrics: a request counted and its latency observed', us: timeUs(() => metrics.request('huawei', 'ResizeServer', 200, 0.0012), n), note: 'prom-client' });
    // a store the size of the load run's (100,000 servers in a full run): on a small one every page
    // stays in SQLite's cache and the stage reads far below what the load run pays
    const ids = Array.from({ length: opts.storeServers }, (_, i) => benchServerId(i));
    for (let from = 0; from < ids.length; from += 10_000) {
      await store.transaction(async (tx) => {
        for (const id of ids.slice(from, from + 10_000)) await tx.insertServer({ ...server, id });
      });
    }
    // servers visited in a scattered order (a prime stride), as the load run's ids spread over the table
    const stride = 7_919;
    const scattered = (i: number) => ids[(i * stride) % ids.length]!;
    rows.push({
      kind: 'floor',
      stage: `floor: an empty transaction, ${opts.group} per COMMIT`,
      us: await timeAsyncUs(() => store.transaction(async () => undefined), opts.storeTxs, opts.group),
      note: 'BEGIN, SAVEPOINT, RELEASE, COMMIT',
    });
    let v = 1;
    // accepted jobs wait (as under --timing manual): the job engine below finds none of them due
    const later = Date.now() + 3_600_000;
    rows.push({
      kind: 'stage',
      stage: `store: a resize's reads and writes, ${opts.group} per COMMIT, ${opts.storeServers.toLocaleString('en-US')} servers`,
      us: await timeAsyncUs(
        (i) =>
          store.transaction(async (tx) => {
            const s = (await tx.getServer(scattered(i)))!;
            await tx.insertJob({ ...job, id: `job-${i}-${v}`, serverId: s.id, status: 'INIT', phase: 'accepted', dueAt: later } as never);
            await tx.updateServer({ ...s, busyJobId: null, version: s.version + 1 });
          }),
        opts.storeTxs,
        opts.group,
      ),
      note: 'getServer, insertJob, updateServer (one server read and two writes, one job row with its indexes)',
    });
    v++;

    // the job engine woken after a resize commits: under --timing manual (as in the load runs) it
    // reads the earliest due time from the index, finds the new job due later, and goes back to
    // sleep; poked and awaited one at a time (under load, pokes during a tick fold into one more tick)
    const clock = new ManualClock(Date.now()); // before `later`: every job inserted above is due after it
    const engine = new JobEngine(store, clock, 'manual', pino({ level: 'silent' }), systemClock);
    // the tick in flight is private: read it to know when the wake-up is over (the bench only)
    const ticking = () => (engine as unknown as { ticking: Promise<void> | null }).ticking;
    engine.start();
    await ticking();
    rows.push({
      kind: 'stage',
      stage: 'job engine: woken after a resize, finds nothing due yet',
      us: await timeAsyncUs(async () => {
        engine.poke();
        await ticking();
      }, opts.storeTxs, 1),
      note: 'JobEngine.poke under --timing manual: one indexed read of the earliest due time',
    });
    await engine.stop();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push(...(await httpStages(opts.http)));
  return rows;
}

/**
 * How the stages add up against a load run of the same resize: the sum of the stages beside the
 * whole path by inject (specshift's app without node:http and the sockets), the server's CPU time
 * per request and the wall time per request at the run's rate (1 / req/s; the server is one
 * thread, so that is its whole budget per request, busy or idle), and the floors beside the whole.
 */
/** The framework floor's row (bench/fastify-floor-server.ts) and the bare runs' CPU, when measured. */
export interface FrameworkFloor {
  ratio: number;
  cpuUs: number;
  bareCpuUs: number;
}

export function stagesSummary(rows: readonly StageRow[], load: { rps: number; cpuUs: number; title: string }, profile?: ProfileReport & { file: string }, floor?: FrameworkFloor): string[] {
  const stages = rows.filter((r) => r.kind === 'stage');
  const sum = stages.reduce((a, r) => a + r.us, 0);
  const floors = rows.filter((r) => r.kind === 'floor').reduce((a, r) => a + r.us, 0);
  const top = [...stages].sort((a, b) => b.us - a.us).slice(0, 3).map((r) => `${r.stage.split(':')[0]} ${r.us.toFixed(1)}`).join(', ');
  const out = [`sum of the stages: ${sum.toFixed(1)} µs per resize (largest: ${top}); sum of the floors (one HMAC, one grouped COMMIT, one socket write to a sleeping peer): ${floors.toFixed(1)} µs`];
  const whole = rows.find((r) => r.id === 'whole-inject');
  if (whole) {
    const inApp = stages.filter((r) => !r.stage.startsWith('http/')).reduce((a, r) => a + r.us, 0);
    out.push(`the whole resize through specshift's app by inject (no node:http, no socket): ${whole.us.toFixed(1)} µs, of which the stages inside the app account for ${inApp.toFixed(1)} µs; ${Math.max(0, whole.us - inApp).toFixed(1)} µs are in none of the stages${profile ? ` (see the CPU profile, ${profile.file})` : ''}`);
  }
  if (Number.isFinite(load.rps)) {
    const wall = 1e6 / load.rps;
    const hasCpu = Number.isFinite(load.cpuUs);
    out.push(
      `sum of stages vs measured per-request cost at the load run's rate: ${sum.toFixed(1)} µs vs ${wall.toFixed(0)} µs of wall time per request at ${Math.round(load.rps)} req/s (${load.title}, median run)` +
        (hasCpu ? ` and ${load.cpuUs.toFixed(0)} µs of server CPU per request (user + system, /proc): the stages are ${((sum / load.cpuUs) * 100).toFixed(0)}% of it, the floors ${((floors / load.cpuUs) * 100).toFixed(0)}%` : ''),
    );
  }
  if (floor && Number.isFinite(floor.cpuUs) && Number.isFinite(load.cpuUs)) {
    out.push(
      `the framework floor (fastify answering the bare request, bench/fastify-floor-server.ts): ${floor.ratio.toFixed(2)} of bare at ${floor.cpuUs.toFixed(0)} µs of server CPU per request (the bare server ${floor.bareCpuUs.toFixed(0)}): ` +
        `of the resize's ${load.cpuUs.toFixed(0)} µs, ${Math.max(0, load.cpuUs - floor.cpuUs).toFixed(0)} are specshift's own work beyond node:http and fastify`,
    );
  }
  if (profile && profile.requests > 0) {
    const per = (us: number) => us / profile.requests;
    const busiest = profile.summary.byStage.filter((x) => x.stage !== 'idle').sort((a, b) => b.us - a.us).slice(0, 6);
    out.push(
      `the CPU profile of a resize load run (${profile.file}): ${per(profile.summary.busyUs).toFixed(0)} µs busy per request at ${Math.round(profile.rps)} req/s under the profiler; largest stages per request: ` +
        busiest.map((x) => `${x.stage.split(' (')[0]} ${per(x.us).toFixed(1)}`).join(', '),
    );
  }
  return out;
}
