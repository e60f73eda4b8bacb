// Huawei BSS (billing) order APIs a client needs around yearly/monthly changes: pay, cancel,
// query and list customer orders. Global service: no project in the path; gateway envelope.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorReason } from '../../../core/errors.js';
import type { Order } from '../../../core/model/types.js';
import type { AppContext } from '../../../server/app-context.js';
import type { StoreReads } from '../../../store/store.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { WireFailure } from '../shared/http-error.js';
import { parseJson, Reader } from '../shared/json-body.js';

const bssInvalid = (message: string) => new WireFailure(400, 'CBC.0100', `Parameter error: ${message}`, 'gateway');
const read = new Reader(bssInvalid);
const ORDER_ID = /^[A-Za-z0-9]{1,64}$/;

/** BSS order status codes: 1 pending approval, 2 pending refund, 3 processing, 4 cancelled, 5 completed, 6 pending payment. */
const STATUS_CODE: Record<Order['status'], number> = { pending_payment: 6, processing: 3, completed: 5, cancelled: 4 };

const BSS_ERRORS: Partial<Record<ErrorReason, { status: number; code: string }>> = {
  'order.not-found': { status: 400, code: 'CBC.0100' },
  'order.not-payable': { status: 400, code: 'CBC.0100' },
  'order.balance': { status: 400, code: 'CBC.99005003' },
};

function bssErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, code: string, msg: string) => reply.code(status).send({ error_code: code, error_msg: msg, request_id: String(req.id) });
  if (err instanceof WireFailure) return send(err.status, err.code, err.message);
  if (err instanceof DomainError) {
    const w = BSS_ERRORS[err.reason] ?? { status: 400, code: 'CBC.0100' };
    return send(w.status, w.code, err.message);
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return send(status, 'CBC.0100', `Parameter error: ${err.message}`);
  req.log.error({ err }, 'unexpected failure');
  return send(500, 'CBC.0999', 'Other errors.');
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const money = (cents: number) => Math.round(cents) / 100;

export function renderOrder(o: Order) {
  return {
    order_id: o.id,
    customer_id: o.accountId,
    service_type_code: o.kind === 'aad_upgrade' ? 'hws.service.type.aad' : 'hws.service.type.ec2',
    service_type_name: o.kind === 'aad_upgrade' ? 'Advanced Anti-DDoS' : 'Elastic Cloud Server',
    source_type: 1,
    status: STATUS_CODE[o.status],
    order_type: 3,
    amount_after_discount: money(o.amountCents),
    official_amount: money(o.amountCents),
    measure_id: 1,
    create_time: iso(o.createdAt),
    payment_time: o.paidAt ? iso(o.paidAt) : null,
    currency: 'USD',
    contract_id: null,
    amount_info: { discounts: [], flexipurchase_coupon_amount: 0, coupon_amount: 0, stored_card_amount: 0, commission_amount: 0, consumed_amount: 0 },
    user_name: null,
  };
}

const isHuaweiOrder = (o: Order): boolean => (o.detail as { cloud?: string }).cloud !== 'aliyun';

export async function huaweiBssRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(bssErrorHandler);
  app.addHook('preHandler', async (req) => {
    req.huaweiCaller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
  });

  /**
   * An order the caller may see: another account's order is as absent as a missing one, and so is
   * an order of the account's Alibaba Cloud instances (a world account may hold both clouds' keys,
   * but Huawei's billing center knows nothing of Alibaba's orders).
   */
  const ownOrder = async (req: FastifyRequest, id: string, reads: StoreReads = ctx.store.reads): Promise<Order> => {
    const order = await reads.getOrder(id);
    if (!order || order.accountId !== req.huaweiCaller!.accountId || !isHuaweiOrder(order)) throw new DomainError('order.not-found', `The order ${id} does not exist.`, [id]);
    return order;
  };

  app.post('/v3/orders/customer-orders/pay', async (req, reply) => {
    const body = read.object(parseJson(req.body as Buffer | undefined, bssInvalid, bssInvalid('the request body is empty')), 'body', [
      'order_id', 'use_coupon', 'use_discount', 'coupon_infos', 'discount_infos',
    ]);
    const orderId = read.string(body.order_id, 'order_id', { max: 64, pattern: ORDER_ID });
    for (const k of ['use_coupon', 'use_discount'] as const) {
      const v = read.string(body[k], k, { max: 3 });
      if (v !== 'YES' && v !== 'NO') throw bssInvalid(`${k} must be YES or NO`);
      // no coupons or discounts exist in an emulated account: asking to use one is refused as the real service refuses an unknown one
      if (v === 'YES') throw bssInvalid(`${k === 'use_coupon' ? 'coupon_infos' : 'discount_infos'} names no coupon or discount available to this customer`);
    }
    await ctx.store.transaction(async (tx) => {
      const order = await ownOrder(req, orderId, tx);
      const account = (await tx.getAccount(order.accountId))!;
      await ctx.orders.pay(tx, account, order, ctx.clock.now());
    });
    return reply.code(204).send();
  });

  app.put('/v2/orders/customer-orders/cancel', async (req) => {
    const body = read.object(parseJson(req.body as Buffer | undefined, bssInvalid, bssInvalid('the request body is empty')), 'body', ['order_id', 'action_id']);
    const orderId = read.string(body.order_id, 'order_id', { max: 64, pattern: ORDER_ID });
    if (read.string(body.action_id, 'action_id', { max: 16 }) !== 'cancel') throw bssInvalid('action_id must be cancel');
    await ctx.store.transaction(async (tx) => {
      await ctx.orders.cancel(tx, await ownOrder(req, orderId, tx), ctx.clock.now());
    });
    return {};
  });

  app.get<{ Params: { order_id: string } }>('/v2/orders/customer-orders/details/:order_id', async (req) => {
    if (!ORDER_ID.test(req.params.order_id)) throw bssInvalid('order_id is invalid');
    const order = await ownOrder(req, req.params.order_id);
    const detail = order.detail as { from_flavor?: string; to_flavor?: string };
    return {
      total_count: 1,
      order_info: renderOrder(order),
      order_line_items: [
        {
          order_line_item_id: `${order.id}-000001`,
          cloud_service_type_code: renderOrder(order).service_type_code,
          service_type_name: renderOrder(order).service_type_name,
          resource_id: order.resourceId,
          product_spec_desc: detail.to_flavor ? `${detail.from_flavor} -> ${detail.to_flavor}` : '',
          period_type: 2,
          period_num: 1,
          subscription_num: 1,
          amount_after_discount: money(order.amountCents),
          official_amount: money(order.amountCents),
          currency: 'USD',
        },
      ],
    };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v2/orders/customer-orders', async (req) => {
    const q = req.query;
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    const offset = q.offset === undefined ? 0 : Number(q.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw bssInvalid('limit must be 1-100');
    if (!Number.isInteger(offset) || offset < 0) throw bssInvalid('offset must be a non-negative integer');
    let orders = (await ctx.store.reads.listOrders(req.huaweiCaller!.accountId)).filter(isHuaweiOrder);
    if (q.order_id) orders = orders.filter((o) => o.id === q.order_id);
    if (q.status) orders = orders.filter((o) => String(STATUS_CODE[o.status]) === q.status);
    orders.reverse(); // newest first
    return { total_count: orders.length, order_infos: orders.slice(offset, offset + limit).map(renderOrder) };
  });
}
