// JobEngine.pokeAt: a job accepted for later wakes the engine only when it is due sooner than the
// engine would wake anyway, and never costs a read of the store's earliest due time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { JobEngine } from '../../src/jobs/job-engine.js';
import { ManualClock, systemClock } from '../../src/core/clock.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/core/model/store.js';
import type { JobPlan } from '../../src/core/model/types.js';
import { job, sleep, T0 } from '../store/fixtures.js';

/** The store, with its reads of the earliest due time counted. */
function counting(store: SqliteStore): { store: Store; reads: () => number } {
  let n = 0;
  const reads = Object.create(store.reads) as Store['reads'];
  reads.nextDueAt = () => {
    n++;
    return store.reads.nextDueAt();
  };
  const counted = Object.create(store) as Store;
  Object.defineProperty(counted, 'reads', { value: reads });
  return { store: counted, reads: () => n };
}

const plan = { kind: 'test-steps' } as unknown as JobPlan;
const finishing = {
  faultLandsOn: () => false,
  step(j: any, server: any, ctx: { now: number }) {
    return { job: { ...j, status: 'SUCCESS', dueAt: null, endAt: ctx.now }, server };
  },
};

test('manual clock: a job due later is left for the clock to reach, with no read of the store', async () => {
  const sqlite = new SqliteStore({ dataDir: ':memory:' });
  const { store, reads } = counting(sqlite);
  const clock = new ManualClock(T0);
  const engine = new JobEngine(store, clock, 'manual', pino({ level: 'silent' }), systemClock);
  engine.register('huawei', 'test-steps', finishing);
  try {
    engine.start();
    await engine.settle();
    const before = reads();
    await sqlite.transaction((tx) => tx.insertJob(job('j1', { plan, dueAt: T0 + 5_000 })));
    for (let i = 0; i < 100; i++) engine.pokeAt(T0 + 5_000);
    engine.pokeAt(null);
    await sleep(20);
    assert.equal(reads(), before, 'no read of the earliest due time');
    // due now: a plain poke, which runs it
    clock.advance(5_000);
    engine.pokeAt(T0 + 5_000);
    await engine.settle();
    assert.equal((await sqlite.reads.getJob('j1'))!.status, 'SUCCESS');
  } finally {
    await engine.stop();
    sqlite.close();
  }
});

test('real clock: a job due sooner than the engine would wake is run on time, without a read of the store at acceptance', async () => {
  const sqlite = new SqliteStore({ dataDir: ':memory:' });
  const { store, reads } = counting(sqlite);
  const engine = new JobEngine(store, systemClock, 'realistic', pino({ level: 'silent' }), systemClock);
  engine.register('huawei', 'test-steps', finishing);
  try {
    engine.start();
    await engine.settle();
    await sleep(10);
    const before = reads();
    const due = Date.now() + 150;
    await sqlite.transaction((tx) => tx.insertJob(job('j1', { plan, dueAt: due })));
    engine.pokeAt(due);
    // a later job does not move the timer back
    await sqlite.transaction((tx) => tx.insertJob(job('j2', { plan, dueAt: due + 60_000 })));
    engine.pokeAt(due + 60_000);
    assert.equal(reads(), before, 'accepting them read nothing');
    await sleep(100);
    assert.equal((await sqlite.reads.getJob('j1'))!.status, 'INIT', 'not before its time');
    for (let i = 0; i < 50 && (await sqlite.reads.getJob('j1'))!.status !== 'SUCCESS'; i++) await sleep(20);
    assert.equal((await sqlite.reads.getJob('j1'))!.status, 'SUCCESS');
    assert.equal((await sqlite.reads.getJob('j2'))!.status, 'INIT');
  } finally {
    await engine.stop();
    sqlite.close();
  }
});
