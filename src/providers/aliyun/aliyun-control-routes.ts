// Control calls for Alibaba orders. ModifyPrepayInstanceSpec with AutoPay=false leaves an order
// that the real customer pays in the console; specshift has no console, so tests and operators
// pay or cancel it here. Same conventions as the /_specshift/ control API (docs/control-api.md).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import type { Order } from '../../core/model/types.js';
import type { AppContext } from '../../server/app-context.js';

class ControlRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function controlErrors(err: Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ControlRefusal) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
  if (err instanceof DomainError) return reply.code(409).send({ error: { code: err.reason === 'order.balance' ? 'InsufficientBalance' : 'Conflict', message: err.message } });
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return reply.code(status).send({ error: { code: 'BadRequest', message: err.message } });
  req.log.error({ err }, 'aliyun control failure');
  return reply.code(500).send({ error: { code: 'InternalError', message: 'unexpected failure' } });
}

const isAliyunOrder = (o: Order | undefined): o is Order => o !== undefined && o.detail.cloud === 'aliyun';

const view = (o: Order) => ({ order_id: o.id, status: o.status, amount_cents: o.amountCents, resource_id: o.resourceId });

export async function aliyunControlRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(controlErrors);

  const settle = (orderId: string, how: 'pay' | 'cancel') =>
    ctx.store.transaction(async (tx) => {
      if (orderId.length > 64) throw new ControlRefusal(400, 'BadRequest', 'order ids are at most 64 characters');
      const order = await tx.getOrder(orderId);
      if (!isAliyunOrder(order)) throw new ControlRefusal(404, 'NotFound', `no Alibaba order ${orderId}`);
      const now = ctx.clock.now();
      if (how === 'cancel') return view(await ctx.orders.cancel(tx, order, now));
      const account = await tx.getAccount(order.accountId);
      if (!account) throw new ControlRefusal(404, 'NotFound', `the account of order ${orderId} is gone`);
      // the order book's ecs_resize fulfilment releases the job that waited for this payment
      return view(await ctx.orders.pay(tx, account, order, now));
    });

  app.post<{ Params: { order_id: string } }>('/_specshift/aliyun/orders/:order_id/pay', async (req) => {
    const result = await settle(req.params.order_id, 'pay');
    ctx.engine.poke();
    return result;
  });
  app.post<{ Params: { order_id: string } }>('/_specshift/aliyun/orders/:order_id/cancel', async (req) => settle(req.params.order_id, 'cancel'));
}
