// Alibaba ECS job state machines, registered with the job engine for cloud 'aliyun': the in-place
// type change (ModifyPrepayInstanceSpec, ModifyInstanceSpec with Async) and StopInstance/StartInstance.
import type { JobRunner, JobStepper } from '../../../core/jobs/job-runner.js';
import type { AliyunInstanceAttributes, JobPlan, Server } from '../../../core/model/types.js';
import { bump, finished, running, unknownPhase } from '../../../jobs/job-transitions.js';
import { powerStepper } from '../../../jobs/power-stepper.js';

export interface RespecPlan extends JobPlan {
  kind: 'respec';
  fromFlavorId: string;
  toFlavorId: string;
  /** RebootWhenFinished: a Running instance goes Stopping -> Starting -> Running after the change */
  reboot: boolean;
  /** RebootTime (ms): the restart waits until then */
  rebootAt?: number;
}

/** A subscription's bandwidth change (ModifyInstanceNetworkSpec) waiting for its order to be paid. */
export interface NetspecPlan extends JobPlan {
  kind: 'netspec';
  out: number;
  in: number;
  chargeType: 'PayByTraffic' | 'PayByBandwidth';
  /** the static public IP it assigns (a subscription going above 0 Mbit/s, or AllocatePublicIp), if any */
  publicIp: string | null;
}

/** The instance's network attributes once a bandwidth change applies (at once, or when its order is paid). */
export function netspecAttributes(s: Server, plan: NetspecPlan): Partial<AliyunInstanceAttributes> {
  return {
    bandwidthOut: plan.out,
    bandwidthIn: plan.in,
    internetChargeType: plan.chargeType,
    publicIp: s.aliyun?.publicIp ?? plan.publicIp,
  };
}

/** What a job's error code says when an instance is gone or a step failed (an injected fault). */
const GONE = { code: 'InvalidInstanceId.NotFound', reason: 'The specified InstanceId does not exist.' };
const FAILED = 'InternalError';

/**
 * The type changes while the instance keeps its state ("completes in 5 to 10 seconds"); with
 * RebootWhenFinished a Running instance then goes Stopping -> Starting -> Running. A Stopped one
 * stays Stopped. The last step of either path is where an injected fault lands.
 */
export const respecStepper: JobStepper = {
  faultLandsOn: (job) => job.phase === 'resizing' || job.phase === 'powering',
  failureCode: FAILED,
  step(job, server, { now, durations, injectedFault }) {
    const plan = job.plan as RespecPlan;
    if (!server) return { job: finished(job, now, false, GONE.code, GONE.reason), server: null };
    switch (job.phase) {
      case 'accepted':
        return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, {}) };
      case 'resizing':
        if (injectedFault) return { job: finished(job, now, false, FAILED, injectedFault), server: bump(server, now, { busyJobId: null }) };
        if (plan.reboot && server.vmState === 'active') {
          // RebootTime: the new type is in place, the restart waits for the time the caller chose
          if (plan.rebootAt !== undefined && plan.rebootAt > now) {
            return { job: running(job, now, 'awaiting-reboot', plan.rebootAt), server: bump(server, now, { flavorId: plan.toFlavorId }) };
          }
          return { job: running(job, now, 'rebooting', now + durations.stop), server: bump(server, now, { flavorId: plan.toFlavorId, taskState: 'powering-off' }) };
        }
        return { job: finished(job, now, true), server: bump(server, now, { flavorId: plan.toFlavorId, busyJobId: null }) };
      case 'awaiting-reboot':
        if (server.vmState !== 'active') return { job: finished(job, now, true), server: bump(server, now, { busyJobId: null }) };
        return { job: running(job, now, 'rebooting', now + durations.stop), server: bump(server, now, { taskState: 'powering-off' }) };
      case 'rebooting':
        return { job: running(job, now, 'powering', now + durations.start), server: bump(server, now, { vmState: 'stopped', taskState: 'powering-on' }) };
      case 'powering':
        if (injectedFault) {
          // the start half of the reboot failed: the instance is left Stopped, with its new type
          return { job: finished(job, now, false, FAILED, injectedFault), server: bump(server, now, { taskState: null, busyJobId: null }) };
        }
        return { job: finished(job, now, true), server: bump(server, now, { vmState: 'active', taskState: null, busyJobId: null }) };
    }
    return unknownPhase(job);
  },
};

/** The paid bandwidth change applies in one step; an injected fault leaves the bandwidth as it was. */
export const netspecStepper: JobStepper = {
  faultLandsOn: (job) => job.phase === 'accepted',
  step(job, server, { now, injectedFault }) {
    const plan = job.plan as NetspecPlan;
    if (!server) return { job: finished(job, now, false, GONE.code, GONE.reason), server: null };
    if (job.phase !== 'accepted') return unknownPhase(job);
    if (injectedFault) return { job: finished(job, now, false, FAILED, injectedFault), server: bump(server, now, { busyJobId: null }) };
    const aliyun = server.aliyun ? { ...server.aliyun, ...netspecAttributes(server, plan) } : server.aliyun;
    return { job: finished(job, now, true), server: bump(server, now, { busyJobId: null, ...(aliyun ? { aliyun } : {}) }) };
  },
};

export function registerAliyunJobs(engine: JobRunner): void {
  engine.register('aliyun', 'respec', respecStepper);
  engine.register('aliyun', 'netspec', netspecStepper);
  engine.register('aliyun', 'stop', powerStepper('stop', { failed: FAILED, missing: GONE }));
  engine.register('aliyun', 'start', powerStepper('start', { failed: FAILED, missing: GONE }));
}
