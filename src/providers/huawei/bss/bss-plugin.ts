// Huawei BSS (the billing center) as a provider: customer orders, paid and cancelled through the
// order book, whose hooks the ordering services registered; the yearly/monthly resources those
// orders created or changed; the product dictionary.
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, serveOperations } from '../shared/huawei-operation.js';
import { ecsInventory, ecsOrderLines, ECS_RESIZE_ORDER_KIND } from './bss-ecs-resources.js';
import { BSS_OPERATIONS, type BssEnv } from './bss-operations.js';
import { BSS_REFUSALS } from './bss-refusals.js';

export const huaweiBssPlugin: ProviderPlugin = {
  name: 'huawei-bss',
  operations: describeOperations('bss', BSS_OPERATIONS),
  async register(app, ctx) {
    // ECS registers what paying its orders does; what they bill is read here (bss-ecs-resources.ts)
    ctx.orders.registerLines('huawei', ECS_RESIZE_ORDER_KIND, ecsOrderLines(ctx.world));
    ctx.orders.registerInventory('huawei', ecsInventory(ctx.world));
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
