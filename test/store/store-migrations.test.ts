// Data written by an older schema keeps working after an upgrade: a store opened on it migrates it,
// and what later migrations derive from the stored documents (migration 2: the serverUsage columns;
// migration 5: the server counters serverUsage now reads)
// is filled in for the rows already there, odd characters in the documents included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AliyunInstanceAttributes, Server } from '../../src/core/model/types.js';
import { pgMigrations } from '../../src/store/postgres/postgres-migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/core/model/store.js';
import { createTestSchema, databaseUrl } from './engines.js';
import { server } from './fixtures.js';

const P = 'aliyun/cn-hangzhou';
const ali = (id: string, internetChargeType: 'PayByTraffic' | 'PayByBandwidth', bandwidthOut: number, over: Partial<Server> = {}) =>
  server(id, { cloud: 'aliyun', projectId: P, flavorId: 'ecs.g6.large', aliyun: { internetChargeType, bandwidthOut } as AliyunInstanceAttributes, ...over });

/** Servers as a version-1 schema holds them: names with a lone surrogate, a NUL and an escaped backslash. */
const oldServers: Server[] = [
  ali('a1', 'PayByBandwidth', 5, { name: 'lone \ud800 surrogate' }),
  ali('a2', 'PayByBandwidth', 7, { name: 'nul \u0000 and \\ud800 text', tags: { k: '\udc00' } }),
  ali('a3', 'PayByTraffic', 100, { flavorId: 'ecs.g6.xlarge' }),
  server('h1', { projectId: P }),
];

async function expectUpgraded(store: Store): Promise<void> {
  assert.deepEqual(await store.reads.serverUsage({ accountId: 'acc1', projectId: P }), [
    { cloud: 'aliyun', flavorId: 'ecs.g6.large', billing: 'postpaid', internetChargeType: 'PayByBandwidth', count: 2, bandwidthOut: 12 },
    { cloud: 'aliyun', flavorId: 'ecs.g6.xlarge', billing: 'postpaid', internetChargeType: 'PayByTraffic', count: 1, bandwidthOut: 100 },
    { cloud: 'huawei', flavorId: 's6.large.2', billing: 'postpaid', internetChargeType: null, count: 1, bandwidthOut: 0 },
  ]);
  // the documents themselves are untouched
  assert.deepEqual(await store.reads.getServer('a2'), oldServers[1]);
  // and the upgraded rows take updates like new ones
  const a1 = (await store.reads.getServer('a1'))!;
  await store.transaction((tx) => tx.updateServer({ ...a1, billing: 'prepaid', version: a1.version + 1 }));
  const [first] = await store.reads.serverUsage({ accountId: 'acc1', projectId: P });
  assert.deepEqual(first, { cloud: 'aliyun', flavorId: 'ecs.g6.large', billing: 'postpaid', internetChargeType: 'PayByBandwidth', count: 1, bandwidthOut: 7 });
}

test('SQLite: a data directory at schema version 1 is upgraded, server usage filled from the documents', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-migrate-'));
  try {
    const db = new Database(join(dir, 'specshift.db'));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (1)');
    db.exec(migrations[0]!);
    const insert = db.prepare(
      'INSERT INTO servers (id, account_id, project_id, name, flavor_id, vm_state, task_state, created_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const v of oldServers) insert.run(v.id, v.accountId, v.projectId, v.name, v.flavorId, v.vmState, v.taskState, v.createdAt, v.version, JSON.stringify(v));
    db.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: a database at schema version 1 is upgraded, server usage filled from the documents', { skip: !databaseUrl && 'DATABASE_URL not set' }, async () => {
  const schema = await createTestSchema(databaseUrl!);
  try {
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      await c.query('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (1)');
      await c.query(pgMigrations[0]!);
      for (const v of oldServers) {
        await c.query(
          `INSERT INTO servers (id, account_id, project_id, name, flavor_id, vm_state, task_state, created_at, version, doc, enterprise_project_id, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [v.id, v.accountId, v.projectId, v.name.replaceAll('\0', '\uFFFD'), v.flavorId, v.vmState, v.taskState, v.createdAt, v.version, JSON.stringify(v), v.enterpriseProjectId, '{}'],
        );
      }
    } finally {
      await c.end();
    }
    const store = await PostgresStore.open({ connectionString: schema.url });
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  } finally {
    await schema.drop();
  }
});
