// Results as JSON (bench/results/latest.json) and a Markdown table (bench/results/latest.md).
import type { FlatReport } from '../scenarios/flat.js';
import { flatMarkdown } from './flat-report.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';

export interface LoadRow {
  id: string;
  title: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** median over the runs of each run's req/s / the bare runs' around it (bench/lib/yardstick.ts) */
  ratio: number;
  /** spread of the runs' ratios: min, max, quartiles; absent for a row not run between bare runs */
  ratioSpread?: { min: number; max: number; q1: number; q3: number };
  /** each measured run's req/s and ratio, in order */
  runRps?: number[];
  ratios?: number[];
  /** the server's CPU time per request (utime + stime, median run), where it was measured */
  cpuUs?: number;
  peakRssMb: number | null;
  non2xx: number;
  note?: string;
}

export interface StartRow {
  id: string;
  title: string;
  /** median of the runs */
  ms: number;
  runs: number[];
  peakRssMb: number | null;
}

export interface TargetRow {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

export interface BenchReport {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; platform: string };
  settings: Record<string, unknown>;
  /** every bare run of the bench: median run's req/s, pooled latencies, spread of the runs' req/s */
  ceiling: { rps: number; p50Ms: number; p99Ms: number; runs: number[]; min?: number; max?: number; serverCpuUs?: number; clientCpuUs?: number };
  load: LoadRow[];
  starts: StartRow[];
  worldLoads: { servers: number; seconds: number; peakRssMb: number | null; note?: string }[];
  skipped: { id: string; reason: string }[];
  targets: TargetRow[];
  /** the in-process harness: start, reset() and per-test isolation (bench/scenarios/harness.ts) */
  harness?: { id: string; title: string; n: number; medianMs: number; p99Ms: number }[];
  /** one resize stage by stage, in process (bench/scenarios/stages.ts), and how the sum compares with the load run */
  stages?: { rows: { stage: string; us: number; note: string }[]; summary: string[] };
  /** each operation at 1,000 / 100,000 / 1,000,000 servers (bench/scenarios/flat.ts) */
  flat?: FlatReport;
  seconds: number;
}

export const mb = (bytes: number | null): number | null => (bytes === null ? null : Math.round(bytes / 1024 / 1024));
const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function machine(): BenchReport['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
}

export function toMarkdown(r: BenchReport): string {
  const lines = [
    `# specshift benchmark: latest run`,
    '',
    `${r.generatedAt}, ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memGiB} GiB, node ${r.machine.node}; load generator and server on the same machine, 127.0.0.1, ${String(r.settings.connections)} connections. Reproduce with \`npm run bench\` (see bench/README.md).`,
    '',
    'Every run of a scenario sits between two bare node:http runs (bare, X, bare, X, ..., bare); a run\'s ratio is its req/s over the mean of those two. "vs bare" is the median of the runs\' ratios, "spread" their min-max and, in brackets, interquartile range. Two figures whose spreads overlap are not told apart by this run.',
    '',
    '| scenario | runs | requests | req/s (median run) | vs bare | spread min-max (IQR) | p50 ms | p99 ms | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    `| bare node:http, fixed JSON (the ceiling${r.ceiling.serverCpuUs !== undefined ? `; server CPU ${Math.round(r.ceiling.serverCpuUs)} µs per request, load generator ${Math.round(r.ceiling.clientCpuUs ?? NaN)} µs` : ''}) | ${r.ceiling.runs.length} | | ${Math.round(r.ceiling.rps)} | 1.00 | ${r.ceiling.min !== undefined ? `${Math.round(r.ceiling.min)}-${Math.round(r.ceiling.max!)} req/s` : ''} | ${f(r.ceiling.p50Ms)} | ${f(r.ceiling.p99Ms)} | |`,
  ];
  for (const l of r.load) {
    const sp = l.ratioSpread && (l.runRps?.length ?? 1) > 1 ? `${f(l.ratioSpread.min)}-${f(l.ratioSpread.max)} (${f(l.ratioSpread.q1)}-${f(l.ratioSpread.q3)})` : l.ratioSpread ? 'one run' : 'not between bare runs';
    lines.push(`| ${l.title}${l.note ? ` (${l.note})` : ''} | ${l.runRps?.length ?? 1} | ${l.requests} | ${Math.round(l.rps)} | ${f(l.ratio)} | ${sp} | ${f(l.p50Ms)} | ${f(l.p99Ms)} | ${l.peakRssMb ?? ''} |`);
  }
  lines.push('', '| start | median ms | runs (ms) | peak RSS MB |', '| --- | ---: | --- | ---: |');
  for (const s of r.starts) lines.push(`| ${s.title} | ${Math.round(s.ms)} | ${s.runs.map((x) => Math.round(x)).join(', ')} | ${s.peakRssMb ?? ''} |`);
  if (r.worldLoads.length) {
    lines.push('', '| world generated and loaded (first start) | seconds | peak RSS MB |', '| --- | ---: | ---: |');
    for (const w of r.worldLoads) lines.push(`| ${w.servers.toLocaleString('en-US')} servers${w.note ? ` (${w.note})` : ''} | ${f(w.seconds, 1)} | ${w.peakRssMb ?? ''} |`);
  }
  if (r.harness?.length) {
    lines.push('', '| in-process harness (bench/scenarios/harness.ts) | n | median ms | p99 ms |', '| --- | ---: | ---: | ---: |');
    for (const h of r.harness) lines.push(`| ${h.title} | ${h.n} | ${f(h.medianMs)} | ${f(h.p99Ms)} |`);
  }
  if (r.stages?.rows.length) {
    lines.push('', '| stage of one resize, in process (bench/scenarios/stages.ts) | µs per request | |', '| --- | ---: | --- |');
    for (const st of r.stages.rows) lines.push(`| ${st.stage} | ${f(st.us, 1)} | ${st.note} |`);
    if (r.stages.summary.length) lines.push('', ...r.stages.summary.map((x) => `- ${x}`));
  }
  if (r.flat) lines.push('', ...flatMarkdown(r.flat).map((l) => l.replace(/^## /, '### ')));
  lines.push('', '| target | wanted | measured | met |', '| --- | --- | --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
  if (r.skipped.length) {
    lines.push('', 'Skipped:');
    for (const s of r.skipped) lines.push(`- ${s.id}: ${s.reason}`);
  }
  lines.push('', `Whole run: ${Math.round(r.seconds)} s.`, '');
  return lines.join('\n');
}

export function writeReport(jsonFile: string, mdFile: string, r: BenchReport): void {
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(mdFile, toMarkdown(r));
}
