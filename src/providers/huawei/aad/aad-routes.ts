// Huawei Cloud Advanced Anti-DDoS: modify instance specifications (seed 003) and the calls that read
// the specs back. A global service: no project in any path; a domain- or project-scoped token, or an
// AK/SK signature with the X-Domain-Id that GlobalCredentials sends, identifies the account.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../server/app-context.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { aadErrorHandler, aadInvalid } from './aad-errors.js';
import { shippedAadPrices } from './aad-pricing.js';
import { accessTypeOfCode, renderInstanceDetail, renderInstanceListV1, renderInstanceListV2 } from './aad-render.js';
import { AadService } from './aad-service.js';
import { readUpgradeBody } from './aad-upgrade-body.js';

type Query = Record<string, string | string[] | undefined>;

export async function huaweiAadRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const aad = new AadService(ctx.store, ctx.clock, ctx.orders, shippedAadPrices());
  app.setErrorHandler(aadErrorHandler);
  const accountOf = async (req: FastifyRequest) => (await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock)).accountId;

  app.put('/v2/aad/instance', async (req, reply) => {
    const accountId = await accountOf(req);
    const orderId = await aad.upgrade(accountId, readUpgradeBody(req.body as Buffer | undefined));
    // nothing changed, nothing billed: no order (Terraform reads order_id as optional for this reason)
    return reply.code(200).send(orderId === null ? {} : { order_id: orderId });
  });

  app.get<{ Params: { instance_id: string } }>('/v2/aad/instances/:instance_id', async (req) => {
    const accountId = await accountOf(req);
    const instance = await aad.instance(ctx.store.reads, accountId, req.params.instance_id);
    return renderInstanceDetail(instance, ctx.clock.now());
  });

  app.get<{ Querystring: Query }>('/v2/aad/instances', async (req) => {
    const accountId = await accountOf(req);
    const raw = req.query.instance_access_type;
    const code = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const accessType = code === undefined || code === '' ? undefined : accessTypeOfCode(code);
    if (code !== undefined && code !== '' && accessType === undefined) throw aadInvalid('instance_access_type must be 0 (website) or 1 (IP access)');
    const instances = await aad.instancesOf(accountId);
    return renderInstanceListV2(accessType ? instances.filter((i) => i.accessType === accessType) : instances);
  });

  app.get('/v1/aad/instances', async (req) => {
    const accountId = await accountOf(req);
    return renderInstanceListV1(await aad.instancesOf(accountId), ctx.clock.now());
  });
}
