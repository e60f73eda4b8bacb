// Data written by an older schema keeps working after an upgrade: a store opened on it migrates it,
// and what later migrations derive from the stored documents (migration 2: the serverUsage columns;
// migration 5: the server counters serverUsage now reads; migration 8/9: the order columns and
// counters order listings read)
// is filled in for the rows already there, odd characters in the documents included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AliyunInstanceAttributes, Order, Server } from '../../src/core/model/types.js';
import { pgMigrations } from '../../src/store/postgres/postgres-migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { PgOps } from '../../src/store/postgres/postgres-ops.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/core/model/store.js';
import { createTestSchema, databaseUrl } from './engines.js';
import { job, order, server, T0 } from './fixtures.js';

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

/** Orders as a version-1 schema holds them (account, created and the document only), one with odd characters in its detail. */
const oldOrders: Order[] = [
  order('o1', { createdAt: T0 + 1, detail: { note: 'lone \ud800 surrogate, nul \u0000' } }),
  order('o2', { createdAt: T0 + 2, status: 'completed', paidAt: T0 + 3 }),
  order('o3', { createdAt: T0 + 3, cloud: 'aliyun', kind: 'ecs_respec', resourceId: 'a1' }),
  order('o4', { createdAt: T0 + 4, resourceId: 'a1' }),
];

/** Migration 8 (SQLite) / 9 (PostgreSQL): the order columns and counters are filled from the documents. */
async function expectOrdersUpgraded(store: Store): Promise<void> {
  const page = async (q: { cloud?: 'huawei' | 'aliyun'; status?: Order['status'] }) => {
    const r = await store.reads.listOrderPage({ accountId: 'acc1', ...q, order: 'desc', limit: 10, total: true });
    return [r.total, r.items.map((o) => o.id)];
  };
  assert.deepEqual(await page({ cloud: 'huawei' }), [3, ['o4', 'o2', 'o1']]);
  assert.deepEqual(await page({ cloud: 'huawei', status: 'pending_payment' }), [2, ['o4', 'o1']]);
  assert.deepEqual(await page({ cloud: 'aliyun' }), [1, ['o3']]);
  assert.deepEqual((await store.reads.listResourceOrders('a1', 'pending_payment')).map((o) => o.id), ['o3', 'o4']);
  assert.deepEqual(await store.reads.getOrder('o1'), oldOrders[0]);
  // an upgraded row takes a payment like a new one, and the counters follow it
  await store.transaction((tx) => tx.updateOrder({ ...oldOrders[0]!, status: 'completed', paidAt: T0 + 9 }));
  assert.deepEqual(await page({ cloud: 'huawei', status: 'pending_payment' }), [1, ['o4']]);
  assert.deepEqual(await page({ cloud: 'huawei', status: 'completed' }), [2, ['o2', 'o1']]);
}

async function expectUpgraded(store: Store): Promise<void> {
  await expectOrdersUpgraded(store);
  assert.deepEqual(await store.reads.serverUsage({ accountId: 'acc1', projectId: P }), [
    { cloud: 'aliyun', flavorId: 'ecs.g6.large', billing: 'postpaid', internetChargeType: 'PayByBandwidth', count: 2, bandwidthOut: 12 },
    { cloud: 'aliyun', flavorId: 'ecs.g6.xlarge', billing: 'postpaid', internetChargeType: 'PayByTraffic', count: 1, bandwidthOut: 100 },
    { cloud: 'huawei', flavorId: 's6.large.2', billing: 'postpaid', internetChargeType: null, count: 1, bandwidthOut: 0 },
  ]);
  // the state counters (migration 10 of both engines) are filled from the rows already stored
  const states = new Map<string, number>();
  for (const v of oldServers) if (v.accountId === 'acc1' && v.projectId === P) states.set(`${v.vmState}/${v.taskState ?? ''}`, (states.get(`${v.vmState}/${v.taskState ?? ''}`) ?? 0) + 1);
  assert.ok(states.size > 0);
  for (const [k, n] of states) {
    const [vmState, task] = k.split('/') as [Server['vmState'], string];
    const listed = await store.reads.listServers({ accountId: 'acc1', projectId: P, statusIn: [{ vmState, taskStates: [(task || null) as Server['taskState']] }], limit: 10 });
    assert.deepEqual([listed.total, listed.items.length], [n, n], k);
  }
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
    const insertOrder = db.prepare('INSERT INTO orders (id, account_id, created_at, doc) VALUES (?, ?, ?, ?)');
    for (const o of oldOrders) insertOrder.run(o.id, o.accountId, o.createdAt, JSON.stringify(o));
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
      for (const o of oldOrders) await c.query('INSERT INTO orders (id, account_id, created_at, doc) VALUES ($1, $2, $3, $4)', [o.id, o.accountId, o.createdAt, JSON.stringify(o)]);
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

/** A store opened on a schema of its own, its pool handed to `fn` for what no Store method shows. */
async function withPostgresStore(fn: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const schema = await createTestSchema(databaseUrl!);
  try {
    const store = await PostgresStore.open({ connectionString: schema.url });
    try {
      await fn((store as unknown as { pool: pg.Pool }).pool);
    } finally {
      await store.close();
    }
  } finally {
    await schema.drop();
  }
}

test('PostgreSQL: server pages keep room for the next version of a row (HOT updates)', { skip: !databaseUrl && 'DATABASE_URL not set' }, () =>
  withPostgresStore(async (pool) => {
    const { rows } = await pool.query("SELECT reloptions FROM pg_class WHERE oid = 'servers'::regclass");
    assert.deepEqual(rows[0].reloptions, ['fillfactor=85']);
  }));

test('PostgreSQL: a row lock held by another node is waited for at most 5 s (lock_timeout on every pooled connection)', { skip: !databaseUrl && 'DATABASE_URL not set' }, () =>
  withPostgresStore(async (pool) => {
    const rows = await Promise.all([pool.query('SHOW lock_timeout'), pool.query('SHOW lock_timeout')]);
    for (const r of rows) assert.equal(r.rows[0].lock_timeout, '5s');
  }));

test('PostgreSQL: a fixed read is prepared once on a connection and then only executed, answering as before', { skip: !databaseUrl && 'DATABASE_URL not set' }, () =>
  withPostgresStore(async (pool) => {
    const c = await pool.connect();
    try {
      await c.query('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES ($1, $2, NULL, $3, NULL, NULL, $4, $5)', ['j1', 'acc1', 'INIT', T0, JSON.stringify(job('j1'))]);
      const ops = new PgOps(c, false);
      assert.equal((await ops.getJob('j1'))?.id, 'j1');
      assert.equal(await ops.getJob('j2'), undefined);
      assert.equal((await ops.getJob('j1'))?.id, 'j1');
      const { rows } = await c.query('SELECT statement FROM pg_prepared_statements');
      assert.deepEqual(rows.map((r: { statement: string }) => r.statement), ['SELECT doc FROM jobs WHERE id = $1'], 'three reads, one statement prepared');
    } finally {
      c.release();
    }
  }));
