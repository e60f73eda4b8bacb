// Huawei ECS job state machines, registered with the job engine for cloud 'huawei': the resize
// walk (stop first with withStopServer, resize, start again) and batch start/stop.
import type { JobRunner, JobStepper } from '../../../core/jobs/job-runner.js';
import type { JobPlan, Server } from '../../../core/model/types.js';
import { bump, finished, running, unknownPhase } from '../../../jobs/job-transitions.js';
import { powerStepper } from '../../../jobs/power-stepper.js';
import { HUAWEI_JOB_ERRORS } from '../shared/huawei-errors.js';

export interface ResizePlan extends JobPlan {
  kind: 'resize';
  fromFlavorId: string;
  toFlavorId: string;
  /** a running server is stopped first and started again after (mode withStopServer) */
  restart: boolean;
  cpuThreads: 1 | 2 | null;
  dedicatedHostId: string | null;
}

export const resizePlan = (server: Server, toFlavorId: string, cpuThreads: 1 | 2 | null, dedicatedHostId: string | null): ResizePlan => ({
  kind: 'resize',
  fromFlavorId: server.flavorId,
  toFlavorId,
  restart: server.vmState === 'active',
  cpuThreads,
  dedicatedHostId,
});

const SERVER_GONE = { code: HUAWEI_JOB_ERRORS.serverGone, reason: 'The ECS does not exist.' };

/** accepted -> (stopping) -> resizing -> SUCCESS; the new flavor lands with SUCCESS. */
export const resizeStepper: JobStepper = {
  faultLandsOn: (job) => job.phase === 'resizing',
  failureCode: HUAWEI_JOB_ERRORS.resizeFailed,
  step(job, server, ctx) {
    const { now, durations } = ctx;
    const plan = job.plan as ResizePlan;
    if (!server) return { job: finished(job, now, false, SERVER_GONE.code, SERVER_GONE.reason), server: null };
    switch (job.phase) {
      case 'accepted':
        if (server.vmState === 'active') {
          return { job: running(job, now, 'stopping', now + durations.stop), server: bump(server, now, { taskState: 'powering-off' }) };
        }
        return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, { taskState: 'resize_prep' }) };
      case 'stopping':
        return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, { vmState: 'stopped', taskState: 'resize_prep' }) };
      case 'resizing': {
        const restoredVm = plan.restart ? 'active' : 'stopped';
        if (ctx.injectedFault) {
          return {
            job: finished(job, now, false, HUAWEI_JOB_ERRORS.resizeFailed, `Failed to modify the ECS specifications: ${ctx.injectedFault}`),
            server: bump(server, now, { vmState: restoredVm, taskState: null, busyJobId: null }),
          };
        }
        // the new flavor lands in the same transaction that marks the job SUCCESS
        return {
          job: finished(job, now, true),
          server: bump(server, now, {
            flavorId: plan.toFlavorId,
            vmState: restoredVm,
            taskState: null,
            busyJobId: null,
            cpuThreads: plan.cpuThreads ?? server.cpuThreads,
            dedicatedHostId: plan.dedicatedHostId ?? server.dedicatedHostId,
          }),
        };
      }
    }
    return unknownPhase(job);
  },
};

export function registerEcsJobs(engine: JobRunner): void {
  engine.register('huawei', 'resize', resizeStepper);
  engine.register('huawei', 'stop', powerStepper('stop', { failed: HUAWEI_JOB_ERRORS.stopFailed, missing: SERVER_GONE }));
  engine.register('huawei', 'start', powerStepper('start', { failed: HUAWEI_JOB_ERRORS.startFailed, missing: SERVER_GONE }));
}
