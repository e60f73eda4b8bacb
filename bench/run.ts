// `npm run bench`: every scenario in one run, side by side with a bare node:http server, on
// 127.0.0.1. Prints the table and writes bench/results/latest.{json,md}. `--quick` shrinks every
// count (a smoke run of the harness itself, not for figures). See bench/README.md.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './lib/load.js';
import { BARE_REQUEST, Yardstick, type Spread } from './lib/yardstick.js';
import { startFastifyFloor } from './lib/processes.js';
import { machine, mb, toMarkdown, writeReport, type BenchReport, type LoadRow, type StartRow, type TargetRow } from './lib/report.js';
import { aliyunAnswers, modifyRequests } from './scenarios/aliyun.js';
import { demoFresh, existing, median } from './scenarios/cold.js';
import { harnessScenario, type HarnessRow } from './scenarios/harness.js';
import { pollRuns, prepareWorld, readRuns, resizeRuns, roundsRuns, serve, type BenchWorld } from './scenarios/huawei.js';
import { multinodeScenario } from './scenarios/multinode.js';
import { flatCounts, flatScenario, type FlatReport } from './scenarios/flat.js';
import { observeOverhead, type OverheadResult } from './scenarios/observe.js';
import { profileScenario, writeProfile, type ProfileReport } from './scenarios/profile.js';
import { stagesScenario, stagesSummary } from './scenarios/stages.js';

const quick = process.argv.includes('--quick');
// `pairs`: measured runs per throughput scenario, each between two bare runs; per-run counts below
const S = quick
  ? { connections: 10, pairs: 3, bare: 3_000, bareWarmup: 1_000, warmup: 200, resize: 1_000, poll: 2_000, show: 1_000, list: 300, aliyun: 1_000, bigServers: 20_000, midServers: 10_000, smallServers: 1_000, roundsPerRun: 1, coldRuns: 3, bigColdRuns: 2, pgServers: 5_000, pgResize: 1_000, pgPoll: 3_000, observeServers: 10_000, observeWarmup: 1_000, observeRun: 1_000, observePairs: 1, profileIntervalUs: 250, stages: { iterations: 2_000, storeTxs: 1_000, storeServers: 10_000, group: 10, http: { requests: 2_000, writes: 200, appServers: 3_000 } }, harness: { starts: 3, resets: 20, reloads: 3, tenants: 10, namespaces: 5 } }
  : { connections: 10, pairs: 5, bare: 10_000, bareWarmup: 5_000, warmup: 2_000, resize: 12_000, poll: 15_000, show: 10_000, list: 2_000, aliyun: 6_000, bigServers: 1_000_000, midServers: 100_000, smallServers: 1_000, roundsPerRun: 2, coldRuns: 9, bigColdRuns: 5, pgServers: 20_000, pgResize: 10_000, pgPoll: 30_000, observeServers: 100_000, observeWarmup: 20_000, observeRun: 10_000, observePairs: 3, profileIntervalUs: 250, stages: { iterations: 20_000, storeTxs: 10_000, storeServers: 100_000, group: 10, http: { requests: 10_000, writes: 1_000, appServers: 20_000 } }, harness: { starts: 9, resets: 200, reloads: 20, tenants: 100, namespaces: 50 } };

const started = Date.now();
// a section's first line says when it began (seconds into the run): where a long run's time went
const log = (s: string) => process.stdout.write((/^[A-Za-z]/.test(s) ? `[${Math.round((Date.now() - started) / 1000)} s] ` : '') + s + '\n');
const root = mkdtempSync(join(tmpdir(), 'specshift-bench-'));

const rows: (LoadRow & { result: LoadResult })[] = [];
const starts: StartRow[] = [];
const worldLoads: BenchReport['worldLoads'] = [];
const skipped: BenchReport['skipped'] = [];
let harness: HarnessRow[] = [];
let stages: BenchReport['stages'];
let flat: FlatReport | undefined;
let profile: ProfileReport | undefined;
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });

