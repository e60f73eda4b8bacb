// Huawei IAM as a provider: Keystone v3 tokens and look-ups, and the regions and projects of the
// world every Huawei service stands on.
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, endpointOf, serveOperations } from '../shared/huawei-operation.js';
import { IAM_OPERATIONS, type IamEnv } from './iam-operations.js';
import { iamWorldSection } from './iam-world.js';

export const huaweiIamPlugin: ProviderPlugin = {
  name: 'huawei-iam',
  operations: describeOperations('iam', IAM_OPERATIONS),
  worldSections: [iamWorldSection],
  async register(app, ctx) {
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'gateway',
        reasons: {},
        framework: (message, status) => new HuaweiFailure('IAM.0011', message, status),
        internal: new HuaweiFailure('IAM.0001', 'System error.'),
      }),
    );
    serveOperations<IamEnv>(app, 'iam', IAM_OPERATIONS, async (req, op) => ({
      ctx,
      caller: op.anonymous ? null : await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock),
      endpoint: endpointOf(req),
    }));
  },
};
