// ShowJob (ecs_02_0901): a job and its sub-jobs, as the job engine has moved them.
import type { EcsEnv } from '../ecs-env.js';
import { renderJob } from '../ecs-render.js';
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';

export const JOB_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    name: 'ShowJob',
    method: 'GET',
    path: '/v1/:project_id/jobs/:job_id',
    read: (req) => ({ jobId: req.params.job_id! }),
    async handle(cmd, env: EcsEnv) {
      const { job, children } = await env.ecs.getJob(env.caller, cmd.jobId);
      return ok(renderJob(job, children));
    },
  }),
];
