// Signature nonces on SQLite (migration 7): one b-tree keyed by the nonce, and a purge that reads
// the expired ones through an index instead of every nonce of the last half hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';

test('the nonce purge walks the expiry index, and nonces claimed before migration 7 stay claimed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-nonces-'));
  try {
    // a data directory as the release before migration 7 left it, with two nonces in it
    const old = new Database(join(dir, 'specshift.db'));
    old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (6)');
    for (const m of migrations.slice(0, 6)) old.exec(m);
    old.prepare('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?), (?, ?)').run('kept', 2_000, 'expired', 1_000);
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    const db = (store as unknown as { db: Database.Database }).db;
    const plan = (db.prepare('EXPLAIN QUERY PLAN DELETE FROM nonces WHERE expires_at < ?').all(1) as { detail: string }[]).map((r) => r.detail).join('; ');
    assert.match(plan, /USING COVERING INDEX nonces_expiry|USING INDEX nonces_expiry/, plan);
    const withoutRowid = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'nonces'").pluck().get() as string;
    assert.match(withoutRowid, /WITHOUT ROWID/);

    assert.equal(await store.transaction((tx) => tx.claimNonce('kept', 3_000)), false, 'a nonce claimed before the migration is still used');
    await store.transaction((tx) => tx.purgeNonces(1_500));
    assert.equal(await store.transaction((tx) => tx.claimNonce('expired', 3_000)), true, 'the expired one was purged');
    assert.equal(await store.transaction((tx) => tx.claimNonce('kept', 3_000)), false, 'the live one was not');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