/** A throughput row: `ratio` from the runs interleaved with bare runs (bench/lib/yardstick.ts). */
function row(id: string, title: string, m: { result: LoadResult; ratio?: Spread; rps?: number[]; ratios?: number[]; cpuUs?: number[] }, peakRssBytes: number | null, note?: string): void {
  const result = m.result;
  const cpuUs = m.cpuUs?.length ? median(m.cpuUs) : undefined;
  if (cpuUs !== undefined) note = [`server CPU ${Math.round(cpuUs)} µs per request`, note].filter(Boolean).join('; ');
  const non2xx = Object.entries(result.statuses).reduce((a, [k, v]) => (k.startsWith('2') ? a : a + v), 0) + result.errors;
  const spread = m.ratio ? { min: m.ratio.min, max: m.ratio.max, q1: m.ratio.q1, q3: m.ratio.q3 } : undefined;
  rows.push({
    id, title, requests: result.requests, rps: result.rps, ratio: m.ratio?.median ?? NaN, ...(cpuUs !== undefined ? { cpuUs } : {}), p50Ms: result.p50, p99Ms: result.p99, peakRssMb: mb(peakRssBytes), non2xx, result,
    ...(spread ? { ratioSpread: spread } : {}), ...(m.rps ? { runRps: m.rps } : {}), ...(m.ratios ? { ratios: m.ratios } : {}), ...(note ? { note } : {}),
  });
  const r = m.ratio ? `, ${m.ratio.median.toFixed(2)} of bare${m.ratio.min < m.ratio.max ? ` (runs ${m.ratio.min.toFixed(2)}-${m.ratio.max.toFixed(2)})` : ''}` : '';
  log(`  ${title}: ${Math.round(result.rps)} req/s${r}, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, peak RSS ${mb(peakRssBytes) ?? 'n/a'} MB${non2xx ? `, ${non2xx} NOT 2xx: ${result.failures[0] ?? ''}` : ''}`);
}

function worldLoaded(w: BenchWorld, note?: string): void {
  worldLoads.push({ servers: w.servers, seconds: w.loadSeconds, peakRssMb: mb(w.loadPeakRssBytes), ...(note ? { note } : {}) });
  log(`  world of ${w.servers} servers generated and loaded in ${w.loadSeconds.toFixed(1)} s (peak RSS ${mb(w.loadPeakRssBytes)} MB)`);
}

