// ShowJob's rendering (providers/huawei/ecs/ecs-render.ts): its times are remembered per value, so
// every answer must still carry exactly what Date.toISOString gives for that job's times, whether the
// time was seen before, is new, or arrives after the memo was cleared for being full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/model/types.js';
import { renderJob } from '../../src/providers/huawei/ecs/ecs-render.js';

const job = (beginAt: number, endAt: number | null, id = 'ff80808288d41e1b018990260955686a'): Job =>
  ({ id, type: 'resizeServer', status: endAt === null ? 'RUNNING' : 'SUCCESS', createdAt: beginAt - 5, beginAt, endAt, errorCode: null, failReason: null, serverId: 's-1', childCount: 0 }) as unknown as Job;

test('ShowJob times are the job times in ISO 8601 with milliseconds, seen before or not', () => {
  const t0 = Date.UTC(2026, 11, 1, 14, 0, 0, 123);
  // more distinct times than the memo keeps, so it is cleared along the way, and each time twice
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 3000; i++) {
      const begin = t0 + i * 1_001;
      const end = i % 3 === 0 ? null : begin + 60_456;
      const r = renderJob(job(begin, end), []);
      assert.equal(r.begin_time, new Date(begin).toISOString());
      assert.equal(r.end_time, end === null ? '' : new Date(end).toISOString());
    }
  }
});

test('a job that has not begun shows its creation time as begin_time', () => {
  const created = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  const r = renderJob({ ...job(0, null), beginAt: null, createdAt: created } as unknown as Job, []);
  assert.equal(r.begin_time, '2026-01-02T03:04:05.006Z');
  assert.equal(r.end_time, '');
});
