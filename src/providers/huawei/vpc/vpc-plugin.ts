// Huawei VPC as a provider: the ports (NICs) of the world's servers under /v1/{project_id}/ports,
// answered in VPC's envelope ({"code","message"}).
import type { ProviderPlugin } from '../../provider-plugin.js';
import { huaweiVpcFamily } from '../shared/huawei-unrouted.js';
import { authenticateHuawei, requireProject } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, serveOperations } from '../shared/huawei-operation.js';
import { VPC_OPERATIONS, type VpcEnv } from './vpc-operations.js';
import { VPC_REFUSALS } from './vpc-refusals.js';

export const huaweiVpcPlugin: ProviderPlugin = {
  name: 'huawei-vpc',
  operations: describeOperations('vpc', VPC_OPERATIONS),
  family: huaweiVpcFamily,
  async register(app, ctx) {
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'vpc',
        reasons: VPC_REFUSALS,
        framework: (message, status) => new HuaweiFailure('APIGW.0201', `Invalid request: ${message}`, status),
        internal: new HuaweiFailure('Common.0001', 'System error.'),
      }),
    );
    serveOperations<VpcEnv>(app, 'vpc', VPC_OPERATIONS, async (req) => {
      const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
      let projectId: string;
      try {
        projectId = requireProject(caller, ctx.world, (req.params as { project_id: string }).project_id);
      } catch (err) {
        // VPC's own code for a project in the URL that is not the caller's
        if (err instanceof HuaweiFailure && err.code === 'Common.0018') throw new HuaweiFailure('VPC.0007', 'urlTenantId is not equal tokenTenantId');
        throw err;
      }
      return { ctx, caller: { accountId: caller.accountId, projectId } };
    });
  },
};