const yardstick = await Yardstick.start({ connections: S.connections, perRun: S.bare, warmup: S.bareWarmup, log });
/** Server CPU per request of the 100,000-server resize runs (µs, median run): what the stage breakdown is compared with. */
let resizeCpuUs = NaN;
try {
  log(`specshift bench${quick ? ' (quick)' : ''}: ${S.connections} connections, 127.0.0.1; ${S.pairs} runs per scenario, each between two bare node:http runs`);

  // the framework floor: what node:http and fastify cost before specshift does anything, read against
  // the same bare runs; a specshift row's gap beyond this row is specshift's own work
  log('framework floor: fastify answering the bare request');
  {
    const floor = await startFastifyFloor();
    try {
      await runLoad({ url: floor.url, requests: BARE_REQUEST, connections: S.connections, amount: S.bareWarmup });
      const run = () => runLoad({ url: floor.url, requests: BARE_REQUEST, connections: S.connections, amount: S.bare });
      row('fastify-floor', 'fastify, one route answering the bare request (the framework floor)', await yardstick.interleave(S.pairs, run, { pid: floor.pid }), floor.peakRssBytes());
    } finally {
      await floor.stop();
    }
  }

  log(`Huawei resize over ${S.midServers} servers`);
  // the Alibaba slot's instances live in the same world: one warm-up share and the measured runs
  const aliyunCount = S.warmup + S.pairs * S.aliyun;
  const mid = await prepareWorld(root, S.midServers, aliyunCount);
  worldLoaded(mid, `and ${aliyunCount.toLocaleString('en-US')} Alibaba instances`);
  {
    const s = await serve(mid);
    try {
      const jobIds: string[] = [];
      const resize = await resizeRuns(s, S.midServers, S.warmup, S.resize, S.pairs, S.connections, { jobIds });
      const m = await yardstick.interleave(S.pairs, resize, { pid: s.pid });
      resizeCpuUs = median(m.cpuUs!);
      row('huawei-resize-100k', `Huawei v1.1 resize, ${S.midServers.toLocaleString('en-US')} servers`, m, s.peakRssBytes());
      log('job polling');
      const poll = await pollRuns(s, jobIds.slice(0, 2_000), S.warmup, S.poll, S.connections);
      row('huawei-job-poll', 'GET /v1/{project_id}/jobs/{job_id}', await yardstick.interleave(S.pairs, poll, { pid: s.pid }), s.peakRssBytes());
      // reads without a target of their own, measured so a regression shows (a server's render cost
      // 45 µs unnoticed until the twelfth pass: bench/README.md)
      log('ShowServer and ListServersDetails');
      const show = await readRuns(s, 'show', S.midServers, S.warmup, S.show, S.connections);
      row('huawei-show-server', 'ShowServer, GET /v1/{project_id}/cloudservers/{server_id}', await yardstick.interleave(S.pairs, show, { pid: s.pid }), s.peakRssBytes());
      const list = await readRuns(s, 'list', S.midServers, Math.ceil(S.warmup / 4), S.list, S.connections);
      row('huawei-list-details', 'ListServersDetails, GET /v1/{project_id}/cloudservers/detail?limit=25 (25 servers a page)', await yardstick.interleave(S.pairs, list, { pid: s.pid }), s.peakRssBytes());

      // ------------------------------------------------------------------ Alibaba slot
      if (!(await aliyunAnswers(s))) {
        skipped.push({ id: 'aliyun-modify-instance-spec', reason: 'the Alibaba provider does not answer at / yet (GET /?Action=DescribeRegions is 404 InvalidAction.NotFound)' });
      } else {
        log('Alibaba ModifyInstanceSpec');
        const all = Array.from({ length: aliyunCount }, (_, i) => i);
        await runLoad({ url: s.endpoint, requests: modifyRequests(s, all.slice(0, S.warmup)), connections: S.connections });
        const m = await yardstick.interleave(
          S.pairs,
          (i) => runLoad({ url: s.endpoint, requests: modifyRequests(s, all.slice(S.warmup + i * S.aliyun, S.warmup + (i + 1) * S.aliyun)), connections: S.connections, maxSeconds: 60 }),
          { pid: s.pid },
        );
        row('aliyun-modify-instance-spec', `Alibaba ModifyInstanceSpec (ACS3), ${aliyunCount.toLocaleString('en-US')} instances`, m, s.peakRssBytes());
      }
      for (const sk of skipped) log(`  skipped ${sk.id}: ${sk.reason}`);
    } finally {
      await s.stop();
    }
  }
  rmSync(join(root, `world-${S.midServers}`), { recursive: true, force: true });

  log(`Huawei resize over ${S.smallServers} servers (${S.pairs} runs of ${S.roundsPerRun} round${S.roundsPerRun > 1 ? 's' : ''} of one resize per server)`);
  const small = await prepareWorld(root, S.smallServers);
  {
    const s = await serve(small);
    try {
      const rounds = await roundsRuns(s, S.smallServers, S.roundsPerRun, S.connections);
      row('huawei-resize-1k', `Huawei v1.1 resize, ${S.smallServers.toLocaleString('en-US')} servers`, await yardstick.interleave(S.pairs, rounds), s.peakRssBytes(), `${S.pairs * S.roundsPerRun} rounds`);
    } finally {
      await s.stop();
    }
  }

  log(`request log and metrics: resize over ${S.observeServers} servers, ${S.observePairs * 2} interleaved runs with and without them`);
  const observe: OverheadResult = await observeOverhead(root, S.observeServers, S.observeWarmup, S.observeRun, S.connections, S.observePairs, yardstick);
  row('huawei-resize-observe-off', `Huawei v1.1 resize, ${S.observeServers.toLocaleString('en-US')} servers, --no-request-log`, { result: observe.off, ratio: observe.offRatio, rps: observe.offRuns, ratios: observe.offRatios }, null);
  row('huawei-resize-observe-on', `Huawei v1.1 resize, ${S.observeServers.toLocaleString('en-US')} servers, request log and metrics on`, { result: observe.on, ratio: observe.onRatio, rps: observe.onRuns, ratios: observe.onRatios }, null);
  log(`  request log and metrics cost ${(observe.overhead * 100).toFixed(1)}% of resize throughput; server CPU per request ${observe.offCpuUs.toFixed(0)} µs without, ${observe.onCpuUs.toFixed(0)} µs with (${(observe.cpuOverhead * 100).toFixed(1)}%)`);
  // the CPU profile: one more run of the same shape on the same world (the runs above used copies of
  // it), warmed up as they were, against a server under node --cpu-prof
  log('CPU profile of a resize load run');
  profile = await profileScenario(observe.world, { warmup: S.observeWarmup, measured: S.observeRun, connections: S.connections, offset: 0, intervalUs: S.profileIntervalUs });
  writeProfile(join(resultsDir, quick ? 'quick-profile.json' : 'profile.json'), join(resultsDir, quick ? 'quick-profile.md' : 'profile.md'), profile);
  log(`  ${profile.requests} requests at ${Math.round(profile.rps)} req/s under the profiler; ${(profile.summary.busyUs / Math.max(1, profile.requests)).toFixed(0)} µs busy per request; written to bench/results/${quick ? 'quick-' : ''}profile.md`);
  rmSync(join(root, 'observe'), { recursive: true, force: true });

  log(`Huawei resize over ${S.bigServers} servers`);
  const big = await prepareWorld(root, S.bigServers);
  worldLoaded(big);
  const bigStarts = await existing(big.dataDir, S.bigColdRuns);
  starts.push({ id: 'cold-start-1m', title: `restart on an existing data dir of ${S.bigServers.toLocaleString('en-US')} servers`, ms: bigStarts.median, runs: bigStarts.runs, peakRssMb: mb(bigStarts.peakRssBytes) });
  {
    const s = await serve(big);
    try {
      const resize = await resizeRuns(s, S.bigServers, S.warmup, S.resize, S.pairs, S.connections);
      row('huawei-resize-1m', `Huawei v1.1 resize, ${S.bigServers.toLocaleString('en-US')} servers`, await yardstick.interleave(S.pairs, resize, { pid: s.pid }), s.peakRssBytes());
    } finally {
      await s.stop();
    }
  }
  rmSync(join(root, `world-${S.bigServers}`), { recursive: true, force: true });

  // ------------------------------------------------------------------ several nodes on PostgreSQL
  const databaseUrl = process.env.DATABASE_URL || process.env.SPECSHIFT_BENCH_DATABASE_URL;
  if (!databaseUrl) {
    skipped.push({ id: 'multinode', reason: 'no PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure 1, 2 and 3 nodes' });
  } else {
    log(`several nodes on PostgreSQL (${S.pgServers} servers)`);
    const results = await multinodeScenario(databaseUrl, { servers: S.pgServers, warmup: S.warmup, resize: S.pgResize, poll: S.pgPoll, connections: S.connections }, yardstick);
    for (const r of results) {
      row(`pg-resize-${r.nodes}`, `PostgreSQL, ${r.nodes} node${r.nodes > 1 ? 's' : ''}: Huawei v1.1 resize, ${S.pgServers.toLocaleString('en-US')} servers`, { result: r.resize, ratio: r.resizeRatio, rps: [r.resize.rps] }, r.peakRssBytes);
      row(`pg-poll-${r.nodes}`, `PostgreSQL, ${r.nodes} node${r.nodes > 1 ? 's' : ''}: GET /v1/{project_id}/jobs/{job_id}`, { result: r.poll, ratio: r.pollRatio, rps: [r.poll.rps] }, r.peakRssBytes);
    }
  }

  log('flat cost: each operation at 1,000 / 100,000 / 1,000,000 servers (bench/scenarios/flat.ts)');
  flat = await flatScenario(root, flatCounts(quick), databaseUrl, log);

  log('cold starts');
  const fresh = await demoFresh(root, S.coldRuns);
  starts.unshift({ id: 'cold-start-demo-fresh', title: 'demo world, new data dir (world loaded)', ms: fresh.median, runs: fresh.runs, peakRssMb: mb(fresh.peakRssBytes) });
  const demoDir = join(mkdtempSync(join(root, 'demo-')), 'data');
  await existing(demoDir, 1); // creates it
  const again = await existing(demoDir, S.coldRuns);
  starts.splice(1, 0, { id: 'cold-start-demo', title: 'demo world, existing data dir', ms: again.median, runs: again.runs, peakRssMb: mb(again.peakRssBytes) });
  if (process.env.NODE_EXTRA_CA_CERTS) {
    // shown for honesty, not a target: the machine's CA bundle is parsed by every node start
    const ca = await existing(demoDir, S.coldRuns, true);
    starts.push({ id: 'cold-start-demo-ca', title: 'demo world, existing data dir, with this machine\'s NODE_EXTRA_CA_CERTS', ms: ca.median, runs: ca.runs, peakRssMb: mb(ca.peakRssBytes) });
  }
  for (const st of starts) log(`  ${st.title}: ${Math.round(st.ms)} ms (runs ${st.runs.map((x) => Math.round(x)).join(', ')})`);


  log('in-process harness');
  harness = await harnessScenario(root, S.harness, log);

  log('stages of one resize, in process');
  const stageRows = await stagesScenario(S.stages);
  const resizeRow = rows.find((r) => r.id === 'huawei-resize-100k');
  const floorRow = rows.find((r) => r.id === 'fastify-floor');
  stages = {
    rows: stageRows,
    summary: stagesSummary(
      stageRows,
      { rps: resizeRow?.rps ?? NaN, cpuUs: resizeCpuUs, title: resizeRow?.title ?? 'the resize' },
      profile && { ...profile, file: `bench/results/${quick ? 'quick-' : ''}profile.md` },
      floorRow?.cpuUs !== undefined ? { ratio: floorRow.ratio, cpuUs: floorRow.cpuUs, bareCpuUs: median(yardstick.bareCpuUs) } : undefined,
    ),
  };
  for (const st of stageRows) log(`  ${st.stage}: ${st.us.toFixed(1)} µs`);
  for (const line of stages.summary) log(`  ${line}`);

  // ------------------------------------------------------------------ report
  const ceiling = yardstick.ceiling();
  const load: LoadRow[] = rows.map(({ result: _r, ...r }) => r);
  const get = (id: string) => load.find((l) => l.id === id);
  const targets: TargetRow[] = [];
  // What a ratio needs in server CPU: one thread serves at most 1 / (CPU per request) requests a
  // second, so reaching `want` of the bare rate takes at most 1 / (want x bare req/s) of CPU per
  // request (less on this machine, where the load generator takes its share of the two cores).
  const bareRps = ceiling.rps.median;
  const ratioTarget = (id: string, name: string, want: number) => {
    const l = get(id);
    if (!l) return;
    const cpu = l.cpuUs !== undefined ? `; server CPU ${Math.round(l.cpuUs)} µs per request, at most ${Math.round(1e6 / (want * bareRps))} µs would reach it at the bare median of ${Math.round(bareRps)} req/s` : '';
    targets.push({ name, target: `>= ${want.toFixed(2)} of bare (median ratio)`, value: `${l.ratio.toFixed(2)}${l.ratioSpread ? ` (runs ${l.ratioSpread.min.toFixed(2)}-${l.ratioSpread.max.toFixed(2)})` : ''}${cpu}`, met: l.ratio >= want });
  };
  // issue 16's targets
  ratioTarget('huawei-resize-100k', 'resize throughput (100,000 servers)', 0.35);
  ratioTarget('huawei-job-poll', 'job polling throughput', 0.65);
  ratioTarget('aliyun-modify-instance-spec', 'Alibaba ModifyInstanceSpec throughput, vCPU quota set', 0.3);
  for (const st of starts.filter((x) => x.id !== 'cold-start-demo-ca')) targets.push({ name: `cold start: ${st.title}`, target: '< 300 ms', value: `${Math.round(st.ms)} ms`, met: st.ms < 300 });
  const bigRow = get('huawei-resize-1m');
  targets.push({ name: 'request log and metrics: cost in resize throughput (interleaved runs, medians)', target: '< 5%', value: `${(observe.overhead * 100).toFixed(1)}%`, met: observe.overhead < 0.05 });
  targets.push({ name: 'request log and metrics: cost in server CPU per resize', target: '< 5%', value: `${(observe.cpuOverhead * 100).toFixed(1)}% (${observe.offCpuUs.toFixed(0)} → ${observe.onCpuUs.toFixed(0)} µs)`, met: observe.cpuOverhead < 0.05 });
  if (bigRow) targets.push({ name: `resize p99 at ${S.bigServers.toLocaleString('en-US')} servers`, target: '< 10 ms', value: `${bigRow.p99Ms.toFixed(2)} ms`, met: bigRow.p99Ms < 10 });
  const rssValues = [...load.map((l) => l.peakRssMb), ...starts.map((s) => s.peakRssMb)].filter((x): x is number => x !== null);
  if (rssValues.length) targets.push({ name: 'peak RSS while serving (every scenario)', target: '< 200 MB', value: `${Math.max(...rssValues)} MB`, met: Math.max(...rssValues) < 200 });
  const resetRow = harness.find((h) => h.id === 'harness-reset-memory');
  if (resetRow) targets.push({ name: 'harness reset(), demo world in memory (median)', target: '< 10 ms', value: `${resetRow.medianMs.toFixed(2)} ms`, met: resetRow.medianMs < 10 });
  const loadRss = worldLoads.map((w) => w.peakRssMb).filter((x): x is number => x !== null);
  if (loadRss.length) targets.push({ name: 'peak RSS while loading a world', target: '< 200 MB', value: `${Math.max(...loadRss)} MB`, met: Math.max(...loadRss) < 200 });
  for (const engine of ['sqlite', 'postgres']) {
    const fr = flat?.rows.filter((r) => r.engine === engine && !r.linear) ?? [];
    if (fr.length) targets.push({ name: `flat cost, ${engine}: every indexed operation within 1.5x from ${fr[0]!.from.toLocaleString('en-US')} to ${fr[0]!.to.toLocaleString('en-US')} servers`, target: '<= 1.5x', value: `worst ${Math.max(...fr.map((r) => r.ratio)).toFixed(2)}x (${fr.filter((r) => !r.pass).map((r) => r.op).join(', ') || 'all pass'})`, met: fr.every((r) => r.pass) });
  }

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    settings: { ...S, quick, note: 'servers run with --timing manual; NODE_EXTRA_CA_CERTS is not passed to servers (see bench/README.md)' },
    ceiling: { rps: ceiling.result.rps, p50Ms: ceiling.result.p50, p99Ms: ceiling.result.p99, runs: yardstick.bareRuns.map((b) => Math.round(b.rps)), min: ceiling.rps.min, max: ceiling.rps.max, serverCpuUs: median(yardstick.bareCpuUs), clientCpuUs: median(yardstick.clientCpuUs) },
    load,
    starts,
    worldLoads,
    skipped,
    targets,
    harness,
    ...(stages ? { stages } : {}),
    ...(flat ? { flat } : {}),
    seconds: (Date.now() - started) / 1000,
  };
  writeReport(join(resultsDir, quick ? 'quick.json' : 'latest.json'), join(resultsDir, quick ? 'quick.md' : 'latest.md'), report);
  log('');
  log(toMarkdown(report));
  log(`bare runs: ${yardstick.bareRuns.map((b) => Math.round(b.rps)).join(', ')} req/s (median ${Math.round(ceiling.rps.median)})`);
} finally {
  await yardstick.stop();
  rmSync(root, { recursive: true, force: true });
}
