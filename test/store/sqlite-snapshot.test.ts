// The SQLite store's snapshot (what a reset restores): every table back as it was, only the
// changed ones rewritten, a new world stamp, nothing of it in the data directory, and a data
// directory that restarts cleanly after a restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { account, credential, flavor, job, order, server, T0 } from './fixtures.js';

async function seed(store: SqliteStore): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.putAccount(account('acc1'));
    await tx.putCredential(credential('AK1', 'acc1'));
    await tx.putFlavor(flavor('s6.large.2'));
    await tx.putFlavor(flavor('s6.xlarge.2', 4));
    await tx.insertServer(server('srv1'));
    await tx.insertOrder(order('ord0'));
    await tx.insertOrder(order('ord0b', { createdAt: T0 + 1 }));
    await tx.setMeta('world.loadedAt', String(T0));
    await tx.putWorldDoc('kind', 'doc1', { a: 1 });
  });
}

const dump = (store: SqliteStore) =>
  Promise.all([
    store.reads.listAccounts(),
    store.reads.listCredentials(),
    store.reads.listFlavors(),
    store.reads.getServer('srv1'),
    store.reads.listJobs({ limit: 100 }),
    store.reads.listOrders(),
    // the order counters (a total) are restored with the orders
    store.reads.listOrderPage({ accountId: 'acc1', cloud: 'huawei', status: 'pending_payment', order: 'desc', limit: 10, total: true }),
    store.reads.getWorldDoc('kind'),
  ]);

test('restore puts every table back as the snapshot had it and stamps the world anew', async () => {
  const store = new SqliteStore({ dataDir: ':memory:' });
  try {
    assert.equal(await store.restoreSnapshot(), false, 'no snapshot yet: nothing done');
    await seed(store);
    await store.snapshot();
    const before = await dump(store);
    await store.transaction(async (tx) => {
      const s = (await tx.getServer('srv1'))!;
      await tx.updateServer({ ...s, flavorId: 's6.xlarge.2', version: s.version + 1 });
      await tx.insertJob(job('job1'));
      await tx.insertOrder(order('ord1'));
      await tx.insertOrder(order('ord2'));
      await tx.updateOrder(order('ord0', { status: 'completed', paidAt: T0 + 1 }));
      await tx.putAccount(account('acc1', { balanceCents: 1 }));
      await tx.putWorldDoc('kind', 'doc2', { b: 2 });
      await tx.deleteWorldDoc('kind', 'doc1');
    });
    assert.notDeepEqual(await dump(store), before);
    assert.equal(await store.restoreSnapshot(), true);
    assert.deepEqual(await dump(store), before);
    const stamp = Number(await store.reads.getMeta('world.loadedAt'));
    assert.ok(stamp > T0, 'a new stamp');
    // a second restore with nothing changed in between changes nothing but the stamp
    assert.equal(await store.restoreSnapshot(), true);
    assert.deepEqual(await dump(store), before);
    assert.ok(Number(await store.reads.getMeta('world.loadedAt')) > stamp);
  } finally {
    await store.close();
  }
});

test('only the tables changed since the snapshot are rewritten', async () => {
  const store = new SqliteStore({ dataDir: ':memory:' });
  try {
    await seed(store);
    await store.snapshot();
    await store.transaction(async (tx) => tx.insertJob(job('job1')));
    // a flavor row written behind the store's back (no trigger can miss a table it is on)
    const db = (store as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db;
    // the job's row, and its status counted by job_counts' trigger
    assert.deepEqual(db.prepare('SELECT name FROM temp.snap_dirty ORDER BY name').all(), [{ name: 'job_counts' }, { name: 'jobs' }]);
    await store.restoreSnapshot();
    assert.deepEqual(db.prepare('SELECT name FROM temp.snap_dirty ORDER BY name').all(), [{ name: 'meta' }], 'only the new stamp is pending');
    assert.deepEqual(await store.reads.listJobs({ limit: 10 }), []);
  } finally {
    await store.close();
  }
});

test('on a data directory the snapshot stays out of the directory, and a restore survives a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-snapshot-'));
  try {
    let store = new SqliteStore({ dataDir: dir });
    await seed(store);
    await store.snapshot();
    await store.transaction(async (tx) => tx.insertJob(job('job1')));
    await store.restoreSnapshot();
    const stamp = await store.reads.getMeta('world.loadedAt');
    assert.deepEqual(readdirSync(dir).sort(), ['specshift.db', 'specshift.db-shm', 'specshift.db-wal', 'specshift.lock', 'specshift.state.json'].filter((f) => readdirSync(dir).includes(f)).sort());
    assert.equal(JSON.parse(readFileSync(join(dir, 'specshift.state.json'), 'utf8')).worldLoadedAt, stamp, 'the state file knows the new stamp');
    await store.close();
    store = new SqliteStore({ dataDir: dir });
    assert.deepEqual(await store.reads.listJobs({ limit: 10 }), []);
    assert.equal((await store.reads.getServer('srv1'))?.id, 'srv1');
    assert.equal(await store.restoreSnapshot(), false, 'a snapshot does not outlive the process');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
