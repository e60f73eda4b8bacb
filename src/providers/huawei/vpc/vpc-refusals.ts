// Why VPC refuses a request, and the code each reason answers with (vpc_api_0003; the port codes
// are decisions, docs/huawei-vpc.md).
import { fail, type CoreReason } from '../../../core/errors.js';
import { HuaweiFailure, type HuaweiErrorCode } from '../shared/huawei-errors.js';

export type VpcReason = 'port.not-found';

export const refuse = (reason: VpcReason, message: string, subjects: readonly string[] = []): never => fail(reason, message, subjects);

/** A malformed query parameter. */
export const vpcInvalid = (message: string): HuaweiFailure => new HuaweiFailure('VPC.2500', `Param is invalid: ${message}`);

export const VPC_REFUSALS: Record<VpcReason | CoreReason, HuaweiErrorCode> = {
  'port.not-found': 'VPC.2501',
  'order.not-payable': 'VPC.2500',
  'order.balance': 'VPC.2500',
  'resource.busy': 'VPC.2500',
};
