// Why EVS refuses a request, and the code each reason answers with (evs_04_0038).
import { fail, type CoreReason } from '../../../core/errors.js';
import type { HuaweiErrorCode } from '../shared/huawei-errors.js';

export type EvsReason = 'volume.not-found';

export const refuse = (reason: EvsReason, message: string, subjects: readonly string[] = []): never => fail(reason, message, subjects);

export const EVS_REFUSALS: Record<EvsReason | CoreReason, HuaweiErrorCode> = {
  'volume.not-found': 'EVS.5404',
  'order.not-payable': 'Common.0001',
  'order.balance': 'Common.0001',
  'resource.busy': 'Common.0001',
};
