// The store engines the conformance suite runs against: SQLite always, PostgreSQL when DATABASE_URL
// is set. Each PostgreSQL run gets a schema of its own, dropped afterwards, so parallel runs (CI, a
// developer's watch loop) never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/core/model/store.js';

export interface EngineUnderTest {
  name: string;
  /** a second node sharing the same data (PostgreSQL) — SQLite is single-node, so it has none */
  multiNode: boolean;
  /** the store every test of this engine uses; opened once */
  open(): Promise<Store>;
  /** another connection to the same data, as a second node would have */
  openAnother(): Promise<Store>;
  dispose(): Promise<void>;
}

export const databaseUrl = process.env.DATABASE_URL || undefined;

export function sqliteEngine(): EngineUnderTest {
  let store: Store | undefined;
  return {
    name: 'sqlite',
    multiNode: false,
    open: async () => (store = new SqliteStore({ dataDir: ':memory:' })),
    openAnother: () => Promise.reject(new Error('SQLite is single-node')),
    dispose: async () => store?.close(),
  };
}

/** A schema of its own on the PostgreSQL server at `url`; `url` is the connection string to reach it. */
export interface TestSchema {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const name = `specshift_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

export function postgresEngine(baseUrl: string): EngineUnderTest {
  // the promise, not its result, is kept: nodes opened together must share one schema
  let schema: Promise<TestSchema> | undefined;
  const opened: Store[] = [];
  const open = async () => {
    schema ??= createTestSchema(baseUrl);
    const store = await PostgresStore.open({ connectionString: (await schema).url });
    opened.push(store);
    return store;
  };
  return {
    name: 'postgres',
    multiNode: true,
    open,
    openAnother: open,
    async dispose() {
      for (const s of opened.splice(0)) await s.close();
      if (schema) await (await schema).drop();
    },
  };
}

export function enginesUnderTest(): EngineUnderTest[] {
  return databaseUrl ? [sqliteEngine(), postgresEngine(databaseUrl)] : [sqliteEngine()];
}
