// Huawei ECS job state machines (providers/huawei/ecs/ecs-jobs.ts), stepped as the engine steps
// them: the resize walk with and without a stop first, batch start/stop, and where a fault lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepDurations } from '../../src/core/clock.js';
import type { JobStepper } from '../../src/core/jobs/job-runner.js';
import type { Job, JobPlan, Server } from '../../src/core/model/types.js';
import { resizePlan, resizeStepper } from '../../src/providers/huawei/ecs/ecs-jobs.js';
import { powerStepper, startPlan, stopPlan } from '../../src/jobs/power-stepper.js';

const durations = stepDurations('realistic');

function server(vmState: Server['vmState']): Server {
  return {
    cloud: 'huawei', id: 's-1', accountId: 'a', projectId: 'p', region: 'r', az: 'z', name: 'n', flavorId: 's6.large.2',
    vmState, taskState: null, billing: 'postpaid', spot: false, osType: 'Linux', imageId: 'i', imageName: 'i', imageType: 'gold',
    dedicatedHostId: null, tags: {}, enterpriseProjectId: '0', locked: false, frozen: false, cpuThreads: null, busyJobId: 'job-1',
    expiresAt: null, createdAt: 0, updatedAt: 0, version: 1,
  };
}

function job(plan: JobPlan, type = 'resizeServer'): Job {
  return {
    id: 'job-1', cloud: 'huawei', accountId: 'a', projectId: 'p', parentId: null, type, status: 'INIT', serverId: 's-1',
    plan, phase: 'accepted', orderId: null, errorCode: null, failReason: null, createdAt: 0, beginAt: null, endAt: null,
    purgeAt: null, dueAt: 0, childCount: 0,
  };
}

/** Steps until the job ends; returns each step's job phase, server status and flavor. */
function run(stepper: JobStepper, j: Job, s: Server, fault: string | null = null) {
  const phases: string[] = [];
  let now = 0;
  while (j.status === 'INIT' || j.status === 'RUNNING') {
    const r = stepper.step(j, s, { now, durations, injectedFault: stepper.faultLandsOn(j) ? fault : null });
    j = r.job;
    s = r.server!;
    phases.push(`${j.status}/${j.phase}:${s.vmState}/${s.taskState ?? '-'}:${s.flavorId}`);
    now = j.dueAt ?? now;
  }
  return { phases, job: j, server: s, endedAt: now };
}

const resizeTime = durations.resizePrep + durations.resizeMigrating + durations.resizeMigrated + durations.resizeFinish;

test('a stopped server: resize_prep, resize_migrating, resize_migrated, resize_finish, then the new flavor lands with SUCCESS and the server stays SHUTOFF', () => {
  const s = server('stopped');
  const r = run(resizeStepper, job(resizePlan(s, 's6.xlarge.2', null, null)), s);
  assert.deepEqual(r.phases, [
    'RUNNING/prep:stopped/resize_prep:s6.large.2',
    'RUNNING/migrating:stopped/resize_migrating:s6.large.2',
    'RUNNING/migrated:stopped/resize_migrated:s6.large.2',
    'RUNNING/finishing:stopped/resize_finish:s6.large.2',
    'SUCCESS/done:stopped/-:s6.xlarge.2',
  ]);
  assert.equal(r.server.busyJobId, null);
  assert.equal(r.job.endAt, resizeTime);
});

test('withStopServer on a running server: powering-off first, the resize steps, powering-on, ACTIVE again with the new flavor', () => {
  const s = server('active');
  const r = run(resizeStepper, job(resizePlan(s, 's6.xlarge.2', 1, 'dh-1')), s);
  assert.deepEqual(r.phases, [
    'RUNNING/stopping:active/powering-off:s6.large.2',
    'RUNNING/prep:stopped/resize_prep:s6.large.2',
    'RUNNING/migrating:stopped/resize_migrating:s6.large.2',
    'RUNNING/migrated:stopped/resize_migrated:s6.large.2',
    'RUNNING/finishing:stopped/resize_finish:s6.large.2',
    'RUNNING/starting:stopped/powering-on:s6.large.2',
    'SUCCESS/done:active/-:s6.xlarge.2',
  ]);
  assert.deepEqual([r.server.cpuThreads, r.server.dedicatedHostId], [1, 'dh-1']);
  assert.equal(r.job.endAt, durations.stop + resizeTime + durations.start);
});

