// Signature nonces on SQLite. Migration 7: one b-tree keyed by the nonce, and a purge that reads
// the expired ones through an index instead of every nonce of the last half hour. Migration 11: the
// nonces held in memory (recent-nonces.ts) and logged in expiry order, read back at a start, with
// the keyed table for what memory has no room for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';

const rows = (store: SqliteStore, sql: string): unknown[] => (store as unknown as { db: Database.Database }).db.prepare(sql).raw().all();

/** A store on a fresh data directory, removed after `fn`. */
async function inDataDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-nonces-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

    assert.equal(await store.claimNonce('kept', 3_000), false, 'a nonce claimed before the migration is still used');
    await store.purgeNonces(1_500);
    assert.equal(await store.claimNonce('expired', 3_000), true, 'the expired one was purged');
    assert.equal(await store.claimNonce('kept', 3_000), false, 'the live one was not');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a claim appends to the expiry-ordered log, not the keyed table; a restart reads the log back', () =>
  inDataDir(async (dir) => {
    let store = new SqliteStore({ dataDir: dir });
    assert.deepEqual(await Promise.all([store.claimNonce('b', 2_000), store.claimNonce('a', 1_000), store.claimNonce('b', 3_000)]), [true, true, false]);
    assert.deepEqual(rows(store, 'SELECT expires_at, nonce FROM nonce_log'), [[1_000, 'a'], [2_000, 'b']]);
    assert.deepEqual(rows(store, 'SELECT * FROM nonces'), []);
    await store.close();

    store = new SqliteStore({ dataDir: dir });
    assert.equal(store.noncesInMemory, 2);
    assert.equal(await store.claimNonce('a', 5_000), false, 'a replay after a restart is refused');
    await store.purgeNonces(1_500);
    assert.deepEqual(rows(store, 'SELECT nonce FROM nonce_log'), [['b']]);
    assert.equal(store.noncesInMemory, 1);
    assert.equal(await store.claimNonce('a', 5_000), true, 'an expired nonce is free again');
    assert.equal(await store.claimNonce('b', 5_000), false);
    await store.close();
  }));

test('past the capacity of memory nonces go to the keyed table, and every claim still sees them, across a restart', () =>
  inDataDir(async (dir) => {
    let store = new SqliteStore({ dataDir: dir, nonceCapacity: 2 });
    // two in memory; the third (its claim begun while the two were in flight) goes to the table
    assert.deepEqual(await Promise.all([store.claimNonce('m1', 1_000), store.claimNonce('m2', 1_000), store.claimNonce('k1', 2_000)]), [true, true, true]);
    assert.equal(store.noncesInMemory, 2);
    assert.deepEqual(rows(store, 'SELECT nonce FROM nonces'), [['k1']]);
    for (const n of ['m1', 'm2', 'k1']) assert.equal(await store.claimNonce(n, 9_000), false, `${n} is seen`);
    // memory has room again once m1 and m2 expire: k1, in the table, is still seen from there
    await store.purgeNonces(1_500);
    assert.equal(store.noncesInMemory, 0);
    assert.equal(await store.claimNonce('k1', 9_000), false, 'k1 (in the keyed table) is seen by a claim memory has room for');
    assert.equal(await store.claimNonce('m3', 9_000), true);
    assert.deepEqual(rows(store, 'SELECT nonce FROM nonce_log'), [['m3']]);
    await store.close();

    store = new SqliteStore({ dataDir: dir, nonceCapacity: 2 });
    assert.equal(await store.claimNonce('k1', 9_000), false, 'after a restart too');
    assert.equal(await store.claimNonce('m3', 9_000), false);
    // once the table's last nonce has expired, it is no longer looked up: k1 is free
    await store.purgeNonces(2_500);
    assert.equal(await store.claimNonce('k1', 9_000), true);
    await store.close();
  }));

test('a wipe and a restored snapshot replace what memory holds, as they replace the tables', () =>
  inDataDir(async (dir) => {
    const store = new SqliteStore({ dataDir: dir });
    assert.equal(await store.claimNonce('before', 9_000), true);
    await store.snapshot();
    assert.equal(await store.claimNonce('after', 9_000), true);
    assert.equal(await store.restoreSnapshot(), true);
    assert.equal(await store.claimNonce('before', 9_000), false, 'the snapshot held it');
    assert.equal(await store.claimNonce('after', 9_000), true, 'recorded after the snapshot: forgotten with the rest of that state');
    await store.transaction((tx) => tx.wipe());
    assert.equal(store.noncesInMemory, 0);
    assert.equal(await store.claimNonce('before', 9_000), true);
    await store.close();
  }));

test('a claim whose transaction fails leaves the nonce free: memory keeps only committed claims', () =>
  inDataDir(async (dir) => {
    const store = new SqliteStore({ dataDir: dir });
    const ops = (store as unknown as { ops: { logNonce: (n: string, e: number) => boolean } }).ops;
    const logNonce = ops.logNonce;
    ops.logNonce = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    };
    await assert.rejects(store.claimNonce('n', 9_000), /disk I\/O error/);
    ops.logNonce = logNonce;
    assert.equal(store.noncesInMemory, 0);
    assert.equal(await store.claimNonce('n', 9_000), true, 'not refused as a replay of a claim that never committed');
    await store.close();
  }));
