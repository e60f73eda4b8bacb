// Huawei Cloud Advanced Anti-DDoS: modify instance specifications (seed 003) and the calls that read
// the specs back. A global service: no project in any path; a domain- or project-scoped token, or an
// AK/SK signature with the X-Domain-Id that GlobalCredentials sends, identifies the account.
import type { AppContext } from '../../../core/app-context.js';
import { ok, one, operation, type AnyHuaweiOperation, type Query } from '../shared/huawei-operation.js';
import { renderInstanceDomains } from './aad-domains.js';
import { aadInvalid } from './aad-refusals.js';
import { accessTypeOfCode, renderInstanceDetail, renderInstanceListV1, renderInstanceListV2 } from './aad-render.js';
import type { AadService } from './aad-service.js';
import { readUpgradeBody } from './aad-upgrade-body.js';

export interface AadEnv {
  ctx: AppContext;
  aad: AadService;
  accountId: string;
}

/** An optional int32 query parameter (the Go SDK's type) within [min, max]. */
function queryInt(q: Query, name: string, min: number, max: number): number | null {
  const raw = one(q[name]);
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw aadInvalid(`${name} must be an integer from ${min} to ${max}`);
  return Number(raw);
}

export const AAD_OPERATIONS: readonly AnyHuaweiOperation<AadEnv>[] = [
  operation({
    name: 'UpgradeInstanceSpec',
    method: 'PUT',
    path: '/v2/aad/instance',
    read: (req) => readUpgradeBody(req.body),
    async handle(cmd, { aad, accountId }: AadEnv) {
      const orderId = await aad.upgrade(accountId, cmd);
      // nothing changed, nothing billed: no order (Terraform reads order_id as optional for this reason)
      return ok(orderId === null ? {} : { order_id: orderId });
    },
  }),
  operation({
    name: 'ShowInstanceByInstanceId',
    method: 'GET',
    path: '/v2/aad/instances/:instance_id',
    read: (req) => ({ instanceId: req.params.instance_id! }),
    async handle(cmd, { ctx, aad, accountId }: AadEnv) {
      const instance = await aad.instance(ctx.store.reads, accountId, cmd.instanceId);
      return ok(renderInstanceDetail(instance, ctx.clock.now()));
    },
  }),
  operation({
    name: 'ListInstanceDomains',
    method: 'GET',
    path: '/v2/aad/instances/:instance_id/domains',
    read: (req) => ({
      instanceId: req.params.instance_id!,
      // both optional: without a limit every domain is listed
      limit: queryInt(req.query, 'limit', 1, 500),
      offset: queryInt(req.query, 'offset', 0, 2_147_483_647) ?? 0,
    }),
    async handle(cmd, { ctx, aad, accountId }: AadEnv) {
      const instance = await aad.instance(ctx.store.reads, accountId, cmd.instanceId);
      return ok(renderInstanceDomains(instance, cmd.offset, cmd.limit));
    },
  }),
  operation({
    // no Node SDK method; the Go and Python SDKs call it ListInstanceV2
    name: 'ListInstanceV2',
    method: 'GET',
    path: '/v2/aad/instances',
    read(req) {
      const code = one(req.query.instance_access_type);
      const accessType = code === undefined || code === '' ? undefined : accessTypeOfCode(code);
      if (code !== undefined && code !== '' && accessType === undefined) throw aadInvalid('instance_access_type must be 0 (website) or 1 (IP access)');
      return { accessType };
    },
    async handle(cmd, { aad, accountId }: AadEnv) {
      const instances = await aad.instancesOf(accountId);
      return ok(renderInstanceListV2(cmd.accessType ? instances.filter((i) => i.accessType === cmd.accessType) : instances));
    },
  }),
  operation({
    name: 'ListInstance',
    method: 'GET',
    path: '/v1/aad/instances',
    read: () => ({}),
    async handle(_cmd, { ctx, aad, accountId }: AadEnv) {
      return ok(renderInstanceListV1(await aad.instancesOf(accountId), ctx.clock.now()));
    },
  }),
];