test('every step takes its realistic duration, and none under instant timing', () => {
  const instant = stepDurations('instant');
  assert.deepEqual([instant.resizePrep, instant.resizeMigrating, instant.resizeMigrated, instant.resizeFinish, instant.stop, instant.start], [0, 0, 0, 0, 0, 0]);
  assert.ok([durations.resizePrep, durations.resizeMigrating, durations.resizeMigrated, durations.resizeFinish].every((d) => d > 0));
});

test('the new flavor is written exactly once, by the step that marks SUCCESS', () => {
  const s = server('active');
  let j = job(resizePlan(s, 's6.xlarge.2', null, null));
  let cur = s;
  const flavorWrites: string[] = [];
  let now = 0;
  while (j.status === 'INIT' || j.status === 'RUNNING') {
    const r = resizeStepper.step(j, cur, { now, durations, injectedFault: null });
    if (r.server!.flavorId !== cur.flavorId) flavorWrites.push(r.job.status);
    j = r.job;
    cur = r.server!;
    now = j.dueAt ?? now;
  }
  assert.deepEqual(flavorWrites, ['SUCCESS']);
});

test('a job stepped by an older version (phase resizing) resumes and finishes', () => {
  const s = { ...server('stopped'), taskState: 'resize_prep' as const };
  const r = run(resizeStepper, { ...job(resizePlan(server('active'), 's6.xlarge.2', null, null)), status: 'RUNNING', phase: 'resizing' }, s);
  assert.deepEqual(r.phases, ['RUNNING/starting:stopped/powering-on:s6.large.2', 'SUCCESS/done:active/-:s6.xlarge.2']);
});

test('an injected fault fails the resize_finish step with Ecs.0207, the old flavor kept and the server freed', () => {
  const s = server('active');
  const r = run(resizeStepper, job(resizePlan(s, 's6.xlarge.2', null, null)), s, 'disk full');
  assert.equal(r.phases.at(-2), 'RUNNING/finishing:stopped/resize_finish:s6.large.2');
  assert.equal(r.job.status, 'FAIL');
  assert.equal(r.job.errorCode, 'Ecs.0207');
  assert.match(r.job.failReason ?? '', /disk full/);
  assert.deepEqual([r.server.flavorId, r.server.vmState, r.server.taskState, r.server.busyJobId], ['s6.large.2', 'active', null, null]);
});

test('a server gone before its step: the job fails with Ecs.0114', () => {
  const r = resizeStepper.step(job(resizePlan(server('stopped'), 's6.xlarge.2', null, null)), null, { now: 5, durations, injectedFault: null });
  assert.deepEqual([r.job.status, r.job.errorCode, r.server], ['FAIL', 'Ecs.0114', null]);
});

test('stop and start: the task state shows for the step, then the power state changes; a fault fails with Ecs.0215/0216', () => {
  const stop = powerStepper('stop', { failed: 'Ecs.0215', missing: { code: 'Ecs.0114', reason: 'gone' } });
  const start = powerStepper('start', { failed: 'Ecs.0216', missing: { code: 'Ecs.0114', reason: 'gone' } });
  assert.deepEqual(run(stop, job(stopPlan(false), 'stopServer'), server('active')).phases, ['RUNNING/powering:active/powering-off:s6.large.2', 'SUCCESS/done:stopped/-:s6.large.2']);
  assert.deepEqual(run(start, job(startPlan(), 'startServer'), server('stopped')).phases, ['RUNNING/powering:stopped/powering-on:s6.large.2', 'SUCCESS/done:active/-:s6.large.2']);
  // already where it should be: done at once, no transition
  assert.deepEqual(run(start, job(startPlan(), 'startServer'), server('active')).phases, ['SUCCESS/done:active/-:s6.large.2']);
  const failed = run(stop, job(stopPlan(true), 'stopServer'), server('active'), 'hung');
  assert.deepEqual([failed.job.errorCode, failed.job.failReason, failed.server.vmState, failed.server.busyJobId], ['Ecs.0215', 'hung', 'active', null]);
});
