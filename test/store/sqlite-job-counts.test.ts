// The jobs' counters by status (SQLite migration 9, read by the specshift_jobs gauge): kept by
// triggers in every write's transaction, so they always equal a count of the rows, through
// inserts, status changes, purges, rolled-back groups, wipes and snapshot restores; an existing
// data directory's jobs are counted when it is upgraded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { job, T0 } from './fixtures.js';

/** what the counters must equal: the rows themselves, counted */
function rowCounts(dir: string): Record<string, number> {
  const db = new Database(join(dir, 'specshift.db'), { readonly: true });
  try {
    return Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM jobs GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}

test('job counters follow inserts, status changes, purges, a rolled-back group, a snapshot restore and a wipe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-job-counts-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    const expect = async (want: Record<string, number>, why: string) => {
      assert.deepEqual(await store.reads.countJobsByStatus(), want, why);
      assert.deepEqual(rowCounts(dir), want, `${why}: the rows agree`);
    };
    await store.transaction(async (tx) => {
      await tx.insertJob(job('a', { status: 'RUNNING' }));
      await tx.insertJob(job('b', { status: 'RUNNING' }));
      await tx.insertJob(job('c', { status: 'PENDING_PAYMENT', dueAt: null }));
    });
    await expect({ RUNNING: 2, PENDING_PAYMENT: 1 }, 'after inserts');

    await store.transaction(async (tx) => {
      await tx.updateJob(job('a', { status: 'SUCCESS', dueAt: null, purgeAt: T0 + 10 }));
      // a write that keeps the status moves no counter
      await tx.updateJob(job('b', { status: 'RUNNING', phase: 'resizing' }));
    });
    await expect({ RUNNING: 1, SUCCESS: 1, PENDING_PAYMENT: 1 }, 'after a status change');

    // a group whose second body fails after writing is rolled back whole, then the first runs again
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => tx.updateJob(job('b', { status: 'FAIL', dueAt: null }))),
      store.transaction(async (tx) => {
        await tx.insertJob(job('doomed', { status: 'INIT' }));
        throw new Error('failed after writing');
      }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected']);
    await expect({ FAIL: 1, SUCCESS: 1, PENDING_PAYMENT: 1 }, 'after a group with a rolled-back body');

    await store.snapshot();
    await store.transaction(async (tx) => {
      assert.equal(await tx.purgeJobs(T0 + 20), 1);
      await tx.insertJob(job('d', { status: 'INIT' }));
    });
    await expect({ FAIL: 1, INIT: 1, PENDING_PAYMENT: 1 }, 'after a purge and an insert');
    assert.equal(await store.restoreSnapshot(), true);
    await expect({ FAIL: 1, SUCCESS: 1, PENDING_PAYMENT: 1 }, 'after the snapshot is restored');

    await store.transaction((tx) => tx.wipe());
    await expect({}, 'after a wipe');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data directory from before the job counters has its jobs counted when it is upgraded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-job-counts-'));
  try {
    const db = new Database(join(dir, 'specshift.db'));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (8)');
    for (const m of migrations.slice(0, 8)) db.exec(m);
    const insert = db.prepare('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES (?, ?, NULL, ?, NULL, NULL, ?, ?)');
    const statuses = ['SUCCESS', 'SUCCESS', 'FAIL', 'RUNNING', 'SUCCESS'];
    statuses.forEach((status, i) => insert.run(`old${i}`, 'acc1', status, T0 + i, JSON.stringify(job(`old${i}`, { status: status as 'SUCCESS' }))));
    db.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      assert.deepEqual(await store.reads.countJobsByStatus(), { SUCCESS: 3, FAIL: 1, RUNNING: 1 });
      await store.transaction((tx) => tx.updateJob(job('old3', { status: 'SUCCESS' })));
      assert.deepEqual(await store.reads.countJobsByStatus(), { SUCCESS: 4, FAIL: 1 });
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
