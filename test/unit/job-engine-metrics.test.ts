// The job engine counts a step in its metrics once the step is committed: a transaction body may
// run more than once (SQLite group commit runs a group again after a failing neighbour; PostgreSQL
// retries a serialization failure), and a run that was rolled back must count nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { JobEngine } from '../../src/jobs/job-engine.js';
import { ManualClock, systemClock } from '../../src/core/clock.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, StoreTx } from '../../src/core/model/store.js';
import type { Metrics } from '../../src/core/observe/metrics.js';
import type { JobPlan } from '../../src/core/model/types.js';
import { job, T0 } from '../store/fixtures.js';

const THROWN_AWAY = new Error('rolled back on purpose');

/** Runs every transaction body twice: first in a transaction that is rolled back, then for real. */
function runningBodiesTwice(store: SqliteStore): Store {
  const twice = Object.create(store) as Store;
  twice.transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    await store
      .transaction(async (tx) => {
        await fn(tx);
        throw THROWN_AWAY;
      })
      .catch((err: unknown) => {
        if (err !== THROWN_AWAY) throw err;
      });
    return store.transaction(fn);
  };
  return twice;
}

test('a job step whose transaction body ran twice is counted once, with the status it committed', async () => {
  const store = new SqliteStore({ dataDir: ':memory:' });
  const steps: string[] = [];
  const metrics: Metrics = {
    request() {},
    transaction() {},
    jobStep: (cloud, type, status) => void steps.push(`${cloud}/${type}/${status}`),
    fault() {},
    render: async () => ({ contentType: 'text/plain', body: '' }),
  };
  const clock = new ManualClock(T0);
  const engine = new JobEngine(runningBodiesTwice(store), clock, 'manual', pino({ level: 'silent' }), systemClock, { metrics });
  let stepped = 0;
  engine.register('huawei', 'test-steps', {
    faultLandsOn: () => false,
    step(j, server, ctx) {
      stepped++;
      const done = j.phase === 'second';
      return { job: { ...j, phase: done ? 'done' : 'second', status: done ? 'SUCCESS' : 'RUNNING', dueAt: done ? null : ctx.now, endAt: done ? ctx.now : null }, server };
    },
  });
  try {
    await store.transaction(async (tx) => tx.insertJob(job('job-1', { plan: { kind: 'test-steps' } as unknown as JobPlan, dueAt: T0 })));
    engine.start();
    await engine.settle();
    const committed = (await store.reads.getJob('job-1'))!;
    assert.equal(committed.status, 'SUCCESS');
    assert.equal(stepped, 4, 'each of the two steps ran twice (the first run rolled back)');
    assert.deepEqual(steps, ['huawei/resizeServer/RUNNING', 'huawei/resizeServer/SUCCESS'], 'each committed step counted once');
  } finally {
    await engine.stop();
    await store.close();
  }
});
