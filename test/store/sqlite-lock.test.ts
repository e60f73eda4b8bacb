// One process owns a SQLite data directory: a second store (a second specshift, whose job engine
// would run the same jobs again) is refused with a clear message, and the directory is free
// again once the first store closes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
