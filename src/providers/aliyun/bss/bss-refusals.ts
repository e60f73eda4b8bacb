// How BSS refuses, as catalogue keys (shared/aliyun-errors.ts): its parameter refusals carry BSS's
// own messages, and the two refusals of its own rules are named here.
import type { ParamRefusals } from '../shared/rpc-params.js';
import { refuse } from '../shared/aliyun-errors.js';

/** MissingParameter / InvalidParameter in the words of BSS's error table. */
export const BSS_PARAM_REFUSALS: ParamRefusals = { missing: 'MissingParameter:bss', invalid: 'InvalidParameter:bss' };

/** OwnerId names an account the caller may not act for. */
export const refuseOwner = (): never => refuse('InvalidOwner');

/** GetOrderDetail: no order of the account has this id (decision: InvalidParameter, 400). */
export const refuseOrder = (orderId: string): never => refuse('InvalidParameter:order', orderId);

/** Any other malformed parameter. */
export const refuseParameter = (name: string): never => refuse('InvalidParameter:bss', name);
