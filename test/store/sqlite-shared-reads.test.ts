// Reads outside a group share one read transaction per turn of the event loop (SqliteStore's
// openReads): it must always see the latest committed rows, never hold a write back, end by the
// next turn (a read transaction left open would keep every later checkpoint from finishing), and
// keep job documents in memory as reads outside a transaction do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { job, server } from './fixtures.js';

const nextTurn = () => new Promise((r) => setImmediate(r));
/** the connection (private): whether a transaction is open on it now */
const inTransaction = (store: SqliteStore) => (store as unknown as { db: { inTransaction: boolean } }).db.inTransaction;

test('a SQLite store: reads of one turn share a transaction that sees every commit and ends by the next turn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-shared-reads-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    await store.transaction((tx) => tx.insertServer(server('s1')));
    await nextTurn();
    assert.equal(inTransaction(store), false);

    // a read opens the turn's read transaction; the next turn finds it ended
    assert.equal((await store.reads.getServer('s1'))?.version, 1);
    assert.equal(inTransaction(store), true, 'the read transaction is open for the rest of the turn');
    await nextTurn();
    await nextTurn();
    assert.equal(inTransaction(store), false, 'ended at the check phase');

    // a write queued, then a read in the same turn: the group ends the read transaction before it
    // begins its own (BEGIN inside a transaction would fail), and the next read sees the write
    const s1 = (await store.reads.getServer('s1'))!;
    await nextTurn();
    await nextTurn();
    assert.equal(inTransaction(store), false);
    // the group's turn is queued first, the read transaction's end after it: the group must end it
    const written = store.transaction((tx) => tx.updateServer({ ...s1, name: 'renamed', version: 2 }));
    assert.equal((await store.reads.getServer('s1'))?.name, 'srv-s1', 'before the group: the committed row');
    await written;
    assert.equal((await store.reads.getServer('s1'))?.name, 'renamed', 'after the commit: the new row, in the same turn');
    assert.equal((await store.reads.listServers({ accountId: 'acc1', projectId: 'proj1', limit: 10 })).items[0]?.name, 'renamed');

    // many reads and writes interleaved over turns: every read sees the latest commit
    for (let v = 3; v <= 40; v++) {
      const before = (await store.reads.getServer('s1'))!;
      assert.equal(before.version, v - 1);
      await store.transaction((tx) => tx.updateServer({ ...before, name: `n${v}`, version: v }));
      assert.equal((await store.reads.getServer('s1'))?.name, `n${v}`);
      if (v % 3 === 0) await nextTurn();
    }

    // job documents read in the shared transaction are kept (they are committed rows), and an
    // update retires them
    await store.transaction((tx) => tx.insertJob(job('j1', { status: 'RUNNING' })));
    assert.equal((await store.reads.getJob('j1'))?.status, 'RUNNING');
    assert.equal((await store.reads.getJob('j1'))?.status, 'RUNNING');
    await store.transaction((tx) => tx.updateJob(job('j1', { status: 'SUCCESS', dueAt: null })));
    assert.equal((await store.reads.getJob('j1'))?.status, 'SUCCESS');

    await nextTurn();
    await nextTurn();
    assert.equal(inTransaction(store), false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a SQLite store closes with a read transaction open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-shared-reads-'));
  const store = new SqliteStore({ dataDir: dir });
  await store.transaction((tx) => tx.insertServer(server('s1')));
  assert.ok(await store.reads.getServer('s1'));
  assert.equal(inTransaction(store), true);
  await store.close();
  // reopened: the write is there, and nothing was left half-done
  const again = new SqliteStore({ dataDir: dir });
  try {
    assert.equal((await again.reads.getServer('s1'))?.id, 's1');
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
