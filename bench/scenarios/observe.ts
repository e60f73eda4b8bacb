// What the request log and the metrics cost: the same resize load on the same world, with them
// (the default) and without (--no-request-log). Two servers, one each way, each on its own copy of
// one prepared world, both warmed up first and then measured in interleaved runs (ABBA order, so a
// drift of the shared machine over the runs weighs on both sides alike). Given the bench's
// yardstick, a bare run goes before every run and after the last, so each run also has its own ratio
// to bare.
//
// Why two long-lived servers and a long warm-up: a server just started runs its first ~10,000
// requests at up to three times the CPU of a warm one while V8 compiles the hot paths (bench/README.md,
// eleventh pass). Runs on fresh servers with a 2,000-request warm-up measured mostly that warm-up, in
// which the side with the log also compiles the log: 13-18% of CPU there, against 5-12% between warm
// servers.
import { cpuSeconds } from '../lib/cpu.js';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../../test/helpers/child-server.js';
import type { LoadResult } from '../lib/load.js';
import { spreadOf, type Spread, type Yardstick } from '../lib/yardstick.js';
import { mergeResults, prepareWorld, resizeRuns, type BenchWorld } from './huawei.js';

export interface OverheadResult {
  /** the world as prepared: untouched, the runs used copies of it (the CPU profile runs on it next) */
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
  // the world stays as prepared (the CPU profile after this uses it); each server gets a copy
  const world = await prepareWorld(join(root, 'observe'), servers);
  const order: ('off' | 'on')[] = [];
  for (let p = 0; p < pairs; p++) order.push(...(p % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)));
  const runs: Record<'off' | 'on', LoadResult[]> = { off: [], on: [] };
  const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const started: ChildServer[] = [];
  try {
    const side = async (mode: 'off' | 'on') => {
      const dataDir = join(root, `observe-${mode}`);
      cpSync(world.dataDir, dataDir, { recursive: true });
      const s = await startChildServer({ dataDir, timing: 'manual', startTimeoutMs: 120_000, extraArgs: mode === 'off' ? ['--no-request-log'] : [] });
      started.push(s);
      // the warm-up and then `pairs` runs, each on servers of the world none before it resized
      return { s, run: await resizeRuns(s, servers, warmup, perRun, pairs, connections), done: 0 };
    };
    const sides = { off: await side('off'), on: await side('on') };
    const one = async (i: number): Promise<LoadResult> => {
      const mode = order[i]!;
      const x = sides[mode];
      const c0 = cpuSeconds(x.s.pid);
      const r = await x.run(x.done++);
      cpu[mode].push(((cpuSeconds(x.s.pid) - c0) / r.requests) * 1e6);
      runs[mode].push(r);
      return r;
    };
    let ratios: number[] | undefined;
    if (yardstick) ratios = (await yardstick.interleave(order.length, one)).ratios;
    else for (let i = 0; i < order.length; i++) await one(i);
    return summarise(world, order, runs, cpu, ratios);
  } finally {
    for (const s of started) await s.stop();
    for (const mode of ['off', 'on']) rmSync(join(root, `observe-${mode}`), { recursive: true, force: true });
  }
}

function summarise(world: BenchWorld, order: ('off' | 'on')[], runs: Record<'off' | 'on', LoadResult[]>, cpu: Record<'off' | 'on', number[]>, ratios: number[] | undefined): OverheadResult {
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
