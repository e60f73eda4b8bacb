// Huawei Cloud ECS as a provider: its operations under /v1 and /v1.1, its job state machines, what
// paying a resize order does, and its part of the world file.
import { stepDurations } from '../../../core/clock.js';
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei, requireProject } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { huaweiCloudFaults } from '../shared/huawei-faults.js';
import { describeOperations, endpointOf, serveOperations } from '../shared/huawei-operation.js';
import { huaweiEcsFamily } from '../shared/huawei-unrouted.js';
import type { EcsEnv } from './ecs-env.js';
import { registerEcsJobs } from './ecs-jobs.js';
import { ECS_OPERATIONS } from './ecs-operations.js';
import { ECS_REFUSALS } from './ecs-refusals.js';
import { EcsService } from './ecs-service.js';
import { ecsWorldSection } from './ecs-world.js';
import { serverStatus } from './rules/server-status.js';

export const huaweiEcsPlugin: ProviderPlugin = {
  name: 'huawei-ecs',
  operations: describeOperations('ecs', ECS_OPERATIONS),
  worldSections: [ecsWorldSection],
  family: huaweiEcsFamily,
  cloud: { id: 'huawei', faults: huaweiCloudFaults, status: (s) => serverStatus(s.vmState, s.taskState) },
  async register(app, ctx) {
    const ecs = new EcsService(ctx.store, ctx.world, ctx.clock, ctx.engine, ctx.orders, stepDurations(ctx.timing).dispatch);
    registerEcsJobs(ctx.engine);
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'ecs',
        reasons: ECS_REFUSALS,
        framework: (message, status) => new HuaweiFailure('Ecs.0005', `Invalid request: ${message}`, status),
        internal: new HuaweiFailure('Common.0001', 'System error.'),
      }),
    );
    serveOperations<EcsEnv>(app, 'ecs', ECS_OPERATIONS, async (req) => {
      const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
      const projectId = requireProject(caller, ctx.world, (req.params as { project_id: string }).project_id);
      return { ctx, ecs, caller: { accountId: caller.accountId, projectId }, endpoint: endpointOf(req) };
    });
  },
};
