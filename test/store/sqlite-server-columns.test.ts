// A server row's state and usage columns (the listings' indexes and the counters' triggers read
// them) must always match its document. updateServer skips the statements that set them when the
// document it writes leaves them as the body read them (sqlite-store.ts, columnsRead): these
// writes change them after a read, without a read, twice in one body, across bodies of one group
// and after a body that failed, and the columns and counters must follow every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Server } from '../../src/core/model/types.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { server } from './fixtures.js';

interface Row { id: string; vm_state: string; task_state: string | null; flavor_id: string; billing: string; bandwidth_out: number | null }

async function withStore(fn: (store: SqliteStore, rows: () => Map<string, Row>, counters: () => void) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-server-columns-'));
  const store = new SqliteStore({ dataDir: dir });
  const raw = new Database(join(dir, 'specshift.db'), { readonly: true });
  const rows = () => new Map((raw.prepare('SELECT id, vm_state, task_state, flavor_id, billing, bandwidth_out FROM servers').all() as Row[]).map((r) => [r.id, r]));
  // the counters equal a count of the rows
  const counters = () => {
    const states = raw.prepare("SELECT account_id, project_id, vm_state, task_state, count FROM server_state_counts WHERE count > 0 ORDER BY 1, 2, 3, 4").all();
    const recount = raw.prepare("SELECT account_id, project_id, vm_state, coalesce(task_state, '') AS task_state, count(*) AS count FROM servers GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4").all();
    assert.deepEqual(states, recount, 'server_state_counts');
    const usage = raw.prepare('SELECT flavor_id, billing, count FROM server_counts WHERE count > 0 ORDER BY 1, 2').all();
    const reusage = raw.prepare('SELECT flavor_id, billing, count(*) AS count FROM servers GROUP BY 1, 2 ORDER BY 1, 2').all();
    assert.deepEqual(usage, reusage, 'server_counts');
  };
  try {
    await fn(store, rows, counters);
  } finally {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const expectColumns = (rows: Map<string, Row>, v: Server) => {
  const r = rows.get(v.id)!;
  assert.deepEqual(
    { vm: r.vm_state, task: r.task_state, flavor: r.flavor_id, billing: r.billing },
    { vm: v.vmState, task: v.taskState, flavor: v.flavorId, billing: v.billing },
    `columns of ${v.id}`,
  );
};

test('the state and usage columns follow the document through every kind of write', async () => {
  await withStore(async (store, rows, counters) => {
    await store.transaction(async (tx) => {
      for (const id of ['a', 'b', 'c', 'd']) await tx.insertServer(server(id));
    });

    // read, then a write that changes nothing indexed (a resize accepted): columns as they were
    let a: Server = await store.transaction(async (tx) => {
      const s = (await tx.getServer('a'))!;
      const next = { ...s, busyJobId: 'job-1', version: s.version + 1 };
      await tx.updateServer(next);
      return next;
    });
    expectColumns(rows(), a);

    // read, then the state, then (same body) the flavor and billing
    a = await store.transaction(async (tx) => {
      const s = (await tx.getServer('a'))!;
      const one = { ...s, vmState: 'active' as const, taskState: 'resize_prep' as const, version: s.version + 1 };
      await tx.updateServer(one);
      const two = { ...one, taskState: null, flavorId: 's6.xlarge.2', billing: 'prepaid' as const, version: one.version + 1 };
      await tx.updateServer(two);
      return two;
    });
    expectColumns(rows(), a);
    counters();

    // a write without a read in its body (the document from an earlier transaction)
    const b0 = (await store.reads.getServer('b'))!;
    const b = { ...b0, vmState: 'error' as const, flavorId: 's6.small.1', version: b0.version + 1 };
    await store.transaction((tx) => tx.updateServer(b));
    expectColumns(rows(), b);

    // bodies of one group: each trusts only what it read itself
    const c0 = (await store.reads.getServer('c'))!;
    const [c1, c2] = await Promise.all([
      store.transaction(async (tx) => {
        const s = (await tx.getServer('c'))!;
        const next = { ...s, vmState: 'active' as const, version: s.version + 1 };
        await tx.updateServer(next);
        return next;
      }),
      store.transaction(async (tx) => {
        // reads what the first body wrote, puts the state back
        const s = (await tx.getServer('c'))!;
        assert.equal(s.vmState, 'active');
        const next = { ...s, vmState: c0.vmState, version: s.version + 1 };
        await tx.updateServer(next);
        return next;
      }),
    ]);
    assert.equal(c1.vmState, 'active');
    expectColumns(rows(), c2);

    // a body that read and changed the state, then failed: rolled back; the next body's write,
    // without a read, of that same state must still set the columns (nothing of the failed body is trusted)
    const d0 = (await store.reads.getServer('d'))!;
    await assert.rejects(
      store.transaction(async (tx) => {
        const s = (await tx.getServer('d'))!;
        await tx.updateServer({ ...s, vmState: 'active', version: s.version + 1 });
        throw new Error('refused after writing');
      }),
      /refused after writing/,
    );
    expectColumns(rows(), d0);
    const d = { ...d0, vmState: 'active' as const, version: d0.version + 1 };
    await store.transaction((tx) => tx.updateServer(d));
    expectColumns(rows(), d);
    counters();
  });
});
