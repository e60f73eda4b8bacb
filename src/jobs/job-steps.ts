// The job state machines as pure functions: given a job, its server and the time, the next
// state of both. The engine commits each result in one transaction, so a crash between steps
// resumes at the last committed phase and a step is never applied twice.
import type { Job, JobPlan, Server } from '../core/model/types.js';
import type { StepDurations } from '../core/clock.js';

/** SUCCESS/FAIL jobs are deleted a day after they end (ShowJob reference). */
export const JOB_RETENTION_MS = 24 * 3600 * 1000;

export interface StepResult {
  job: Job;
  server: Server | null;
}

export interface StepContext {
  now: number;
  durations: StepDurations;
  /** a failure injected for this server through the control API, consumed by the step that reports it */
  injectedFault: string | null;
}

const bump = (s: Server, now: number, patch: Partial<Server>): Server => ({ ...s, ...patch, updatedAt: now, version: s.version + 1 });

const running = (job: Job, now: number, phase: string, dueAt: number): Job => ({
  ...job,
  status: 'RUNNING',
  phase,
  beginAt: job.beginAt ?? now,
  dueAt,
});

const finished = (job: Job, now: number, ok: boolean, errorCode: string | null = null, failReason: string | null = null): Job => ({
  ...job,
  status: ok ? 'SUCCESS' : 'FAIL',
  phase: 'done',
  beginAt: job.beginAt ?? now,
  endAt: now,
  // sub-jobs go with their parent, never before it
  purgeAt: job.parentId ? null : now + JOB_RETENTION_MS,
  dueAt: null,
  errorCode,
  failReason,
});

export function advanceJob(job: Job, server: Server | null, ctx: StepContext): StepResult {
  const { now, durations } = ctx;
  const plan = job.plan;
  if (!plan || plan.kind === 'batch') throw new Error(`job ${job.id} has no single-server plan`);
  if (!server) {
    return { job: finished(job, now, false, 'Ecs.0114', 'The ECS does not exist.'), server: null };
  }
  switch (plan.kind) {
    case 'resize': {
      if (job.phase === 'accepted') {
        if (server.vmState === 'active') {
          return { job: running(job, now, 'stopping', now + durations.stop), server: bump(server, now, { taskState: 'powering-off' }) };
        }
        return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, { taskState: 'resize_prep' }) };
      }
      if (job.phase === 'stopping') {
        return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, { vmState: 'stopped', taskState: 'resize_prep' }) };
      }
      if (job.phase === 'resizing') {
        const restoredVm = plan.restart ? 'active' : 'stopped';
        if (ctx.injectedFault) {
          return {
            job: finished(job, now, false, 'Ecs.0207', `Failed to modify the ECS specifications: ${ctx.injectedFault}`),
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
      break;
    }
    case 'stop':
    case 'start': {
      const target = plan.kind === 'stop' ? 'stopped' : 'active';
      if (job.phase === 'accepted') {
        if (server.vmState === target) {
          // already there: Nova treats this as done, the job succeeds without a transition
          return { job: finished(job, now, true), server: bump(server, now, { busyJobId: null }) };
        }
        const delay = plan.kind === 'stop' ? durations.stop : durations.start;
        return {
          job: running(job, now, 'powering', now + delay),
          server: bump(server, now, { taskState: plan.kind === 'stop' ? 'powering-off' : 'powering-on' }),
        };
      }
      if (job.phase === 'powering') {
        if (ctx.injectedFault) {
          return {
            job: finished(job, now, false, plan.kind === 'stop' ? 'Ecs.0215' : 'Ecs.0216', ctx.injectedFault),
            server: bump(server, now, { taskState: null, busyJobId: null }),
          };
        }
        return { job: finished(job, now, true), server: bump(server, now, { vmState: target, taskState: null, busyJobId: null }) };
      }
      break;
    }
    case 'respec':
      return advanceRespec(job, plan, server, ctx);
  }
  throw new Error(`job ${job.id} is in unknown phase ${job.phase}`);
}

/**
 * Alibaba's in-place type change (ModifyPrepayInstanceSpec, ModifyInstanceSpec with Async): the
 * type changes while the instance keeps its state ("completes in 5 to 10 seconds"); with
 * RebootWhenFinished a Running instance then goes Stopping -> Starting -> Running. A Stopped one
 * stays Stopped. The last step of either path is where an injected fault lands.
 */
function advanceRespec(job: Job, plan: Extract<JobPlan, { kind: 'respec' }>, server: Server, ctx: StepContext): StepResult {
  const { now, durations } = ctx;
  switch (job.phase) {
    case 'accepted':
      return { job: running(job, now, 'resizing', now + durations.resize), server: bump(server, now, {}) };
    case 'resizing':
      if (ctx.injectedFault) {
        return { job: finished(job, now, false, 'InternalError', ctx.injectedFault), server: bump(server, now, { busyJobId: null }) };
      }
      if (plan.reboot && server.vmState === 'active') {
        return { job: running(job, now, 'rebooting', now + durations.stop), server: bump(server, now, { flavorId: plan.toFlavorId, taskState: 'powering-off' }) };
      }
      return { job: finished(job, now, true), server: bump(server, now, { flavorId: plan.toFlavorId, busyJobId: null }) };
    case 'rebooting':
      return { job: running(job, now, 'powering', now + durations.start), server: bump(server, now, { vmState: 'stopped', taskState: 'powering-on' }) };
    case 'powering':
      if (ctx.injectedFault) {
        // the start half of the reboot failed: the instance is left Stopped, with its new type
        return { job: finished(job, now, false, 'InternalError', ctx.injectedFault), server: bump(server, now, { taskState: null, busyJobId: null }) };
      }
      return { job: finished(job, now, true), server: bump(server, now, { vmState: 'active', taskState: null, busyJobId: null }) };
  }
  throw new Error(`job ${job.id} is in unknown phase ${job.phase}`);
}

/** A parent's status follows its children: RUNNING while any runs, SUCCESS when all succeed, FAIL otherwise. */
export function settleParent(parent: Job, children: readonly Job[], now: number): Job {
  const done = children.filter((c) => c.status === 'SUCCESS' || c.status === 'FAIL');
  if (done.length < children.length) {
    const started = children.some((c) => c.status !== 'INIT');
    return started && parent.status === 'INIT' ? { ...parent, status: 'RUNNING', beginAt: parent.beginAt ?? now } : parent;
  }
  const failed = children.filter((c) => c.status === 'FAIL');
  if (failed.length === 0) return finished(parent, now, true);
  const first = failed[0]!;
  return finished(
    parent,
    now,
    false,
    first.errorCode,
    failed.map((c) => `${c.serverId}: ${c.failReason ?? c.errorCode}`).join('; '),
  );
}
