// The job documents a SQLite store keeps between writes (committed-docs.ts): a job read outside a
// transaction is answered from memory while no row has changed since, and never once anything
// could have changed it: an update, a rolled-back group, a purge, a snapshot restore, a wipe, a
// read of uncommitted rows inside an open transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CommittedDocs } from '../../src/store/sqlite/committed-docs.js';
import { job, T0 } from './fixtures.js';

test('CommittedDocs: an entry lives while the change count stands still, and is made only outside a transaction', () => {
  let changes = 0;
  let inTx = false;
  const docs = new CommittedDocs(() => changes, () => inTx, 2);
  assert.equal(docs.get('a'), undefined);
  docs.keep('a', '"A"');
  assert.equal(docs.get('a'), '"A"');
  changes++;
  assert.equal(docs.get('a'), undefined, 'any change retires every entry');
  inTx = true;
  docs.keep('a', '"dirty"');
  assert.equal(docs.get('a'), undefined, 'nothing read inside a transaction is kept');
  inTx = false;
  docs.keep('a', '"A2"');
  docs.keep('b', '"B"');
  docs.keep('c', '"C"');
  assert.equal(docs.size, 2, 'the capacity holds');
  assert.equal(docs.get('a'), undefined, 'the oldest went first');
  assert.equal(docs.get('c'), '"C"');
  // a keep() that comes after a change it did not see (a write between the read and the keep) is dropped
  changes++;
  docs.keep('d', '"D"');
  assert.equal(docs.get('d'), undefined);
});

test('a polled job is current after every kind of write, on a SQLite store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-committed-docs-'));
  const store = new SqliteStore({ dataDir: dir });
  const status = async (id: string) => (await store.reads.getJob(id))?.status;
  try {
    await store.transaction(async (tx) => {
      await tx.insertJob(job('a', { status: 'RUNNING' }));
      await tx.insertJob(job('b', { status: 'RUNNING' }));
    });
    // read twice: the second comes from memory
    assert.equal(await status('a'), 'RUNNING');
    assert.equal(await status('a'), 'RUNNING');
    const copy = (await store.reads.getJob('a'))!;
    copy.status = 'FAIL';
    assert.equal(await status('a'), 'RUNNING', 'a caller changing its copy changes nothing kept');

    await store.transaction((tx) => tx.updateJob(job('a', { status: 'SUCCESS', dueAt: null, purgeAt: T0 + 10 })));
    assert.equal(await status('a'), 'SUCCESS', 'after an update');

    // a body that reads its own uncommitted write, then fails: the write is rolled back, and the
    // uncommitted document must not be what the next poll gets
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.updateJob(job('b', { status: 'FAIL', dueAt: null }));
        assert.equal((await tx.getJob('b'))?.status, 'FAIL');
        assert.equal(await status('b'), 'FAIL', 'a read beside the open transaction sees its rows (one connection)');
        throw new Error('failed after writing');
      }),
    );
    assert.equal(await status('b'), 'RUNNING', 'after a rolled-back write');

    await store.snapshot();
    assert.equal(await status('b'), 'RUNNING');
    await store.transaction((tx) => tx.updateJob(job('b', { status: 'SUCCESS', dueAt: null })));
    assert.equal(await status('b'), 'SUCCESS');
    assert.equal(await store.restoreSnapshot(), true);
    assert.equal(await status('b'), 'RUNNING', 'after a snapshot restore');

    assert.equal(await status('a'), 'SUCCESS');
    await store.transaction(async (tx) => {
      await tx.purgeJobs(T0 + 20);
    });
    assert.equal(await status('a'), undefined, 'after a purge');

    assert.equal(await status('b'), 'RUNNING');
    await store.transaction((tx) => tx.wipe());
    assert.equal(await status('b'), undefined, 'after a wipe');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
