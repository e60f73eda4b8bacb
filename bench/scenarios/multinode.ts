// Several specshift nodes on one PostgreSQL schema (docs/deploy.md), beside single-node SQLite:
// resize and job polling with 1, 2 and 3 nodes, the load spread evenly over the nodes (one
// autocannon per node, the connections split between them). On a 2-core machine the nodes, the
// database and the load generator share two cores, so more nodes cannot add throughput here: the
// figures show what coordinating through one database costs, not what a larger machine would gain.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startChildServer, type ChildServer } from '../../test/helpers/child-server.js';
import { DEMO } from '../../test/helpers/demo.js';
import { sdkDate, signHuawei } from '../lib/huawei-signer.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { BENCH_TARGETS, benchServerId, benchWorld } from '../lib/world-gen.js';
import type { Spread, Yardstick } from '../lib/yardstick.js';
import { mergeResults, spread } from './huawei.js';

export interface NodesResult {
  nodes: number;
  resize: LoadResult;
  poll: LoadResult;
  peakRssBytes: number | null;
  /** ratio to the bare runs right before and after (with the bench's yardstick; one run each) */
  resizeRatio?: Spread;
  pollRatio?: Spread;
}

async function withSchema<T>(databaseUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `specshift_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${name}`);
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP SCHEMA ${name} CASCADE`);
    await admin.end();
  }
}

/** One load spread over the nodes: each node gets its share of the requests and of the connections. */
async function spreadLoad(nodes: ChildServer[], make: (node: ChildServer, share: number) => ReturnType<typeof signHuawei>[], amountPerNode: number | undefined, connections: number, onReply?: (node: number, status: number, body: string) => void): Promise<LoadResult> {
  const per = Math.max(1, Math.floor(connections / nodes.length));
  const t0 = process.hrtime.bigint();
  const results = await Promise.all(
    nodes.map((n, i) => runLoad({ url: n.endpoint, requests: make(n, i), connections: per, ...(amountPerNode ? { amount: amountPerNode } : {}), maxSeconds: 120 }, onReply ? (_k, status, body) => onReply(i, status, body) : undefined)),
  );
  const merged = mergeResults(results);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ...merged, seconds, rps: merged.requests / seconds };
}

export async function multinodeScenario(databaseUrl: string, counts: { servers: number; warmup: number; resize: number; poll: number; connections: number }, yardstick?: Yardstick): Promise<NodesResult[]> {
  const out: NodesResult[] = [];
  // each measured run between two bare runs when the bench gives its yardstick
  const measure = async (run: () => Promise<LoadResult>): Promise<{ result: LoadResult; ratio?: Spread }> => {
    if (!yardstick) return { result: await run() };
    const p = await yardstick.interleave(1, run);
    return { result: p.result, ratio: p.ratio };
  };
  for (const n of [1, 2, 3]) {
    out.push(
      await withSchema(databaseUrl, async (url) => {
        const first = await startChildServer({ databaseUrl: url, world: benchWorld(counts.servers), timing: 'manual', startTimeoutMs: 300_000 });
        const nodes = [first, ...(await Promise.all(Array.from({ length: n - 1 }, () => startChildServer({ databaseUrl: url, timing: 'manual' }))))];
        try {
          const date = sdkDate(Date.now());
          const body = JSON.stringify({ resize: { flavorRef: BENCH_TARGETS[0] } });
          const all = spread(counts.servers, counts.warmup + counts.resize);
          // node i resizes its own slice of the servers, so no two requests fight over one server
          const slice = (from: number, count: number, node: ChildServer, i: number) =>
            all.slice(from, from + count).filter((_x, k) => k % nodes.length === i).map((s) =>
              signHuawei(DEMO, { method: 'POST', path: `/v1.1/${DEMO.project}/cloudservers/${benchServerId(s)}/resize`, host: new URL(node.endpoint).host, project: DEMO.project, body, date }),
            );
          await spreadLoad(nodes, (node, i) => slice(0, counts.warmup, node, i), undefined, counts.connections);
          const jobIds: string[] = [];
          const resize = await measure(() =>
            spreadLoad(nodes, (node, i) => slice(counts.warmup, counts.resize, node, i), undefined, counts.connections, (_n, status, b) => {
              if (status === 200) jobIds.push((JSON.parse(b) as { job_id: string }).job_id);
            }),
          );
          const polls = jobIds.slice(0, 2_000);
          const poll = await measure(() =>
            spreadLoad(
              nodes,
              (node) => polls.map((id) => signHuawei(DEMO, { method: 'GET', path: `/v1/${DEMO.project}/jobs/${id}`, host: new URL(node.endpoint).host, project: DEMO.project, date })),
              Math.floor(counts.poll / nodes.length),
              counts.connections,
            ),
          );
          const rss = nodes.map((x) => x.peakRssBytes()).filter((x): x is number => x !== null);
          return {
            nodes: n,
            resize: resize.result,
            poll: poll.result,
            peakRssBytes: rss.length ? Math.max(...rss) : null,
            ...(resize.ratio ? { resizeRatio: resize.ratio } : {}),
            ...(poll.ratio ? { pollRatio: poll.ratio } : {}),
          };
        } finally {
          await Promise.all(nodes.map((x) => x.stop()));
        }
      }),
    );
  }
  return out;
}
