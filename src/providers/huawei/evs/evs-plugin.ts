// Huawei EVS as a provider: the disks of the world's servers under /v2/{project_id}/cloudvolumes,
// answered in EVS's envelope ({"error":{"message","code"}}).
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei, requireProject } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, endpointOf, serveOperations } from '../shared/huawei-operation.js';
import { EVS_OPERATIONS, type EvsEnv } from './evs-operations.js';
import { EVS_REFUSALS } from './evs-refusals.js';

export const huaweiEvsPlugin: ProviderPlugin = {
  name: 'huawei-evs',
  operations: describeOperations('evs', EVS_OPERATIONS),
  async register(app, ctx) {
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'ecs',
        reasons: EVS_REFUSALS,
        framework: (message, status) => new HuaweiFailure('APIGW.0201', `Invalid request: ${message}`, status),
        internal: new HuaweiFailure('Common.0001', 'System error.'),
      }),
    );
    serveOperations<EvsEnv>(app, 'evs', EVS_OPERATIONS, async (req) => {
      const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
      const projectId = requireProject(caller, ctx.world, (req.params as { project_id: string }).project_id);
      return { ctx, caller: { accountId: caller.accountId, projectId }, endpoint: endpointOf(req) };
    });
  },
};
