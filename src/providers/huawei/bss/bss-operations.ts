// Huawei BSS (billing) order APIs a client needs around yearly/monthly changes: pay, cancel,
// query and list customer orders. A global service: no project in the path.
import type { AppContext } from '../../../core/app-context.js';
import type { StoreReads } from '../../../core/model/store.js';
import type { Order } from '../../../core/model/types.js';
import { isOwnedBy } from '../../../core/ownership.js';
import type { HuaweiCaller } from '../shared/huawei-auth.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { ok, one, operation, type AnyHuaweiOperation } from '../shared/huawei-operation.js';
import { parseJson, Reader } from '../shared/json-body.js';
import { refuse } from './bss-refusals.js';
import { renderOrder, renderOrderDetails, STATUS_CODE } from './bss-render.js';

export interface BssEnv {
  ctx: AppContext;
  caller: HuaweiCaller;
}

export const bssInvalid = (message: string) => new HuaweiFailure('CBC.0100', `Parameter error: ${message}`);
const read = new Reader(bssInvalid);
const ORDER_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * An order the caller may see: another account's order is as absent as a missing one, and so is
 * an order of the account's Alibaba Cloud instances (a world account may hold both clouds' keys,
 * but Huawei's billing center knows nothing of Alibaba's orders).
 */
async function ownOrder(env: BssEnv, id: string, reads: StoreReads = env.ctx.store.reads): Promise<Order> {
  const order = await reads.getOrder(id);
  if (order?.cloud !== 'huawei' || !isOwnedBy(order, { accountId: env.caller.accountId })) return refuse('order.not-found', `The order ${id} does not exist.`, [id]);
  return order;
}

const jsonBody = (raw: Buffer | undefined) => parseJson(raw, bssInvalid, bssInvalid('the request body is empty'));

export const BSS_OPERATIONS: readonly AnyHuaweiOperation<BssEnv>[] = [
  operation({
    name: 'PayOrders',
    method: 'POST',
    path: '/v3/orders/customer-orders/pay',
    read(req) {
      const body = read.object(jsonBody(req.body), 'body', ['order_id', 'use_coupon', 'use_discount', 'coupon_infos', 'discount_infos']);
      const orderId = read.string(body.order_id, 'order_id', { max: 64, pattern: ORDER_ID });
      for (const k of ['use_coupon', 'use_discount'] as const) {
        const v = read.string(body[k], k, { max: 3 });
        if (v !== 'YES' && v !== 'NO') throw bssInvalid(`${k} must be YES or NO`);
        // no coupons or discounts exist in an emulated account: asking to use one is refused as the real service refuses an unknown one
        if (v === 'YES') throw bssInvalid(`${k === 'use_coupon' ? 'coupon_infos' : 'discount_infos'} names no coupon or discount available to this customer`);
      }
      return { orderId };
    },
    async handle(cmd, env: BssEnv) {
      const { ctx } = env;
      await ctx.store.transaction(async (tx) => {
        const order = await ownOrder(env, cmd.orderId, tx);
        const account = (await tx.getAccount(order.accountId))!;
        await ctx.orders.pay(tx, account, order, ctx.clock.now());
      });
      return { status: 204 };
    },
  }),
  operation({
    name: 'CancelCustomerOrder',
    method: 'PUT',
    path: '/v2/orders/customer-orders/cancel',
    read(req) {
      const body = read.object(jsonBody(req.body), 'body', ['order_id', 'action_id']);
      const orderId = read.string(body.order_id, 'order_id', { max: 64, pattern: ORDER_ID });
      if (read.string(body.action_id, 'action_id', { max: 16 }) !== 'cancel') throw bssInvalid('action_id must be cancel');
      return { orderId };
    },
    async handle(cmd, env: BssEnv) {
      const { ctx } = env;
      await ctx.store.transaction(async (tx) => {
        await ctx.orders.cancel(tx, await ownOrder(env, cmd.orderId, tx), ctx.clock.now());
      });
      return ok({});
    },
  }),
  operation({
    name: 'ShowCustomerOrderDetails',
    method: 'GET',
    path: '/v2/orders/customer-orders/details/:order_id',
    read(req) {
      if (!ORDER_ID.test(req.params.order_id!)) throw bssInvalid('order_id is invalid');
      return { orderId: req.params.order_id! };
    },
    async handle(cmd, env: BssEnv) {
      return ok(renderOrderDetails(await ownOrder(env, cmd.orderId)));
    },
  }),
  operation({
    name: 'ListCustomerOrders',
    method: 'GET',
    path: '/v2/orders/customer-orders',
    read(req) {
      const q = req.query;
      const limitRaw = one(q.limit);
      const offsetRaw = one(q.offset);
      const limit = limitRaw === undefined ? 10 : Number(limitRaw);
      const offset = offsetRaw === undefined ? 0 : Number(offsetRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw bssInvalid('limit must be 1-100');
      if (!Number.isInteger(offset) || offset < 0) throw bssInvalid('offset must be a non-negative integer');
      return { limit, offset, orderId: one(q.order_id), status: one(q.status) };
    },
    async handle(cmd, { ctx, caller }: BssEnv) {
      let orders = (await ctx.store.reads.listOrders(caller.accountId)).filter((o) => o.cloud === 'huawei');
      if (cmd.orderId) orders = orders.filter((o) => o.id === cmd.orderId);
      if (cmd.status) orders = orders.filter((o) => String(STATUS_CODE[o.status]) === cmd.status);
      orders.reverse(); // newest first
      return ok({ total_count: orders.length, order_infos: orders.slice(cmd.offset, cmd.offset + cmd.limit).map(renderOrder) });
    },
  }),
];
