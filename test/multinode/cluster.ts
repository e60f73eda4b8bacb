// Three specshift nodes on one PostgreSQL schema, as docs/deploy.md runs them behind a load balancer:
// real `specshift serve` processes (so one can be killed with SIGKILL), short job leases and polls
// so a dead node's jobs move on within a second.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { packageFile } from '../../src/paths.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestSchema, type TestSchema } from '../store/engines.js';
import type { Timing } from '../../src/core/clock.js';

export const LEASE_MS = 800;
export const POLL_MS = 150;

export const RUNNING_PREFIX = 'mn-running';
export const STOPPED_PREFIX = 'mn-stopped';
export const PREPAID = ['d0c1e2f3-0001-4a5b-8c6d-00000000aa01', 'd0c1e2f3-0002-4a5b-8c6d-00000000aa02', 'd0c1e2f3-0003-4a5b-8c6d-00000000aa03'];

/** The demo world, plus running and stopped servers to fight over and three prepaid ones to batch. */
export function clusterWorld(perState: number): Record<string, any> {
  const w = JSON.parse(readFileSync(packageFile('data', 'demo-world.json'), 'utf8')) as Record<string, any>;
  delete w.$schema;
  w.huawei.generate_servers = [
    { count: perState, account: 'demo', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'ACTIVE', name_prefix: RUNNING_PREFIX },
    { count: perState, account: 'demo', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'SHUTOFF', name_prefix: STOPPED_PREFIX },
  ];
  for (const [i, id] of PREPAID.entries()) {
    w.huawei.servers.push({ id, name: `mn-prepaid-${i}`, account: 'demo', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'SHUTOFF', billing: 'prepaid' });
  }
  return w;
}

export interface Cluster {
  schema: TestSchema;
  nodes: ChildServer[];
  /** a node started again on the same schema (after a kill) */
  restart(i: number): Promise<void>;
  /** a query straight to the shared database, for what no API shows (row versions, claims) */
  sql<T = any>(text: string, values?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

export async function startCluster(databaseUrl: string, opts: { timing: Timing; perState?: number; world?: unknown }): Promise<Cluster> {
  const schema = await createTestSchema(databaseUrl);
  const args = ['--job-lease', String(LEASE_MS), '--job-poll', String(POLL_MS), '--db-pool', '4'];
  const start = (world?: unknown) => startChildServer({ databaseUrl: schema.url, timing: opts.timing, extraArgs: args, ...(world ? { world } : {}) });
  const db = new pg.Pool({ connectionString: schema.url, max: 2 });
  // the first node loads the world; the others find it there
  const nodes = [await start(opts.world ?? clusterWorld(opts.perState ?? 20))];
  nodes.push(...(await Promise.all([start(), start()])));
  return {
    schema,
    nodes,
    async restart(i) {
      nodes[i] = await start();
    },
    async sql(text, values) {
      return (await db.query(text, values)).rows;
    },
    async dispose() {
      await Promise.all(nodes.map((n) => n.dispose()));
      await db.end();
      await schema.drop();
    },
  };
}

export async function control(node: ChildServer, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${node.endpoint}/_specshift/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.json();
}
