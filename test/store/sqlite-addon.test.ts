// The store names better-sqlite3's addon (src/store/sqlite/sqlite-addon.ts) instead of letting the
// `bindings` package search for it at every start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { sqliteAddonOptions, sqliteAddonPath } from '../../src/store/sqlite/sqlite-addon.js';

test('the addon is found where npm installed it, and a connection opened with it works', () => {
  const addon = sqliteAddonPath();
  assert.ok(addon && addon.endsWith('better_sqlite3.node') && existsSync(addon), `found: ${addon}`);
  assert.deepEqual(sqliteAddonOptions(), { nativeBinding: addon });
  // the very addon the package's own search loads
  const loaded = createRequire(import.meta.url)(addon);
  const db = new Database(':memory:', sqliteAddonOptions());
  try {
    assert.equal(db.prepare('SELECT 1 + 1 AS n').pluck().get(), 2);
    assert.equal(typeof loaded.Database, 'function');
  } finally {
    db.close();
  }
});
