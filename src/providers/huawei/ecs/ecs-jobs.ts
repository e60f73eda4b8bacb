// Huawei ECS job state machines, registered with the job engine for cloud 'huawei': the resize
// walk (stop first with withStopServer, the four resize task states, start again) and batch start/stop.
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

/**
 * The resize walk as ECS shows it (Nova's task states, ecs_08_0002):
 *
 *   (withStopServer on a running server) stopping: ACTIVE, task_state powering-off
 *   prep:       RESIZE, resize_prep        (vm_state stopped)
 *   migrating:  RESIZE, resize_migrating
 *   migrated:   RESIZE, resize_migrated
 *   finishing:  RESIZE, resize_finish
 *   (a server that was running) starting: SHUTOFF, task_state powering-on
 *   done:       SUCCESS; ACTIVE again, or still SHUTOFF
 *
 * Each phase is one committed step, so a crash resumes at the last one. The new flavor lands in
 * the transaction that marks the job SUCCESS, and only there. An injected fault fails the
 * resize_finish step (Ecs.0207): the server keeps its flavor and returns to its power state.
 */
export const resizeStepper: JobStepper = {
  // 'resizing' is the single resize phase of data directories written before the walk had steps
  faultLandsOn: (job) => job.phase === 'finishing' || job.phase === 'resizing',
  failureCode: HUAWEI_JOB_ERRORS.resizeFailed,
  step(job, server, ctx) {
    const { now, durations } = ctx;
    const plan = job.plan as ResizePlan;
    if (!server) return { job: finished(job, now, false, SERVER_GONE.code, SERVER_GONE.reason), server: null };
    const to = (phase: string, after: number, patch: Partial<Server>) => ({ job: running(job, now, phase, now + after), server: bump(server, now, patch) });
    const done = () => ({
      // the new flavor lands in the same transaction that marks the job SUCCESS
      job: finished(job, now, true),
      server: bump(server, now, {
        flavorId: plan.toFlavorId,
        vmState: plan.restart ? 'active' : 'stopped',
        taskState: null,
        busyJobId: null,
        cpuThreads: plan.cpuThreads ?? server.cpuThreads,
        dedicatedHostId: plan.dedicatedHostId ?? server.dedicatedHostId,
      }),
    });
    switch (job.phase) {
      case 'accepted':
        if (server.vmState === 'active') return to('stopping', durations.stop, { taskState: 'powering-off' });
        return to('prep', durations.resizePrep, { taskState: 'resize_prep' });
      case 'stopping':
        return to('prep', durations.resizePrep, { vmState: 'stopped', taskState: 'resize_prep' });
      case 'prep':
        return to('migrating', durations.resizeMigrating, { taskState: 'resize_migrating' });
      case 'migrating':
        return to('migrated', durations.resizeMigrated, { taskState: 'resize_migrated' });
      case 'migrated':
        return to('finishing', durations.resizeFinish, { taskState: 'resize_finish' });
      case 'finishing':
      case 'resizing': {
        if (ctx.injectedFault) {
          return {
            job: finished(job, now, false, HUAWEI_JOB_ERRORS.resizeFailed, `Failed to modify the ECS specifications: ${ctx.injectedFault}`),
            server: bump(server, now, { vmState: plan.restart ? 'active' : 'stopped', taskState: null, busyJobId: null }),
          };
        }
        // withStopServer starts the server it stopped (SDK model: "starts it after success")
        if (plan.restart) return to('starting', durations.start, { vmState: 'stopped', taskState: 'powering-on' });
        return done();
      }
      case 'starting':
        return done();
    }
    return unknownPhase(job);
  },
};

export function registerEcsJobs(engine: JobRunner): void {
  engine.register('huawei', 'resize', resizeStepper);
  engine.register('huawei', 'stop', powerStepper('stop', { failed: HUAWEI_JOB_ERRORS.stopFailed, missing: SERVER_GONE }));
  engine.register('huawei', 'start', powerStepper('start', { failed: HUAWEI_JOB_ERRORS.startFailed, missing: SERVER_GONE }));
}
