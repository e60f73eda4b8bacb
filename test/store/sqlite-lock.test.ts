// One process owns a SQLite data directory: a second store (a second specshift, whose job engine
// would run the same jobs again) is refused with a clear message, and the directory is free
// again once the first store closes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

test('a second store on the same data directory is refused until the first closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-lock-'));
  try {
    const first = new SqliteStore({ dataDir: dir });
    await first.transaction(async (tx) => tx.setMeta('probe', 'one'));
    assert.throws(() => new SqliteStore({ dataDir: dir, lockWaitMs: 50 }), /is in use by another specshift process/);
    // the refused attempt changed nothing the owner sees
    assert.equal(await first.reads.getMeta('probe'), 'one');
    await first.close();
    const second = new SqliteStore({ dataDir: dir, lockWaitMs: 50 });
    assert.equal(await second.reads.getMeta('probe'), 'one');
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged lock file (it is never synced) is made anew; the directory is still held by one process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-lock-'));
  try {
    const first = new SqliteStore({ dataDir: dir });
    await first.transaction(async (tx) => tx.setMeta('probe', 'kept'));
    await first.close();
    // what a power loss in the middle of its write may leave
    writeFileSync(join(dir, 'specshift.lock'), Buffer.alloc(8192, 7));
    const second = new SqliteStore({ dataDir: dir, lockWaitMs: 50 });
    try {
      assert.equal(await second.reads.getMeta('probe'), 'kept', 'the data is untouched');
      assert.throws(() => new SqliteStore({ dataDir: dir, lockWaitMs: 50 }), /is in use by another specshift process/);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
