// Huawei ECS through the whole path: SDK-HMAC-SHA256 verified, body read, resize rules checked,
// job and server written in one durable commit, job polled back.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../../test/helpers/child-server.js';
import { DEMO } from '../../test/helpers/demo.js';
import { sdkDate, signHuawei, type SignedHttpRequest } from '../lib/huawei-signer.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { mergeResults, pooled } from '../lib/yardstick.js';
import { BENCH_TARGETS, benchServerId, writeBenchWorld } from '../lib/world-gen.js';

/** the scenarios that merge rounds import it from here */
export { mergeResults };

export interface BenchWorld {
  servers: number;
  dataDir: string;
  /** spawn to banner of the first start, which generated and loaded the world */
  loadSeconds: number;
  loadPeakRssBytes: number | null;
}

/** Generates the world file and loads it (first start), then stops: later starts reuse the data. */
export async function prepareWorld(root: string, servers: number, aliyunInstances = 0): Promise<BenchWorld> {
  const dir = join(root, `world-${servers}`);
  mkdirSync(dir, { recursive: true });
  const worldFile = writeBenchWorld(join(dir, 'world.json'), servers, aliyunInstances);
  const dataDir = join(dir, 'data');
  const t0 = process.hrtime.bigint();
  const server = await startChildServer({ dataDir, worldFile, timing: 'manual', startTimeoutMs: 10 * 60_000 });
  const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const loadPeakRssBytes = server.peakRssBytes();
  await server.stop();
  // a loading server that did not stop cleanly leaves the world in its write-ahead log and the
  // directory marked as running: the next start then recovers the log and checks the whole database
  // (~9.5 s at 1,000,000 servers, seen twice in the first restart after this load); said, so a run
  // that hits it shows why
  const code = server.process.exitCode;
  if (code !== 0) process.stderr.write(`prepareWorld(${servers}): the loading server exited with ${code ?? server.process.signalCode}: ${server.stderr().slice(-2000)}\n`);
  // the world file (~500 MB at 1,000,000 servers) is loaded: removed before the kernel writes it
  // back, or that writeback stalls the next fsync of anything (a restart measured 10.8 s)
  rmSync(worldFile, { force: true });
  // the load left up to a gigabyte of dirty pages for the kernel to write back; flushed now, or the
  // first checkpoint's fsync of the measured run waits for all of it and lands in its p99
  for (const f of readdirSync(dataDir)) {
    const fd = openSync(join(dataDir, f), 'r');
    fsyncSync(fd);
    closeSync(fd);
  }
  return { servers, dataDir, loadSeconds, loadPeakRssBytes };
}

/** Starts specshift on a prepared world: --timing manual, so accepted jobs wait and do not compete for the CPU. */
export const serve = (world: BenchWorld): Promise<ChildServer> => startChildServer({ dataDir: world.dataDir, timing: 'manual', startTimeoutMs: 120_000 });

const hostOf = (s: ChildServer) => new URL(s.endpoint).host;

export function resizeRequests(s: ChildServer, serverIndexes: readonly number[], flavor: string): SignedHttpRequest[] {
  const date = sdkDate(Date.now());
  const host = hostOf(s);
  const body = JSON.stringify({ resize: { flavorRef: flavor } });
  return serverIndexes.map((n) =>
    signHuawei(DEMO, { method: 'POST', path: `/v1.1/${DEMO.project}/cloudservers/${benchServerId(n)}/resize`, host, project: DEMO.project, body, date }),
  );
}

/** `count` indexes spread evenly over the whole store, so pages all over the table are touched. */
export const spread = (servers: number, count: number, skip = 0): number[] =>
  Array.from({ length: count }, (_, k) => Math.floor(((k + skip) * servers) / (count + skip)));

/** A scenario ready to measure: set-up and warm-up done, `run(i)` measures its i-th run alone. */
export type RunFn = (i: number) => Promise<LoadResult>;

/**
 * One resize per server: a warm-up share first (not measured, here), then `run(i)` resizes the
 * i-th measured share of `perRun` servers, each share disjoint from the others; ids are spread
 * over the whole store, so pages all over the table are touched. The job ids of the accepted
 * resizes are appended to `jobIds`.
 */
