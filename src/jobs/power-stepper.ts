// Starting and stopping a server, the same walk on every cloud: the transitional task state shows
// for the step's duration, then the power state changes. Each cloud registers it with its own
// failure codes (an injected fault lands on the last step).
import type { JobStepper } from '../core/jobs/job-runner.js';
import type { JobPlan } from '../core/model/types.js';
import { bump, finished, running, unknownPhase } from './job-transitions.js';

export interface StopPlan extends JobPlan {
  kind: 'stop';
  hard: boolean;
}

export interface StartPlan extends JobPlan {
  kind: 'start';
}

export const stopPlan = (hard: boolean): StopPlan => ({ kind: 'stop', hard });
export const startPlan = (): StartPlan => ({ kind: 'start' });

export interface PowerFailures {
  /** the job's error code when the last step fails (an injected fault) */
  failed: string;
  /** the job's error code and reason when its server is gone */
  missing: { code: string; reason: string };
}

export function powerStepper(action: 'start' | 'stop', failures: PowerFailures): JobStepper {
  const target = action === 'stop' ? 'stopped' : 'active';
  return {
    faultLandsOn: (job) => job.phase === 'powering',
    failureCode: failures.failed,
    step(job, server, { now, durations, injectedFault }) {
      if (!server) return { job: finished(job, now, false, failures.missing.code, failures.missing.reason), server: null };
      if (job.phase === 'accepted') {
        if (server.vmState === target) {
          // already there: treated as done, the job succeeds without a transition
          return { job: finished(job, now, true), server: bump(server, now, { busyJobId: null }) };
        }
        return {
          job: running(job, now, 'powering', now + (action === 'stop' ? durations.stop : durations.start)),
          server: bump(server, now, { taskState: action === 'stop' ? 'powering-off' : 'powering-on' }),
        };
      }
      if (job.phase === 'powering') {
        if (injectedFault) {
          return { job: finished(job, now, false, failures.failed, injectedFault), server: bump(server, now, { taskState: null, busyJobId: null }) };
        }
        return { job: finished(job, now, true), server: bump(server, now, { vmState: target, taskState: null, busyJobId: null }) };
      }
      return unknownPhase(job);
    },
  };
}
