// A CPU profile of a resize load run (issue 16): the 100,000-server resize once more, against a
// server started with `node --cpu-prof` from the compiled sources (bench/profile-entry.ts, so every
// frame names its file), summarised by function and by stage over the measured requests only
// (warm-up and start excluded by the samples' timestamps) into bench/results/profile.{md,json}.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer } from '../../test/helpers/child-server.js';
import { summarise, type CpuProfile, type ProfileSummary } from '../lib/cpuprofile.js';
import type { LoadResult } from '../lib/load.js';
import { resizeRuns, type BenchWorld } from './huawei.js';

export interface ProfileReport {
  generatedAt: string;
  title: string;
  /** the measured run under the profiler (the profiler itself slows the server a little) */
  requests: number;
  rps: number;
  samplingIntervalUs: number;
  summary: ProfileSummary;
}

/**
 * Resizes `measured` servers not touched before (`offset` shifts the spread of ids, as
 * resizeRuns's does) after `warmup`, on a server under `--cpu-prof`; returns the summary.
 */
export async function profileScenario(world: BenchWorld, opts: { warmup: number; measured: number; connections: number; offset: number; intervalUs: number }): Promise<ProfileReport> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-cpuprof-'));
  try {
    const s = await startChildServer({
      dataDir: world.dataDir,
      timing: 'manual',
      startTimeoutMs: 120_000,
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(opts.intervalUs)],
      entry: fileURLToPath(new URL('../profile-entry.js', import.meta.url)),
    });
    let result: LoadResult;
    let from: number;
    let to: number;
    try {
      const run = await resizeRuns(s, world.servers, opts.warmup, opts.measured, 1, opts.connections, { offset: opts.offset });
      // process.hrtime and the profile's timestamps are both CLOCK_MONOTONIC (µs in the profile)
      from = Number(process.hrtime.bigint() / 1000n);
      result = await run(0);
      to = Number(process.hrtime.bigint() / 1000n);
    } finally {
      await s.stop(); // SIGTERM: a graceful exit, which is when node writes the profile
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled server wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    return {
      generatedAt: new Date().toISOString(),
      title: `Huawei v1.1 resize, ${world.servers.toLocaleString('en-US')} servers, ${opts.connections} connections`,
      requests: result.requests,
      rps: result.rps,
      samplingIntervalUs: opts.intervalUs,
      summary: summarise(profile, { from, to }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (us: number) => (us / 1000).toFixed(1);
const pct = (us: number, of: number) => (of > 0 ? ((us / of) * 100).toFixed(1) : 'n/a');

export function profileMarkdown(r: ProfileReport): string {
  const s = r.summary;
  const perReq = (us: number) => (r.requests > 0 ? (us / r.requests).toFixed(1) : 'n/a');
  const lines = [
    '# CPU profile of a resize load run',
    '',
    `${r.generatedAt}: ${r.title}; ${r.requests.toLocaleString('en-US')} measured requests at ${Math.round(r.rps)} req/s under the profiler (node --cpu-prof, a sample every ${r.samplingIntervalUs} µs), ` +
      `${s.windowed ? 'samples of the measured run only' : 'the whole profile (the measured run\'s window did not match the profile\'s clock)'}: ${s.samples.toLocaleString('en-US')} samples, ${ms(s.windowUs)} ms, of which ${ms(s.busyUs)} ms busy (${pct(s.busyUs, s.windowUs)}%). ` +
      'Written by `npm run bench` (bench/scenarios/profile.ts); how samples are charged to stages: bench/README.md.',
    '',
    `Busy time per request: ${perReq(s.busyUs)} µs. V8 samples on wall time: "busy" is time the server's thread was not idle, including time the OS gave the load generator or a neighbour while it was, and the profiler's own cost. It exceeds the server CPU per request of the load rows on a shared 2-core machine: read the shares; the µs per request only rank the stages.`,
    '',
    '| stage | ms | % of busy | µs per request |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const st of s.byStage) lines.push(`| ${st.stage} | ${ms(st.us)} | ${st.stage === 'idle' ? '' : pct(st.us, s.busyUs)} | ${perReq(st.us)} |`);
  lines.push('', `Top ${s.topFunctions.length} functions by self time:`, '', '| function | where | stage | self ms | % of busy |', '| --- | --- | --- | ---: | ---: |');
  for (const f of s.topFunctions) lines.push(`| ${f.functionName.replace(/\|/g, '\\|')} | ${f.where} | ${f.stage} | ${ms(f.selfUs)} | ${f.stage === 'idle' ? '' : pct(f.selfUs, s.busyUs)} |`);
  lines.push('');
  return lines.join('\n');
}

export function writeProfile(jsonFile: string, mdFile: string, r: ProfileReport): void {
  writeFileSync(jsonFile, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(mdFile, profileMarkdown(r));
}
