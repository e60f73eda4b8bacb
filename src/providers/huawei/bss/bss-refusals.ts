// Why the billing center (BSS/CBC) refuses, and the code each reason answers with.
import { fail, type CoreReason } from '../../../core/errors.js';
import type { HuaweiErrorCode } from '../shared/huawei-errors.js';

export type BssReason = 'order.not-found' | 'order.not-cancellable';

export const refuse = (reason: BssReason, message: string, subjects: readonly string[] = []): never => fail(reason, message, subjects);

export const BSS_REFUSALS: Record<BssReason | CoreReason, HuaweiErrorCode> = {
  'order.not-found': 'CBC.0100',
  // api_order_00017: the order status does not allow cancellation
  'order.not-cancellable': 'CBC.99005010',
  'order.not-payable': 'CBC.0100',
  'order.balance': 'CBC.99005003',
  'resource.busy': 'CBC.0100',
};
