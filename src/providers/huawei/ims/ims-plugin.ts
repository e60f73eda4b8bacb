// Huawei IMS as a provider: the images the world's servers boot from, under /v2/cloudimages (no
// project in the path), answered in IMS's envelope ({"error":{"message","code"}}).
import type { ProviderPlugin } from '../../provider-plugin.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { huaweiErrorHandler } from '../shared/huawei-error-handler.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { describeOperations, serveOperations } from '../shared/huawei-operation.js';
import { IMS_OPERATIONS, type ImsEnv } from './ims-operations.js';
import { imsWorldSection } from './ims-world.js';

export const huaweiImsPlugin: ProviderPlugin = {
  name: 'huawei-ims',
  operations: describeOperations('ims', IMS_OPERATIONS),
  worldSections: [imsWorldSection],
  async register(app, ctx) {
    app.setErrorHandler(
      huaweiErrorHandler({
        envelope: 'ecs',
        reasons: { 'order.not-payable': 'IMG.0001', 'order.balance': 'IMG.0001', 'resource.busy': 'IMG.0001' },
        framework: (message, status) => new HuaweiFailure('IMG.0001', `The request message format is invalid: ${message}`, status),
        internal: new HuaweiFailure('Common.0001', 'System error.'),
      }),
    );
    serveOperations<ImsEnv>(app, 'ims', IMS_OPERATIONS, async (req) => {
      const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
      return { ctx, caller: { accountId: caller.accountId } };
    });
  },
};
