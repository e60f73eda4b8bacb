// Why AAD refuses a change, in domain terms, and the code each reason answers with. The rules
// throw these reasons; the codes come from the one Huawei catalogue. Only AAD.10010035 (unknown
// instance) is known from a real client; the other AAD.* codes are specshift's own (docs/aad.md).
import { fail, type CoreReason } from '../../../core/errors.js';
import { HuaweiFailure, type HuaweiErrorCode } from '../shared/huawei-errors.js';

export type AadReason =
  | 'instance.not-found'
  | 'instance.expired'
  | 'instance.frozen'
  | 'instance.order-pending'
  | 'spec.out-of-range'
  | 'spec.not-applicable'
  | 'spec.elastic-below-basic'
  | 'spec.elastic-service-disabled'
  | 'spec.qps-not-enabled'
  | 'spec.below-usage';

export const refuse = (reason: AadReason, message: string): never => fail(reason, message);

export const AAD_REFUSALS: Record<AadReason | CoreReason, HuaweiErrorCode> = {
  'instance.not-found': 'AAD.10010035',
  'spec.out-of-range': 'AAD.10010001',
  'spec.not-applicable': 'AAD.10010002',
  'spec.elastic-below-basic': 'AAD.10010003',
  'spec.elastic-service-disabled': 'AAD.10010004',
  'spec.qps-not-enabled': 'AAD.10010005',
  'instance.expired': 'AAD.10010006',
  'instance.frozen': 'AAD.10010007',
  'instance.order-pending': 'AAD.10010008',
  'spec.below-usage': 'AAD.10010009',
  // a refusal of the core (the order book) is about what the client asked for: invalid request
  'order.not-payable': 'Anti-DDoS.10000001',
  'order.balance': 'Anti-DDoS.10000001',
  'resource.busy': 'Anti-DDoS.10000001',
};

/** A malformed request: bad JSON, a wrong type, a missing or unknown field ("Invalid request message"). */
export const aadInvalid = (message: string): HuaweiFailure => new HuaweiFailure('Anti-DDoS.10000001', `Invalid request message: ${message}`);
