// `npm run test:reliability` ends with one plain line adding up what every suite file recorded.
// Inert when the test runner loads it as a file under test/ (it acts only with --print, or with
// --clear, which the scripts run first so counts left by an earlier `npm test` are not added in).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.env.SPECSHIFT_RELIABILITY_COUNTS ?? join(tmpdir(), 'specshift-reliability-counts');
if (process.argv.includes('--clear')) rmSync(dir, { recursive: true, force: true });
if (process.argv.includes('--print')) {
  let cycles = 0;
  let inputs = 0;
  let refusals = 0;
  let requests = 0;
  const figures: string[] = [];
  const seeds = new Set<number>();
  const suites: string[] = [];
  for (const f of (existsSync(dir) ? readdirSync(dir) : []).filter((x) => x.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { suite: string; cycles?: number; inputs?: number; refusals?: number; requests?: number; figures?: string; seed?: number };
    requests += c.requests ?? 0;
    if (c.figures) figures.push(`${c.suite}: ${c.figures}`);
    if (c.seed !== undefined) seeds.add(c.seed);
    cycles += c.cycles ?? 0;
    inputs += c.inputs ?? 0;
    refusals += c.refusals ?? 0;
    suites.push(c.suite);
  }
  rmSync(dir, { recursive: true, force: true });
  const load = requests ? `, ${requests} requests of soak load` : '';
  const more = figures.length ? `; ${figures.join('; ')}` : '';
  process.stdout.write(`reliability totals (${suites.sort().join(', ')}): ${cycles} crash cycles, ${inputs} inputs tried${load}, ${refusals} refusals (seed ${[...seeds].join(', ')})${more}\n`);
}
