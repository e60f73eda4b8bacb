// Customer orders: pay, cancel, details, list (the calls a client makes around a yearly/monthly change).
import { ok, one, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';
import { languageOf } from '../bss-dictionary.js';
import { refuse } from '../bss-refusals.js';
import { bssInvalid, jsonBody, ORDER_ID, ownOrder, queryInt, read, userNameOf, type BssEnv } from '../bss-env.js';
import { renderOrder, renderOrderDetails, STATUS_CODE } from '../bss-render.js';
import type { OrderStatus } from '../../../../core/model/types.js';
import { retryOnConflict } from '../../../../core/retry.js';

/** What a payment or cancellation that kept losing to concurrent ones answers (resource.busy: CBC.0100). */
const ORDER_BUSY = 'The order is being processed by another request. Try again later.';

export const ORDER_OPERATIONS: readonly AnyHuaweiOperation<BssEnv>[] = [
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
      // on PostgreSQL two payments or a payment and a cancellation may meet on the account's and the
      // order counters' rows and one be aborted (StoreConflict): it runs again, re-reading the order
      await retryOnConflict(
        () =>
          ctx.store.transaction(async (tx) => {
            const order = await ownOrder(env, cmd.orderId, tx);
            const account = (await tx.getAccount(order.accountId))!;
            await ctx.orders.pay(tx, account, order, ctx.clock.now(), 'explicit');
          }),
        ORDER_BUSY,
      );
      return { status: 204 };
    },
  }),
  operation({
    name: 'CancelCustomerOrder',
    method: 'PUT',
    path: '/v2/orders/customer-orders/cancel',
    read(req) {
      // the SDK models (CancelCustomerOrderReq) send order_id alone; the older console API's action_id "cancel" is accepted too
      const body = read.object(jsonBody(req.body), 'body', ['order_id', 'action_id']);
      const orderId = read.string(body.order_id, 'order_id', { max: 64, pattern: ORDER_ID });
      if (body.action_id !== undefined && body.action_id !== null && read.string(body.action_id, 'action_id', { max: 16 }) !== 'cancel') {
        throw bssInvalid('action_id must be cancel');
      }
      return { orderId };
    },
    async handle(cmd, env: BssEnv) {
      const { ctx } = env;
      await retryOnConflict(
        () =>
          ctx.store.transaction(async (tx) => {
            const order = await ownOrder(env, cmd.orderId, tx);
            if (order.status !== 'pending_payment') refuse('order.not-cancellable', `The order ${order.id} is ${order.status === 'cancelled' ? 'already cancelled' : 'paid'} and cannot be cancelled.`, [order.id]);
            await ctx.orders.cancel(tx, order, ctx.clock.now());
          }),
        ORDER_BUSY,
      );
      // api_order_00017: "HTTP/1.1 204 No Content"; the SDK's CancelCustomerOrderResponse has no field
      return { status: 204 };
    },
  }),
  operation({
    name: 'ShowCustomerOrderDetails',
    method: 'GET',
    path: '/v2/orders/customer-orders/details/:order_id',
    read(req) {
      if (!ORDER_ID.test(req.params.order_id!)) throw bssInvalid('order_id is invalid');
      // the SDK's offset/limit page the line items
      return { orderId: req.params.order_id!, offset: queryInt(req.query, 'offset', 0, 0, 1_000_000), limit: queryInt(req.query, 'limit', 10, 1, 100), lang: languageOf(req.headers['x-language']) };
    },
    async handle(cmd, env: BssEnv) {
      const { ctx } = env;
      const order = await ownOrder(env, cmd.orderId);
      const lines = await ctx.orders.linesOf(ctx.store.reads, order, ctx.clock.now());
      const body = renderOrderDetails(order, lines, cmd.lang, userNameOf(env));
      return ok({ ...body, order_line_items: body.order_line_items.slice(cmd.offset, cmd.offset + cmd.limit) });
    },
  }),
  operation({
    name: 'ListCustomerOrders',
    method: 'GET',
    path: '/v2/orders/customer-orders',
    read(req) {
      const q = req.query;
      return {
        limit: queryInt(q, 'limit', 10, 1, 100),
        offset: queryInt(q, 'offset', 0, 0, 1_000_000),
        orderId: one(q.order_id),
        status: one(q.status),
        lang: languageOf(req.headers['x-language']),
      };
    },
    async handle(cmd, env: BssEnv) {
      const { ctx, caller } = env;
      // a status is a code on the wire (6 pending payment, ...): one that names no status matches nothing
      const status = cmd.status ? (Object.keys(STATUS_CODE) as OrderStatus[]).find((s) => String(STATUS_CODE[s]) === cmd.status) : undefined;
      const userName = userNameOf(env);
      if (cmd.status && !status) return ok({ total_count: 0, order_infos: [] });
      // one page newest first through the store's index, the total from its order counters (an
      // order id: a point read); OFFSET still skips the orders before the page
      const page = await ctx.store.reads.listOrderPage({
        accountId: caller.accountId,
        cloud: 'huawei',
        ...(status ? { status } : {}),
        ...(cmd.orderId ? { id: cmd.orderId } : {}),
        order: 'desc',
        offset: cmd.offset,
        limit: cmd.limit,
        total: true,
      });
      return ok({ total_count: page.total, order_infos: page.items.map((o) => renderOrder(o, cmd.lang, userName)) });
    },
  }),
];
