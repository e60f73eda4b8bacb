// `node dist/bench/flat.js [--quick]`: the flat-cost scenarios alone (bench/scenarios/flat.ts), the
// same as in `npm run bench`; prints the table. DATABASE_URL adds PostgreSQL (SPECSHIFT_BENCH_PG_1M=0:
// without its 1,000,000-server world).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flatMarkdown } from './lib/flat-report.js';
import { flatCounts, flatScenario } from './scenarios/flat.js';

const quick = process.argv.includes('--quick');
const root = mkdtempSync(join(tmpdir(), 'specshift-flat-'));
const log = (s: string) => process.stdout.write(s + '\n');
try {
  const t0 = Date.now();
  const report = await flatScenario(root, flatCounts(quick), process.env.DATABASE_URL || process.env.SPECSHIFT_BENCH_DATABASE_URL, log);
  log('');
  log(flatMarkdown(report).join('\n'));
  log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
