// Huawei BSS (the billing center) as a provider: customer orders, paid and cancelled through the
// order book, whose hooks the ordering services registered.
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, serveOperations } from '../shared/huawei-operation.js';
import { BSS_OPERATIONS, type BssEnv } from './bss-operations.js';
import { BSS_REFUSALS } from './bss-refusals.js';

export const huaweiBssPlugin: ProviderPlugin = {
  name: 'huawei-bss',
  operations: describeOperations('bss', BSS_OPERATIONS),
  async register(app, ctx) {
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'gateway',
        reasons: BSS_REFUSALS,
        framework: (message, status) => new HuaweiFailure('CBC.0100', `Parameter error: ${message}`, status),
        internal: new HuaweiFailure('CBC.0999', 'Other errors.'),
      }),
    );
    serveOperations<BssEnv>(app, 'bss', BSS_OPERATIONS, async (req) => ({ ctx, caller: await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock) }));
  },
};
