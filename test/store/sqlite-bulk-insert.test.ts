// A transaction that inserts many servers (a world load) drops the servers' secondary indexes past
// a threshold and builds them again at its end, in the same transaction: what a reader sees after
// the commit is the same table with the same indexes; a body that fails takes nothing with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { server, T0 } from './fixtures.js';

const THRESHOLD = 50;
const indexes = (store: SqliteStore) =>
  ((store as unknown as { db: Database.Database }).db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'servers' ORDER BY name").all() as { name: string; sql: string | null }[]);
const planOf = (store: SqliteStore, sql: string) =>
  ((store as unknown as { db: Database.Database }).db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
const servers = (from: number, n: number, over: Parameters<typeof server>[1] = {}) =>
  Array.from({ length: n }, (_, i) => server(`srv-${String(from + i).padStart(6, '0')}`, { createdAt: T0 + ((from + i) * 7919) % 1000, flavorId: (from + i) % 3 ? 's6.large.2' : 's6.xlarge.2', ...over }));

test('a bulk insert past the threshold ends with every index of the servers in place and in use', async () => {
  const store = new SqliteStore({ dataDir: ':memory:', bulkInsertThreshold: THRESHOLD });
  try {
    const before = indexes(store);
    await store.transaction(async (tx) => {
      for (const s of servers(0, 3 * THRESHOLD)) await tx.insertServer(s);
    });
    assert.deepEqual(indexes(store), before, 'the same indexes, with the same definitions');
    assert.match(planOf(store, "SELECT doc FROM servers WHERE account_id = 'acc1' AND project_id = 'proj1' AND flavor_id = 's6.xlarge.2' ORDER BY created_at, id LIMIT 5"), /servers_listed_by_flavor/);
    const page = await store.reads.listServers({ accountId: 'acc1', projectId: 'proj1', flavorId: 's6.xlarge.2', limit: 5, offset: 0 });
    assert.equal(page.total, 50);
    const all = servers(0, 3 * THRESHOLD).filter((s) => s.flavorId === 's6.xlarge.2').sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    assert.deepEqual(page.items.map((s) => s.id), all.slice(0, 5).map((s) => s.id), 'the rebuilt index lists in (created_at, id) order');
  } finally {
    await store.close();
  }
});

test('a bulk insert that fails after the indexes were dropped leaves neither rows nor missing indexes, and its group neighbour commits', async () => {
  const store = new SqliteStore({ dataDir: ':memory:', bulkInsertThreshold: THRESHOLD });
  try {
    const before = indexes(store);
    // both in one group (one turn of the event loop): the failing one is rolled back to its savepoint
    const [failed, ok] = await Promise.allSettled([
      store.transaction(async (tx) => {
        for (const s of servers(0, 2 * THRESHOLD)) await tx.insertServer(s);
        throw new Error('the world file is wrong after all');
      }),
      store.transaction(async (tx) => tx.insertServer(server('lone'))),
    ]);
    assert.equal(failed.status, 'rejected');
    assert.equal(ok.status, 'fulfilled');
    assert.deepEqual(indexes(store), before);
    assert.equal(await store.reads.countServers(), 1);
    // alone in its group (no savepoint): the whole transaction rolls back, indexes included
    await assert.rejects(store.transaction(async (tx) => {
      for (const s of servers(1000, 2 * THRESHOLD)) await tx.insertServer(s);
      throw new Error('again');
    }));
    assert.deepEqual(indexes(store), before);
    assert.equal(await store.reads.countServers(), 1);
    // and the next bulk insert defers and rebuilds as usual
    await store.transaction(async (tx) => {
      for (const s of servers(2000, 2 * THRESHOLD)) await tx.insertServer(s);
    });
    assert.deepEqual(indexes(store), before);
    assert.equal(await store.reads.countServers(), 1 + 2 * THRESHOLD);
  } finally {
    await store.close();
  }
});
