// Status-filtered listings on SQLite (migration 10, store/server-states.ts): each (vm_state,
// task_state) pair paged through servers_listed_by_state and merged, the total from
// server_state_counts. The page must be exactly what filtering every server and sorting would give
// (offsets, markers, positions, ties on created_at, a marker that names no server), and the counters
// must equal a count of the rows through every kind of write and an upgrade from schema 9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Server, TaskState, VmState } from '../../src/core/model/types.js';
import type { ServerQuery } from '../../src/core/model/store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { server, T0 } from './fixtures.js';

const VMS: VmState[] = ['active', 'stopped', 'error'];
const TASKS: TaskState[] = [null, 'powering-off', 'powering-on', 'resize_prep'];

/** 300 servers in two projects, states cycling, created_at with ties (three servers per millisecond) */
const servers: Server[] = Array.from({ length: 300 }, (_, i) =>
  server(`s-${String((i * 7919) % 1000).padStart(4, '0')}-${i}`, {
    projectId: i % 5 === 0 ? 'proj2' : 'proj1',
    vmState: VMS[i % 3]!,
    taskState: TASKS[Math.floor(i / 3) % 4]!,
    createdAt: T0 + Math.floor(i / 3),
  }),
);

/** what a listing must return: every server filtered, sorted by (createdAt, id), then paged */
function expected(all: Server[], q: ServerQuery): { total: number; ids: string[] } {
  const match = all.filter(
    (s) => s.accountId === q.accountId && s.projectId === q.projectId && q.statusIn!.some((alt) => alt.vmState === s.vmState && alt.taskStates.includes(s.taskState)),
  );
  match.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let rest = match;
  const after: { createdAt: number; id: string }[] = [];
  if (q.afterId) {
    const m = all.find((s) => s.id === q.afterId);
    if (!m) return { total: match.length, ids: [] };
    after.push(m);
  }
  if (q.after) after.push(q.after);
  for (const p of after) rest = rest.filter((s) => s.createdAt > p.createdAt || (s.createdAt === p.createdAt && s.id > p.id));
  const from = q.offset ?? 0;
  return { total: match.length, ids: rest.slice(from, from + q.limit).map((s) => s.id) };
}

async function withStore(fn: (store: SqliteStore, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-state-listing-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a status-filtered page is the filtered, sorted servers: offsets, markers, positions, ties, no match', async () => {
  await withStore(async (store) => {
    await store.transaction(async (tx) => {
      for (const s of servers) await tx.insertServer(s);
    });
    const filters: NonNullable<ServerQuery['statusIn']>[] = [
      [{ vmState: 'stopped', taskStates: [null] }],
      [{ vmState: 'stopped', taskStates: [null, 'powering-on', 'resize_prep'] }],
      [{ vmState: 'stopped', taskStates: ['resize_prep'] }, { vmState: 'active', taskStates: ['resize_prep'] }],
      [{ vmState: 'active', taskStates: [null, 'powering-on'] }, { vmState: 'error', taskStates: [null, 'powering-off', 'powering-on'] }],
      [{ vmState: 'error', taskStates: ['resize_finish'] }],
      [],
    ];
    const mid = [...servers].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))[150]!;
    let checked = 0;
    for (const statusIn of filters) {
      for (const projectId of ['proj1', 'proj2']) {
        const pagings: Partial<ServerQuery>[] = [
          { limit: 25 },
          { limit: 7, offset: 14 },
          { limit: 1000 },
          { limit: 5, afterId: mid.id },
          { limit: 5, after: { createdAt: mid.createdAt, id: mid.id } },
          { limit: 5, after: { createdAt: mid.createdAt - 1, id: '' }, afterId: mid.id },
          { limit: 5, afterId: 'no-such-server' },
        ];
        for (const paging of pagings) {
          const q: ServerQuery = { accountId: 'acc1', projectId, statusIn, limit: 25, ...paging };
          const got = await store.reads.listServers(q);
          const want = expected(servers, q);
          assert.deepEqual({ total: got.total, ids: got.items.map((s) => s.id) }, want, JSON.stringify(q));
          checked++;
        }
      }
    }
    assert.equal(checked, 84);
    // another account's servers are never counted or listed
    const other = await store.reads.listServers({ accountId: 'acc2', projectId: 'proj1', statusIn: [{ vmState: 'stopped', taskStates: [null] }], limit: 25 });
    assert.deepEqual([other.total, other.items.length], [0, 0]);
  });
});

