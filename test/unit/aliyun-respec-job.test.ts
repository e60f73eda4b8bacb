// The 'respec' job plan (providers/aliyun/ecs/aliyun-jobs.ts): Alibaba's in-place type change, with
// or without a reboot, stepped as the engine steps it, and where an injected fault lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepDurations } from '../../src/core/clock.js';
import type { Job, Server } from '../../src/core/model/types.js';
import { netspecStepper, respecStepper, type NetspecPlan, type RespecPlan } from '../../src/providers/aliyun/ecs/ecs-jobs.js';

const durations = stepDurations('realistic');

function server(vmState: Server['vmState']): Server {
  return {
    cloud: 'aliyun', id: 'i-1', accountId: 'a', projectId: 'aliyun/r', region: 'r', az: 'z', name: 'n', flavorId: 'ecs.g6.large',
    vmState, taskState: null, billing: 'prepaid', spot: false, osType: 'Linux', imageId: 'i', imageName: 'i', imageType: 'gold',
    dedicatedHostId: null, tags: {}, enterpriseProjectId: '0', locked: false, frozen: false, cpuThreads: null, busyJobId: 'job-1',
    expiresAt: null, createdAt: 0, updatedAt: 0, version: 1,
  };
}

function job(reboot: boolean): Job {
  return {
    id: 'job-1', cloud: 'aliyun', accountId: 'a', projectId: 'aliyun/r', parentId: null, type: 'ModifyPrepayInstanceSpec', status: 'INIT', serverId: 'i-1',
    plan: { kind: 'respec', fromFlavorId: 'ecs.g6.large', toFlavorId: 'ecs.g6.xlarge', reboot } as RespecPlan, phase: 'accepted', orderId: null,
    errorCode: null, failReason: null, createdAt: 0, beginAt: null, endAt: null, purgeAt: null, dueAt: 0, childCount: 0,
  };
}

/** Steps until the job ends; returns the phases seen and the final server. */
function run(j: Job, s: Server, fault: string | null = null): { phases: string[]; job: Job; server: Server } {
  const phases: string[] = [];
  let now = 0;
  while (j.status === 'INIT' || j.status === 'RUNNING') {
    const r = respecStepper.step(j, s, { now, durations, injectedFault: respecStepper.faultLandsOn(j) ? fault : null });
    j = r.job;
    s = r.server!;
    phases.push(`${j.phase}:${s.vmState}/${s.taskState ?? '-'}:${s.flavorId}`);
    assert.equal(s.version, phases.length + 1, 'every step writes the server once');
    now = j.dueAt ?? now;
  }
  return { phases, job: j, server: s };
}

test('without a reboot: the type changes in place and the power state stays', () => {
  const r = run(job(false), server('active'));
  assert.deepEqual(r.phases, ['resizing:active/-:ecs.g6.large', 'done:active/-:ecs.g6.xlarge']);
  assert.equal(r.job.status, 'SUCCESS');
  assert.equal(r.server.busyJobId, null);
});

test('with a reboot, a Running instance goes Stopping, Starting, Running with its new type', () => {
  const r = run(job(true), server('active'));
  assert.deepEqual(r.phases, [
    'resizing:active/-:ecs.g6.large',
    'rebooting:active/powering-off:ecs.g6.xlarge',
    'powering:stopped/powering-on:ecs.g6.xlarge',
    'done:active/-:ecs.g6.xlarge',
  ]);
  assert.equal(r.job.endAt, durations.resize + durations.stop + durations.start);
});

test('with a reboot, a Stopped instance stays Stopped ("a Stopped instance stays Stopped")', () => {
  const r = run(job(true), server('stopped'));
  assert.deepEqual(r.phases, ['resizing:stopped/-:ecs.g6.large', 'done:stopped/-:ecs.g6.xlarge']);
});

