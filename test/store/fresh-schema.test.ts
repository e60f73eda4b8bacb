// A new SQLite database is created from fresh-schema.generated.ts in one step (scripts/sqlite-schema.mjs
// writes it from the migrations at every build): it must hold exactly the schema that replaying
// every migration leaves, and a database made by an older release must still migrate to the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { FRESH_SCHEMA_VERSION } from '../../src/store/sqlite/fresh-schema.generated.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string };

/** every object of a database's schema (the automatic ones included: they follow from the SQL), in a fixed order */
function schemaOf(db: Database.Database): SchemaObject[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as SchemaObject[];
}

/** the schema replaying the first `n` migrations leaves, as a database made by an older release holds it */
function replayed(file: string, n: number): void {
  const db = new Database(file);
  db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  for (const m of migrations.slice(0, n)) db.exec(m);
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(n);
  db.close();
}

function opened(dir: string): { schema: SchemaObject[]; version: number } {
  const db = new Database(join(dir, 'specshift.db'), { readonly: true });
  try {
    return { schema: schemaOf(db), version: (db.prepare('SELECT version FROM schema_version').get() as { version: number }).version };
  } finally {
    db.close();
  }
}

test('the generated schema stands for every migration (npm run build regenerates it)', () => {
  assert.equal(FRESH_SCHEMA_VERSION, migrations.length, 'run npm run build: scripts/sqlite-schema.mjs writes fresh-schema.generated.ts from migrations.ts');
});

test('a new database holds exactly what replaying every migration leaves', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'specshift-fresh-')), mkdtempSync(join(tmpdir(), 'specshift-replayed-'))];
  try {
    await new SqliteStore({ dataDir: dirs[0]! }).close();
    replayed(join(dirs[1]!, 'specshift.db'), migrations.length);
    const fresh = opened(dirs[0]!);
    const all = opened(dirs[1]!);
    assert.equal(fresh.version, migrations.length);
    assert.deepEqual(fresh.schema, all.schema);
    // and it is a schema: tables, indexes and triggers, not nothing
    for (const type of ['table', 'index', 'trigger']) assert.ok(fresh.schema.some((o) => o.type === type), type);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('a database of every older schema version migrates to the same schema', async () => {
  const made = mkdtempSync(join(tmpdir(), 'specshift-fresh-'));
  try {
    await new SqliteStore({ dataDir: made }).close();
    const expected = opened(made).schema;
    for (let n = 1; n < migrations.length; n++) {
      const dir = mkdtempSync(join(tmpdir(), 'specshift-older-'));
      try {
        replayed(join(dir, 'specshift.db'), n);
        await new SqliteStore({ dataDir: dir }).close();
        const got = opened(dir);
        assert.equal(got.version, migrations.length, `from version ${n}`);
        assert.deepEqual(got.schema, expected, `from version ${n}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(made, { recursive: true, force: true });
  }
});
