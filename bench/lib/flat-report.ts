// The flat-cost table (bench/scenarios/flat.ts) as Markdown, for latest.md and `dist/bench/flat.js`.
import type { FlatReport } from '../scenarios/flat.js';

const n = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : String(Math.round(x)));

export function flatMarkdown(r: FlatReport): string[] {
  if (!r.rows.length) return r.skipped.map((s) => `Flat cost: skipped (${s})`);
  const sizes = [...new Set(r.rows.flatMap((row) => Object.keys(row.rps).map(Number)))].sort((a, b) => a - b);
  const lines = [
    '## Flat cost: each operation at 1,000 / 100,000 / 1,000,000 servers',
    '',
    'req/s of the median run per world size (bench/scenarios/flat.ts); "cost ratio" is req/s at the smallest world over req/s at the largest, held to <= 1.5. Operations marked "not flat" are expected to grow, for the reason given.',
    '',
    `| engine | operation | ${sizes.map((s) => `${s.toLocaleString('en-US')}`).join(' | ')} | cost ratio | <= 1.5 |`,
    `| --- | --- | ${sizes.map(() => '---:').join(' | ')} | ---: | --- |`,
  ];
  for (const row of r.rows) {
    const verdict = row.pass ? 'pass' : row.linear ? `fail (not flat: ${row.linear})` : 'FAIL';
    lines.push(`| ${row.engine} | ${row.title} | ${sizes.map((s) => n(row.rps[s])).join(' | ')} | ${row.ratio.toFixed(2)} (${row.from.toLocaleString('en-US')} → ${row.to.toLocaleString('en-US')}) | ${verdict} |`);
  }
  if (r.loads.length) lines.push('', `World loads: ${r.loads.map((l) => `${l.engine} ${l.servers.toLocaleString('en-US')} in ${l.seconds.toFixed(1)} s`).join('; ')}.`);
  for (const s of r.skipped) lines.push('', `Skipped: ${s}.`);
  return lines;
}