test('an injected fault fails the change (old type kept) or the restart (left Stopped)', () => {
  const early = run(job(false), server('active'), 'boom');
  assert.equal(early.job.status, 'FAIL');
  assert.equal(early.server.flavorId, 'ecs.g6.large');
  assert.equal(early.server.busyJobId, null);
  // the fault only at the restart: let the change succeed first
  let j = job(true);
  let s = server('active');
  for (const fault of [null, null, null, 'boom']) {
    const r = respecStepper.step(j, s, { now: 0, durations, injectedFault: fault });
    j = r.job;
    s = r.server!;
  }
  assert.equal(j.status, 'FAIL');
  assert.deepEqual([s.vmState, s.taskState, s.flavorId, s.busyJobId], ['stopped', null, 'ecs.g6.xlarge', null]);
});

test('with RebootTime, the restart waits: the new type at once, Stopping only at the time chosen', () => {
  const j = job(true);
  (j.plan as RespecPlan).rebootAt = 3_600_000;
  const r = run(j, server('active'));
  assert.deepEqual(r.phases, [
    'resizing:active/-:ecs.g6.large',
    'awaiting-reboot:active/-:ecs.g6.xlarge',
    'rebooting:active/powering-off:ecs.g6.xlarge',
    'powering:stopped/powering-on:ecs.g6.xlarge',
    'done:active/-:ecs.g6.xlarge',
  ]);
  assert.equal(r.job.endAt, 3_600_000 + durations.stop + durations.start);
  // stopped in the meantime (a console stop is refused while the job holds it, but a world reload could): no restart
  const k = job(true);
  (k.plan as RespecPlan).rebootAt = 3_600_000;
  const first = respecStepper.step(k, server('active'), { now: 0, durations, injectedFault: null });
  const second = respecStepper.step(first.job, first.server!, { now: durations.resize, durations, injectedFault: null });
  const third = respecStepper.step(second.job, { ...second.server!, vmState: 'stopped' }, { now: 3_600_000, durations, injectedFault: null });
  assert.deepEqual([third.job.status, third.server!.vmState, third.server!.busyJobId], ['SUCCESS', 'stopped', null]);
});

test('netspec: a paid subscription bandwidth change applies in one step; a fault leaves the bandwidth as it was', () => {
  const plan: NetspecPlan = { kind: 'netspec', out: 20, in: 20, chargeType: 'PayByBandwidth', publicIp: '47.96.1.1' };
  const s: Server = {
    ...server('active'),
    aliyun: {
      internetChargeType: 'PayByTraffic', bandwidthOut: 0, bandwidthIn: 10, vpcId: 'v', vSwitchId: 'w', privateIp: '172.16.0.1', publicIp: null, eip: null,
      securityGroupIds: [], operationLocks: [], deletionProtection: false, hostName: 'h', description: '', osName: 'l', ioOptimized: true,
      systemDiskCategory: 'cloud_essd', stoppedMode: 'Not-applicable', startedAt: 0, unpaidOrder: false, downgradeCount: 0, lastDowngradeAt: null,
    },
  };
  const j: Job = { ...job(false), type: 'ModifyInstanceNetworkSpec', plan };
  const r = netspecStepper.step(j, s, { now: 5, durations, injectedFault: null });
  assert.equal(r.job.status, 'SUCCESS');
  assert.deepEqual([r.server!.aliyun!.bandwidthOut, r.server!.aliyun!.bandwidthIn, r.server!.aliyun!.internetChargeType, r.server!.aliyun!.publicIp, r.server!.busyJobId], [20, 20, 'PayByBandwidth', '47.96.1.1', null]);
  // an address it already has is kept
  const kept = netspecStepper.step(j, { ...s, aliyun: { ...s.aliyun!, publicIp: '47.96.9.9' } }, { now: 5, durations, injectedFault: null });
  assert.equal(kept.server!.aliyun!.publicIp, '47.96.9.9');
  assert.equal(netspecStepper.faultLandsOn(j), true);
  const failed = netspecStepper.step(j, s, { now: 5, durations, injectedFault: 'boom' });
  assert.deepEqual([failed.job.status, failed.job.errorCode, failed.server!.aliyun!.bandwidthOut, failed.server!.busyJobId], ['FAIL', 'InternalError', 0, null]);
  const gone = netspecStepper.step(j, null, { now: 5, durations, injectedFault: null });
  assert.equal(gone.job.errorCode, 'InvalidInstanceId.NotFound');
});
