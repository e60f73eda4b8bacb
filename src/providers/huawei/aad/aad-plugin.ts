// Huawei Advanced Anti-DDoS as a provider: specification changes billed as orders, the read-back
// calls, and the "aad" section of the world file.
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, serveOperations } from '../shared/huawei-operation.js';
import { huaweiAadFamily } from '../shared/huawei-unrouted.js';
import { AAD_OPERATIONS, type AadEnv } from './aad-operations.js';
import { shippedAadPrices } from './aad-pricing.js';
import { AAD_REFUSALS } from './aad-refusals.js';
import { AadService } from './aad-service.js';
import { aadWorldSection } from './aad-world.js';

export const huaweiAadPlugin: ProviderPlugin = {
  name: 'huawei-aad',
  operations: describeOperations('aad', AAD_OPERATIONS),
  worldSections: [aadWorldSection],
  family: huaweiAadFamily,
  async register(app, ctx) {
    const aad = new AadService(ctx.store, ctx.clock, ctx.orders, shippedAadPrices());
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'aad',
        reasons: AAD_REFUSALS,
        framework: (message, status) => new HuaweiFailure('Anti-DDoS.10000001', `Invalid request message: ${message}`, status),
        internal: new HuaweiFailure('Anti-DDoS.11000000', 'Internal error.'),
      }),
    );
    serveOperations<AadEnv>(app, 'aad', AAD_OPERATIONS, async (req) => ({
      ctx,
      aad,
      accountId: (await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock)).accountId,
    }));
  },
};