export async function resizeRuns(s: ChildServer, servers: number, warmup: number, perRun: number, runs: number, connections: number, opts: { offset?: number; jobIds?: string[] } = {}): Promise<RunFn> {
  // `offset` shifts every index by one place: a second call on the same store gets other servers
  const every = spread(servers, warmup + runs * perRun).map((n) => (n + (opts.offset ?? 0)) % servers);
  await runLoad({ url: s.endpoint, requests: resizeRequests(s, every.slice(0, warmup), BENCH_TARGETS[0]), connections });
  return (i) =>
    runLoad({ url: s.endpoint, requests: resizeRequests(s, every.slice(warmup + i * perRun, warmup + (i + 1) * perRun), BENCH_TARGETS[0]), connections, maxSeconds: 120 }, (_i, status, body) => {
      if (status === 200 && opts.jobIds) opts.jobIds.push((JSON.parse(body) as { job_id: string }).job_id);
    });
}

/** Pooled latencies, the median run's throughput: one slow run (a noisy neighbour) moves neither much. */
export const medianOf = pooled;

/**
 * A store with fewer servers than requests: every server is resized once per round, alternating
 * between two flavors; after each round the manual clock runs the jobs to completion (not
 * measured). One warm-up round here, then `run(i)` measures `roundsPerRun` rounds as one run.
 */
export async function roundsRuns(s: ChildServer, servers: number, roundsPerRun: number, connections: number): Promise<RunFn> {
  const all = Array.from({ length: servers }, (_, i) => i);
  let round = 0;
  const oneRound = async (): Promise<LoadResult> => {
    const res = await runLoad({ url: s.endpoint, requests: resizeRequests(s, all, BENCH_TARGETS[round++ % 2]), connections });
    const adv = await fetch(`${s.endpoint}/_specshift/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":60}' });
    if (!adv.ok) throw new Error(`clock advance failed: ${adv.status}`);
    return res;
  };
  await oneRound();
  return async () => {
    const results: LoadResult[] = [];
    for (let r = 0; r < roundsPerRun; r++) results.push(await oneRound());
    return mergeResults(results);
  };
}

/** `rounds` measured rounds after one warm-up round, reported as one run. */
export async function roundsScenario(s: ChildServer, servers: number, rounds: number, connections: number): Promise<LoadResult> {
  return (await roundsRuns(s, servers, rounds, connections))(0);
}

/** Job polling: GET /v1/{project}/jobs/{job_id}, cycling over `jobIds`; a warm-up here, then `run(i)` sends `perRun`. */
export async function pollRuns(s: ChildServer, jobIds: readonly string[], warmup: number, perRun: number, connections: number): Promise<RunFn> {
  const date = sdkDate(Date.now());
  const host = hostOf(s);
  const requests = jobIds.map((id) => signHuawei(DEMO, { method: 'GET', path: `/v1/${DEMO.project}/jobs/${id}`, host, project: DEMO.project, date }));
  await runLoad({ url: s.endpoint, requests, connections, amount: warmup });
  return () => runLoad({ url: s.endpoint, requests, connections, amount: perRun, maxSeconds: 120 });
}

/**
 * Reads a client makes around a resize (terraform's refresh, an inventory): ShowServer (GET
 * /v1/{project}/cloudservers/{id}) cycling over `count` servers spread over the store, or
 * ListServersDetails (page 1, limit 25: 25 servers rendered a request). A warm-up here, then
 * `run(i)` sends `perRun`.
 */
export async function readRuns(s: ChildServer, kind: 'show' | 'list', servers: number, warmup: number, perRun: number, connections: number): Promise<RunFn> {
  const date = sdkDate(Date.now());
  const host = hostOf(s);
  const paths =
    kind === 'show'
      ? spread(servers, Math.min(servers, 5_000)).map((n) => `/v1/${DEMO.project}/cloudservers/${benchServerId(n)}`)
      : [`/v1/${DEMO.project}/cloudservers/detail?limit=25`];
  const requests = paths.map((path) => signHuawei(DEMO, { method: 'GET', path, host, project: DEMO.project, date }));
  await runLoad({ url: s.endpoint, requests, connections, amount: warmup });
  return () => runLoad({ url: s.endpoint, requests, connections, amount: perRun, maxSeconds: 120 });
}

/** `reps` polling runs after one warm-up, not interleaved: median run's req/s, pooled latencies. */
export async function pollScenario(s: ChildServer, jobIds: readonly string[], warmup: number, measured: number, connections: number, reps = 1): Promise<LoadResult> {
  const run = await pollRuns(s, jobIds, warmup, measured, connections);
  const runs: LoadResult[] = [];
  for (let r = 0; r < reps; r++) runs.push(await run(r));
  return medianOf(runs);
}

