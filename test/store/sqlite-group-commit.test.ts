// Group commit without savepoints (sqlite-store.ts): the bodies queued in one turn share one SQLite
// transaction. A body refused before it writes leaves its group alone; a body that fails after
// writing rolls the whole group back, is refused, and the others run again under savepoints and
// commit once. What a caller sees is the same as with a savepoint per body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { server } from './fixtures.js';

const open = () => new SqliteStore({ dataDir: ':memory:' });

test('a grouped body refused before it writes costs its neighbours nothing: no group is run again', async () => {
  const store = open();
  try {
    const runs = [0, 0, 0];
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        runs[0]!++;
        await tx.insertServer(server('a'));
        return 'a';
      }),
      store.transaction(async (tx) => {
        runs[1]!++;
        // reads, then refuses, as a rule does
        if (!(await tx.getServer('nope'))) throw new Error('no such server');
      }),
      store.transaction(async (tx) => {
        runs[2]!++;
        await tx.insertServer(server('c'));
        return (await tx.getServer('a'))?.id;
      }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal((outcomes[2] as PromiseFulfilledResult<string>).value, 'a', 'a later body of the group sees the earlier one\'s writes');
    assert.deepEqual(runs, [1, 1, 1], 'each body ran once');
    assert.equal(store.groupsRedone, 0);
    assert.deepEqual((await store.reads.listServers({ accountId: 'acc1', projectId: 'proj1', limit: 10, offset: 0 })).items.map((s) => s.id).sort(), ['a', 'c']);
  } finally {
    await store.close();
  }
});

test('a grouped body that fails after writing leaves nothing; its neighbours run again and commit exactly once', async () => {
  const store = open();
  try {
    await store.transaction(async (tx) => tx.insertServer(server('base', { version: 1 })));
    const runs = [0, 0, 0];
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        runs[0]!++;
        const s = (await tx.getServer('base'))!;
        // a read-modify-write: run twice, it must still bump the version once
        await tx.updateServer({ ...s, name: 'renamed', version: s.version + 1 });
        return s.version + 1;
      }),
      store.transaction(async (tx) => {
        runs[1]!++;
        await tx.insertServer(server('half'));
        throw new Error('failed after writing');
      }),
      store.transaction(async (tx) => {
        runs[2]!++;
        await tx.insertServer(server('after'));
      }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal((outcomes[1] as PromiseRejectedResult).reason.message, 'failed after writing');
    assert.equal((outcomes[0] as PromiseFulfilledResult<number>).value, 2);
    assert.deepEqual(runs, [2, 1, 1], 'the failing body is not run again; the one that had run is, once; the last runs after');
    assert.equal(store.groupsRedone, 1);
    assert.equal(await store.reads.getServer('half'), undefined, 'the failed body\'s insert is gone');
    const base = (await store.reads.getServer('base'))!;
    assert.equal(base.name, 'renamed');
    assert.equal(base.version, 2, 'the neighbour\'s change is applied once');
    assert.ok(await store.reads.getServer('after'));
    assert.equal(await store.reads.countServers(), 2, 'the server counters (kept by triggers) count what is there');
  } finally {
    await store.close();
  }
});

test('bodies run again after a rollback are each under a savepoint: a second failure among them is not a third run', async () => {
  const store = open();
  try {
    const runs = [0, 0, 0];
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        runs[0]!++;
        await tx.insertServer(server('y'));
        // fails only when run again: the group it is run in then has savepoints
        if (runs[0]! > 1) throw new Error('second');
      }),
      store.transaction(async (tx) => {
        runs[1]!++;
        await tx.insertServer(server('x'));
        throw new Error('first');
      }),
      store.transaction(async (tx) => {
        runs[2]!++;
        await tx.insertServer(server('z'));
      }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected', 'fulfilled']);
    assert.deepEqual(runs, [2, 1, 1]);
    assert.equal(store.groupsRedone, 1, 'the second failure rolled back to its savepoint alone');
    assert.deepEqual((await store.reads.listServers({ accountId: 'acc1', projectId: 'proj1', limit: 10, offset: 0 })).items.map((s) => s.id), ['z']);
  } finally {
    await store.close();
  }
});

test('a snapshot taken in a group with failing neighbours holds exactly the committed state', async () => {
  const store = open();
  try {
    await store.transaction(async (tx) => tx.insertServer(server('kept')));
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.insertServer(server('lost'));
        throw new Error('fails after writing');
      }),
      store.snapshot(),
      store.transaction(async (tx) => tx.insertServer(server('later'))),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'fulfilled', 'fulfilled']);
    assert.equal(await store.restoreSnapshot(), true);
    assert.deepEqual((await store.reads.listServers({ accountId: 'acc1', projectId: 'proj1', limit: 10, offset: 0 })).items.map((s) => s.id), ['kept']);
  } finally {
    await store.close();
  }
});

/**
 * After a group of `warm` bodies, two more: the first queued from a timer (as a request arrives),
 * the second in that turn's check phase after it. Returns the COMMITs the two took.
 */
async function twoTurns(store: SqliteStore, warm: number): Promise<number> {
  await Promise.all(Array.from({ length: warm }, () => store.transaction(async () => undefined)));
  await new Promise((r) => setTimeout(r, 1));
  const before = store.groupsCommitted;
  const first = store.transaction(async (tx) => {
    await tx.insertServer(server('a'));
    return 'a';
  });
  // under load, what a group's replies bring back arrives about then
  const second = new Promise<string>((resolve, reject) =>
    setImmediate(() =>
      store
        .transaction(async (tx) => {
          await tx.insertServer(server('b'));
          return 'b';
        })
        .then(resolve, reject),
    ),
  );
  assert.deepEqual(await Promise.all([first, second]), ['a', 'b']);
  return store.groupsCommitted - before;
}

test('while callers come in numbers, a body queued in the check phase after the first one (the next turn\'s requests) joins its group', async () => {
  const store = open();
  try {
    assert.equal(await twoTurns(store, 3), 1, 'both bodies committed together');
  } finally {
    await store.close();
  }
});

test('a caller alone (the last group had one body) commits in the turn its body was queued in', async () => {
  const store = open();
  try {
    assert.equal(await twoTurns(store, 1), 2, 'the first committed before the second was queued');
  } finally {
    await store.close();
  }
});
