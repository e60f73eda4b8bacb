// The in-process harness (src/harness/), as a test suite uses it, in this process: how long
// startSpecshift() takes, how long reset() takes between tests (in memory and on a data directory,
// and the reload it replaces), and what each way of isolating tests on one shared server costs
// (an account per test with tenant(), a whole world under a prefix with namespace()).
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSpecshift, type Specshift } from '../../src/index.js';
import { readWorldFile } from '../../src/server/create-server.js';

const require = createRequire(import.meta.url);
const ecs = require('@huaweicloud/huaweicloud-sdk-ecs') as any;
const core = require('@huaweicloud/huaweicloud-sdk-core') as any;

export interface HarnessRow {
  id: string;
  title: string;
  n: number;
  medianMs: number;
  p99Ms: number;
}

export interface HarnessCounts {
  starts: number;
  resets: number;
  reloads: number;
  tenants: number;
  namespaces: number;
}

const WEB01 = 'a0c1e2f3-0001-4a5b-8c6d-000000000001';

function row(id: string, title: string, xs: number[]): HarnessRow {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { id, title, n: s.length, medianMs: at(0.5), p99Ms: at(0.99) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One resize through the official SDK and the clock moved: what a test does before the next reset. */
async function dirty(cloud: Specshift, client: any, i: number): Promise<void> {
  await client.resizeServer(
    new ecs.ResizeServerRequest()
      .withServerId(WEB01)
      .withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(i % 2 ? 's6.xlarge.2' : 's6.2xlarge.4'))),
  );
  await cloud.advance(10);
}

async function resets(cloud: Specshift, n: number): Promise<number[]> {
  const client = cloud.huawei.ecsClient(ecs, core);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await dirty(cloud, client, i);
    out.push(await timed(() => cloud.reset()));
  }
  return out;
}

const PACKAGE_ENTRY = fileURLToPath(new URL('../../src/package-entry.js', import.meta.url));

/**
 * A test file's own start, as node --test, Jest or Vitest give each file a process: node's start,
 * `import { startSpecshift } from 'specshift'` and the first startSpecshift(), read in the child as
 * performance.now() (milliseconds since the process began) once the harness answers. `sources`:
 * the compiled sources instead of the bundle (SPECSHIFT_NO_BUNDLE=1, what the package loaded before
 * the sixteenth pass).
 */
async function newProcessStart(sources: boolean): Promise<number> {
  const script = `import { startSpecshift } from ${JSON.stringify(PACKAGE_ENTRY)};
const s = await startSpecshift({ timing: 'manual' });
const ms = performance.now();
await s.close();
process.stdout.write(String(ms));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, SPECSHIFT_NO_BUNDLE: sources ? '1' : '0' } });
  return Number(stdout);
}

export async function harnessScenario(root: string, c: HarnessCounts, log: (s: string) => void): Promise<HarnessRow[]> {
  const rows: HarnessRow[] = [];
  // a test file's process from its start to its first harness: the package's bundle and the
  // compiled sources, alternated
  const viaBundle: number[] = [];
  const viaSources: number[] = [];
  for (let i = 0; i < c.starts; i++) {
    viaBundle.push(await newProcessStart(false));
    viaSources.push(await newProcessStart(true));
  }
  rows.push(row('harness-process-bundle', "a new process to its first startSpecshift(): node's start, import 'specshift' (the bundle), the demo world in memory", viaBundle));
  rows.push(row('harness-process-sources', 'the same, the package entry taking the compiled sources (SPECSHIFT_NO_BUNDLE=1)', viaSources));
  log(`  a new process to its first harness: ${rows[0]!.medianMs.toFixed(0)} ms with the bundle, ${rows[1]!.medianMs.toFixed(0)} ms with the sources`);
  // the first start in a process also loads specshift's modules (a test worker's first file)
  let first!: Specshift;
  const firstMs = await timed(async () => {
    first = await startSpecshift({ timing: 'manual' });
  });
  await first.close();
  rows.push({ id: 'harness-start-first', title: 'startSpecshift(), demo world in memory, first in the process (modules loaded)', n: 1, medianMs: firstMs, p99Ms: firstMs });
  const starts: number[] = [];
  for (let i = 0; i < c.starts; i++) {
    let s!: Specshift;
    starts.push(await timed(async () => (s = await startSpecshift({ timing: 'manual' }))));
    await s.close();
  }
  rows.push(row('harness-start', 'startSpecshift(), demo world in memory (close() not counted)', starts));
  log(`  harness start: first ${firstMs.toFixed(0)} ms, then median ${rows.at(-1)!.medianMs.toFixed(1)} ms`);

  // reset() in memory, each after a resize and a clock advance
  const mem = await startSpecshift({ timing: 'manual' });
  try {
    rows.push(row('harness-reset-memory', 'reset(), demo world in memory, after a resize', await resets(mem, c.resets)));
    // what a reset cost before snapshots: the world loaded again (POST /_specshift/world)
    const world = readWorldFile(undefined);
    const reloads: number[] = [];
    for (let i = 0; i < c.reloads; i++) reloads.push(await timed(() => mem.control('POST', 'world', world)));
    rows.push(row('harness-reload-memory', 'the demo world loaded again instead (POST /_specshift/world), in memory', reloads));

    // isolation on one shared server: an account per test, a world per file
    await mem.reset();
    const tenants: number[] = [];
    for (let i = 0; i < c.tenants; i++) tenants.push(await timed(() => mem.tenant()));
    rows.push(row('harness-tenant', `tenant(): a copy of the demo account and what it owns (${c.tenants} on one server)`, tenants));
    await mem.reset();
    const namespaces: number[] = [];
    for (let i = 0; i < c.namespaces; i++) namespaces.push(await timed(() => mem.namespace()));
    rows.push(row('harness-namespace', `namespace(): the whole demo world under a prefix (${c.namespaces} on one server)`, namespaces));
    await mem.reset();
  } finally {
    await mem.close();
  }

  // reset() on a data directory: every restore is a committed transaction
  const dir = mkdtempSync(join(root, 'harness-'));
  const disk = await startSpecshift({ timing: 'manual', store: { dataDir: join(dir, 'data') } });
  try {
    rows.push(row('harness-reset-disk', 'reset(), demo world on a SQLite data directory, after a resize', await resets(disk, Math.max(10, Math.floor(c.resets / 2)))));
  } finally {
    await disk.close();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const r of rows.slice(4)) log(`  ${r.title}: median ${r.medianMs.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (${r.n})`);
  return rows;
}
