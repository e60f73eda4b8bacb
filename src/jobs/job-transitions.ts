// The moves every provider's state machine is made of: a job starts or goes on running, a job
// finishes, a server changes. Pure functions; the engine commits what a stepper returns.
import type { Job, Server } from '../core/model/types.js';

/** SUCCESS/FAIL jobs are deleted a day after they end (Huawei ShowJob reference; Alibaba keeps none visible). */
export const JOB_RETENTION_MS = 24 * 3600 * 1000;

/** The server with `patch` applied, its version bumped for the store's compare-and-set. */
export const bump = (s: Server, now: number, patch: Partial<Server>): Server => ({ ...s, ...patch, updatedAt: now, version: s.version + 1 });

/** The job in `phase`, RUNNING, its next step due at `dueAt`. */
export const running = (job: Job, now: number, phase: string, dueAt: number): Job => ({
  ...job,
  status: 'RUNNING',
  phase,
  beginAt: job.beginAt ?? now,
  dueAt,
});

/** The job ended, successfully or with the cloud's error code and reason. */
export const finished = (job: Job, now: number, ok: boolean, errorCode: string | null = null, failReason: string | null = null): Job => ({
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

/** The step a job took in a phase its machine does not know: a defect, never a cloud answer. */
export const unknownPhase = (job: Job): never => {
  throw new Error(`job ${job.id} (${job.cloud}/${job.plan?.kind}) is in unknown phase ${job.phase}`);
};
