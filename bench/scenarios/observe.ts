// What the request log and the metrics cost: the same resize load on the same world, with them
// (the default) and without (--no-request-log), in interleaved runs (ABBA order, so a drift of the
// shared machine over the runs weighs on both sides alike), each run on servers no other run used.
// Given the bench's yardstick, a bare run goes before every run and after the last, so each run
// also has its own ratio to bare.
import { cpuSeconds } from '../lib/cpu.js';
import { join } from 'node:path';
import { startChildServer } from '../../test/helpers/child-server.js';
import type { LoadResult } from '../lib/load.js';
import { spreadOf, type Spread, type Yardstick } from '../lib/yardstick.js';
import { mergeResults, prepareWorld, resizeRuns, type BenchWorld } from './huawei.js';

export interface OverheadResult {
  /** the world the runs used (run i resized the servers of resizeRuns's offset i) */
  world: BenchWorld;
  off: LoadResult;
  on: LoadResult;
  /** 1 - on/off of the median runs' throughput (negative: the runs with the log were faster) */
  overhead: number;
  offRuns: number[];
  onRuns: number[];
  /** server CPU time (user + system) per measured request, µs, median run: steadier than req/s on a shared machine */
  offCpuUs: number;
  onCpuUs: number;
  /** 1 - off/on of CPU per request */
  cpuOverhead: number;
  /** each run's ratio to the bare runs around it (only with a yardstick) */
  offRatios?: number[];
  onRatios?: number[];
  offRatio?: Spread;
  onRatio?: Spread;
}

export { cpuSeconds };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export async function observeOverhead(root: string, servers: number, warmup: number, perRun: number, connections: number, pairs: number, yardstick?: Yardstick): Promise<OverheadResult> {
  const world = await prepareWorld(join(root, 'observe'), servers);
  const order: ('off' | 'on')[] = [];
  for (let p = 0; p < pairs; p++) order.push(...(p % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)));
  const runs: Record<'off' | 'on', LoadResult[]> = { off: [], on: [] };
  const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const one = async (i: number): Promise<LoadResult> => {
    const mode = order[i]!;
    const s = await startChildServer({ dataDir: world.dataDir, timing: 'manual', startTimeoutMs: 120_000, extraArgs: mode === 'off' ? ['--no-request-log'] : [] });
    try {
      // offset i: each run resizes servers no other run touched (spread's step exceeds the run count).
      // Each run is a server just started: its first thousands of requests run cold (the JIT, SQLite's
      // page cache), at up to twice the CPU of a warm one, which drowned the difference measured here
      // (299 -> 331 µs a request in a run whose warm resize rows read ~150). So the warm-up is the
      // resize rows' (2,000, not 1,000), and the CPU is read around the measured run only, no longer
      // around the warm-up too. (A longer warm-up would need more servers: the runs' offsets must stay
      // below the spread's step, or a run meets servers an earlier run left busy.)
      const run = await resizeRuns(s, servers, warmup, perRun, 1, connections, { offset: i });
      const c0 = cpuSeconds(s.pid);
      const r = await run(0);
      cpu[mode].push(((cpuSeconds(s.pid) - c0) / r.requests) * 1e6);
      runs[mode].push(r);
      return r;
    } finally {
      await s.stop();
    }
  };
  let ratios: number[] | undefined;
  if (yardstick) ratios = (await yardstick.interleave(order.length, one)).ratios;
  else for (let i = 0; i < order.length; i++) await one(i);
  const offRuns = runs.off.map((r) => r.rps);
  const onRuns = runs.on.map((r) => r.rps);
  const off = { ...mergeResults(runs.off), rps: median(offRuns) };
  const on = { ...mergeResults(runs.on), rps: median(onRuns) };
  const offCpuUs = median(cpu.off);
  const onCpuUs = median(cpu.on);
  const out: OverheadResult = { world, off, on, overhead: 1 - on.rps / off.rps, offRuns, onRuns, offCpuUs, onCpuUs, cpuOverhead: 1 - offCpuUs / onCpuUs };
  if (ratios) {
    out.offRatios = ratios.filter((_r, i) => order[i] === 'off');
    out.onRatios = ratios.filter((_r, i) => order[i] === 'on');
    out.offRatio = spreadOf(out.offRatios);
    out.onRatio = spreadOf(out.onRatios);
  }
  return out;
}