/** rows of the data directory's database, each as one string, sorted (read from outside the store) */
function readRows(dir: string, sql: string): string[] {
  const db = new Database(join(dir, 'specshift.db'), { readonly: true });
  try {
    return (db.prepare(sql).all() as Record<string, unknown>[]).map((r) => `${r.a}/${r.p}/${r.v}/${r.t}=${r.n}`).sort();
  } finally {
    db.close();
  }
}

/** what the counters must equal: the rows, counted */
const rowCounts = (dir: string) => readRows(dir, "SELECT account_id AS a, project_id AS p, vm_state AS v, coalesce(task_state, '') AS t, count(*) AS n FROM servers GROUP BY 1, 2, 3, 4");
const counters = (dir: string) => readRows(dir, 'SELECT account_id AS a, project_id AS p, vm_state AS v, task_state AS t, count AS n FROM server_state_counts WHERE count > 0');

test('the state counters follow inserts, state changes, a rolled-back group, a snapshot restore and a wipe', async () => {
  await withStore(async (store, dir) => {
    const same = async (why: string) => {
      await store.transaction(async () => undefined); // a commit between: the files are read from outside
      assert.deepEqual(counters(dir), rowCounts(dir), why);
    };
    await store.transaction(async (tx) => {
      for (const s of servers.slice(0, 30)) await tx.insertServer(s);
    });
    await same('after inserts');
    const s0 = (await store.reads.getServer(servers[0]!.id))!;
    await store.transaction((tx) => tx.updateServer({ ...s0, taskState: 'resize_prep', version: s0.version + 1 }));
    await same('after a task change');
    const s1 = (await store.reads.getServer(servers[1]!.id))!;
    await store.transaction((tx) => tx.updateServer({ ...s1, vmState: 'stopped', taskState: null, version: s1.version + 1 }));
    await same('after a power change');
    const s2 = (await store.reads.getServer(servers[2]!.id))!;
    await store.transaction((tx) => tx.updateServer({ ...s2, name: 'renamed', version: s2.version + 1 }));
    await same('after a write that changes no state');
    await assert.rejects(
      store.transaction(async (tx) => {
        const s3 = (await tx.getServer(servers[3]!.id))!;
        await tx.updateServer({ ...s3, vmState: 'error', version: s3.version + 1 });
        throw new Error('failed after writing');
      }),
    );
    await same('after a rolled-back state change');
    await store.snapshot();
    await store.transaction(async (tx) => {
      for (const s of servers.slice(30, 40)) await tx.insertServer(s);
      const s4 = (await tx.getServer(servers[4]!.id))!;
      await tx.updateServer({ ...s4, vmState: 'active', taskState: 'powering-off', version: s4.version + 1 });
    });
    await same('after inserts and a change since the snapshot');
    assert.equal(await store.restoreSnapshot(), true);
    await same('after a snapshot restore');
    await store.transaction((tx) => tx.wipe());
    assert.deepEqual(counters(dir), [], 'after a wipe');
  });
});

test('a data directory from before the state counters has its servers counted and indexed when it is upgraded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-state-listing-'));
  try {
    const db = new Database(join(dir, 'specshift.db'));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (9)');
    for (const m of migrations.slice(0, 9)) db.exec(m);
    const insert = db.prepare('INSERT INTO servers (id, account_id, project_id, name, flavor_id, vm_state, task_state, created_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const s of servers.slice(0, 60)) insert.run(s.id, s.accountId, s.projectId, s.name, s.flavorId, s.vmState, s.taskState, s.createdAt, s.version, JSON.stringify(s));
    db.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      assert.deepEqual(counters(dir), rowCounts(dir));
      const q: ServerQuery = { accountId: 'acc1', projectId: 'proj1', statusIn: [{ vmState: 'active', taskStates: [null, 'powering-off'] }], limit: 10 };
      const got = await store.reads.listServers(q);
      assert.deepEqual({ total: got.total, ids: got.items.map((s) => s.id) }, expected(servers.slice(0, 60), q));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
