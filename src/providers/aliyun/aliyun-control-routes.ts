// Control calls for Alibaba orders. ModifyPrepayInstanceSpec with AutoPay=false leaves an order
// that the real customer pays in the console; tests and operators pay or cancel it here. Same
// conventions as the /_specshift/ control API (docs/control-api.md).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/app-context.js';
import type { Order } from '../../core/model/types.js';
import { ControlError, controlErrorHandler } from '../../control/control-error.js';

const isAliyunOrder = (o: Order | undefined): o is Order => o !== undefined && o.cloud === 'aliyun';

const view = (o: Order) => ({ order_id: o.id, status: o.status, amount_cents: o.amountCents, resource_id: o.resourceId });

export async function aliyunControlRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(controlErrorHandler);

  const settle = (orderId: string, how: 'pay' | 'cancel') =>
    ctx.store.transaction(async (tx) => {
      if (orderId.length > 64) throw new ControlError(400, 'BadRequest', 'order ids are at most 64 characters');
      const order = await tx.getOrder(orderId);
      if (!isAliyunOrder(order)) throw new ControlError(404, 'NotFound', `no Alibaba order ${orderId}`);
      const now = ctx.clock.now();
      if (how === 'cancel') return view(await ctx.orders.cancel(tx, order, now));
      const account = await tx.getAccount(order.accountId);
      if (!account) throw new ControlError(404, 'NotFound', `the account of order ${orderId} is gone`);
      // the type-change fulfilment (ecs/ecs-service.ts) releases the job that waited for this payment
      return view(await ctx.orders.pay(tx, account, order, now, 'explicit'));
    });

  app.post<{ Params: { order_id: string } }>('/_specshift/aliyun/orders/:order_id/pay', async (req) => {
    const result = await settle(req.params.order_id, 'pay');
    ctx.engine.poke();
    return result;
  });
  app.post<{ Params: { order_id: string } }>('/_specshift/aliyun/orders/:order_id/cancel', async (req) => settle(req.params.order_id, 'cancel'));
}
