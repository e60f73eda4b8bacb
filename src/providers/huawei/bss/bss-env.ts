// What every BSS operation works with, and the helpers the operation groups share.
import type { AppContext } from '../../../core/app-context.js';
import type { StoreReads } from '../../../core/model/store.js';
import type { Order } from '../../../core/model/types.js';
import { isOwnedBy } from '../../../core/ownership.js';
import type { HuaweiCaller } from '../shared/huawei-auth.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { one, type Query } from '../shared/huawei-operation.js';
import { parseJson, Reader } from '../shared/json-body.js';
import { refuse } from './bss-refusals.js';

export interface BssEnv {
  ctx: AppContext;
  caller: HuaweiCaller;
}

export const bssInvalid = (message: string) => new HuaweiFailure('CBC.0100', `Parameter error: ${message}`);
export const read = new Reader(bssInvalid);
export const ORDER_ID = /^[A-Za-z0-9]{1,64}$/;

export const jsonBody = (raw: Buffer | undefined) => parseJson(raw, bssInvalid, bssInvalid('the request body is empty'));

/**
 * An order the caller may see: another account's order is as absent as a missing one, and so is
 * an order of the account's Alibaba Cloud instances (a world account may hold both clouds' keys,
 * but Huawei's billing center knows nothing of Alibaba's orders).
 */
export async function ownOrder(env: BssEnv, id: string, reads: StoreReads = env.ctx.store.reads): Promise<Order> {
  const order = await reads.getOrder(id);
  if (order?.cloud !== 'huawei' || !isOwnedBy(order, { accountId: env.caller.accountId })) return refuse('order.not-found', `The order ${id} does not exist.`, [id]);
  return order;
}

/** An optional integer query parameter within [min, max], else CBC.0100. */
export function queryInt(q: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = one(q[name]);
  if (raw === undefined) return fallback;
  if (!/^-?\d{1,10}$/.test(raw)) throw bssInvalid(`${name} must be an integer`);
  const v = Number(raw);
  if (v < min || v > max) throw bssInvalid(`${name} must be between ${min} and ${max}`);
  return v;
}

/** The name BSS shows as the order's creator: orders here are placed by the account itself through the API. */
export const userNameOf = (env: BssEnv): string | null => env.ctx.world.accounts.get(env.caller.accountId)?.name ?? null;
