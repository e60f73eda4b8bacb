// The yardstick every throughput figure is read against: a bare node:http server (bench/bare-server.ts)
// measured right before and right after each run of a scenario (bare, X, bare, X, ..., bare), so a
// busy spell of the shared machine weighs on both sides of a ratio alike. Each run's ratio is its
// req/s over the mean of the two bare runs around it; a scenario reports the median ratio and the
// spread of its runs' ratios (min-max and interquartile range), which says how far apart two
// figures must be before they differ by more than the noise.
import { runLoad, type LoadResult } from './load.js';
import { startBareServer, type BareServer } from './processes.js';
import { cpuSeconds } from './cpu.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** first and third quartiles (linear interpolation between the sorted values) */
  q1: number;
  q3: number;
}

export interface PairedResult {
  /** the runs merged: latencies pooled; req/s of the median run */
  result: LoadResult;
  /** every run of the scenario, in order */
  runs: LoadResult[];
  /** req/s of each run of the scenario */
  rps: number[];
  /** req/s of the bare runs: before the first run, between the runs, after the last */
  bareRps: number[];
  /** each run's req/s over the mean of the bare runs before and after it */
  ratios: number[];
  ratio: Spread;
  /** the server's CPU time per request (utime + stime from /proc) of each run, when its pid was given */
  cpuUs?: number[];
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function spreadOf(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
}

/** Rounds measured separately, reported as one run: latencies pooled, throughput over the summed time. */
export function mergeResults(rs: readonly LoadResult[]): LoadResult {
  const requests = rs.reduce((a, r) => a + r.requests, 0);
  const seconds = rs.reduce((a, r) => a + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const lat = new Float64Array(rs.reduce((a, r) => a + r.latencies.length, 0));
  let at = 0;
  for (const r of rs) {
    lat.set(r.latencies, at);
    at += r.latencies.length;
  }
  lat.sort();
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] ?? NaN;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: pct(50),
    p99: pct(99),
    max: lat.length ? lat[lat.length - 1]! : NaN,
    statuses,
    errors: rs.reduce((a, r) => a + r.errors, 0),
    failures: rs.flatMap((r) => r.failures).slice(0, 5),
    latencies: lat,
  };
}

/** Latencies pooled over the runs, throughput of the median run (one slow run moves neither much). */
export function pooled(rs: readonly LoadResult[]): LoadResult {
  const merged = mergeResults(rs);
  const rps = [...rs.map((r) => r.rps)].sort((a, b) => a - b)[Math.floor((rs.length - 1) / 2)] ?? NaN;
  return { ...merged, rps, seconds: merged.requests / rps };
}

/** Each run's req/s over the mean of the bare runs right before and after it (`bare` has one more entry than `runs`). */
export function ratiosBetween(runs: readonly number[], bare: readonly number[]): number[] {
  if (bare.length !== runs.length + 1) throw new Error(`${runs.length} runs need ${runs.length + 1} bare runs around them, not ${bare.length}`);
  return runs.map((x, i) => x / ((bare[i]! + bare[i + 1]!) / 2));
}

export interface YardstickOptions {
  connections: number;
  /** requests in each bare run (~20,000 req/s on the 2-core VM: 15,000 is under a second) */
  perRun: number;
  /** requests sent once when the bare server starts, not measured */
  warmup: number;
  log?: (s: string) => void;
}

/**
 * One bare server for the whole bench (idle between its runs, so it takes nothing from the
 * scenarios), and the record of every bare run for the report's ceiling row.
 */
export class Yardstick {
  /** every bare run of the bench, in order */
  readonly bareRuns: LoadResult[] = [];
  private constructor(private readonly bare: BareServer, private readonly opts: YardstickOptions) {}

  static async start(opts: YardstickOptions): Promise<Yardstick> {
    const y = new Yardstick(await startBareServer(), opts);
    await runLoad({ url: y.bare.url, requests: BARE_REQUEST, connections: opts.connections, amount: opts.warmup });
    return y;
  }

  /**
   * CPU time per request of each bare run, in µs: the bare server's (utime + stime from /proc) and
   * this process's, which is the load generator's (autocannon runs here). On a 2-core machine the
   * two share the cores, so these say how much of the ceiling is the load generator's own cost.
   */
  readonly bareCpuUs: number[] = [];
  readonly clientCpuUs: number[] = [];

  /** One measured bare run. */
  async bareRun(): Promise<LoadResult> {
    const s0 = cpuSeconds(this.bare.pid);
    const c0 = process.cpuUsage();
    const r = await runLoad({ url: this.bare.url, requests: BARE_REQUEST, connections: this.opts.connections, amount: this.opts.perRun });
    const c = process.cpuUsage(c0);
    this.bareCpuUs.push(((cpuSeconds(this.bare.pid) - s0) / r.requests) * 1e6);
    this.clientCpuUs.push((c.user + c.system) / r.requests);
    this.bareRuns.push(r);
    return r;
  }

  /**
   * `runs` runs of a scenario, each between two bare runs: bare, run(0), bare, run(1), ..., bare.
   * `run(i)` must measure only what the ratio is about (warm-up and set-up belong before the call).
   * With `pid` (the server's), each run's server CPU time per request is read from /proc around it.
   */
  async interleave(runs: number, run: (i: number) => Promise<LoadResult>, opts: { pid?: number } = {}): Promise<PairedResult> {
    const bare = [await this.bareRun()];
    const xs: LoadResult[] = [];
    const cpuUs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c0 = opts.pid !== undefined ? cpuSeconds(opts.pid) : 0;
      const x = await run(i);
      if (opts.pid !== undefined) cpuUs.push(((cpuSeconds(opts.pid) - c0) / x.requests) * 1e6);
      xs.push(x);
      bare.push(await this.bareRun());
    }
    const bareRps = bare.map((b) => b.rps);
    const rps = xs.map((x) => x.rps);
    const ratios = ratiosBetween(rps, bareRps);
    this.opts.log?.(`    runs ${rps.map(Math.round).join(', ')} req/s; bare ${bareRps.map(Math.round).join(', ')}; ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}${cpuUs.length ? `; server CPU ${cpuUs.map(Math.round).join(', ')} µs per request` : ''}`);
    return { result: pooled(xs), runs: xs, rps, bareRps, ratios, ratio: spreadOf(ratios), ...(cpuUs.length ? { cpuUs } : {}) };
  }

  /** The ceiling over every bare run so far: median run's req/s, pooled latencies. */
  ceiling(): { result: LoadResult; rps: Spread } {
    return { result: pooled(this.bareRuns), rps: spreadOf(this.bareRuns.map((b) => b.rps)) };
  }

  stop(): Promise<void> {
    return this.bare.stop();
  }
}

/** What the bare server is sent: a resize-sized request (it answers every path alike). */
export const BARE_REQUEST = [{ method: 'POST', path: '/v1.1/p/cloudservers/s/resize', headers: { 'content-type': 'application/json' }, body: '{"resize":{"flavorRef":"s6.xlarge.2"}}' }];
