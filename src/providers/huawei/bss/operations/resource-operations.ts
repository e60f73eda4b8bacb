// ListPayPerUseCustomerResources: the customer's yearly/monthly resources (despite its name), from the
// order book. The real path is misspelled, "suscriptions", in every SDK and in golangsdk; the correct
// spelling appears in no SDK or doc, so it is not served (it answers APIGW.0101 like any unknown path).
import type { BilledResource } from '../../../../core/orders/billed-resources.js';
import { isOwnedBy } from '../../../../core/ownership.js';
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';
import type { Json } from '../../shared/json-body.js';
import { languageOf } from '../bss-dictionary.js';
import { bssInvalid, jsonBody, read, type BssEnv } from '../bss-env.js';
import { renderResource, RESOURCE_STATUS } from '../bss-render.js';

const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const present = (v: Json | undefined): v is Json => v !== undefined && v !== null;

export interface ResourceQuery {
  resourceIds: string[] | null;
  orderId: string | null;
  onlyMain: boolean;
  statuses: number[] | null;
  expireBegin: number | null;
  expireEnd: number | null;
  serviceType: string | null;
  offset: number;
  limit: number;
}

function int(v: Json | undefined, path: string, min: number, max: number, fallback: number): number {
  if (!present(v)) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bssInvalid(`${path} must be an integer`);
  if (v < min || v > max) throw bssInvalid(`${path} must be between ${min} and ${max}`);
  return v;
}

function time(v: Json | undefined, path: string): number | null {
  if (!present(v)) return null;
  const s = read.string(v, path, { max: 20 });
  const t = Date.parse(s);
  if (!UTC_SECONDS.test(s) || Number.isNaN(t)) throw bssInvalid(`${path} must be a UTC time yyyy-MM-ddTHH:mm:ssZ`);
  return t;
}

/** QueryResourcesReq, field by field (api_order_00021). A null counts as omitted; so does an empty list. */
export function readResourceQuery(raw: Buffer | undefined): ResourceQuery {
  const body = read.object(jsonBody(raw), 'body', [
    'resource_ids',
    'order_id',
    'only_main_resource',
    'status_list',
    'offset',
    'limit',
    'expire_time_begin',
    'expire_time_end',
    'service_type_code',
    'customer_id',
  ]);
  let resourceIds: string[] | null = null;
  if (present(body.resource_ids)) {
    const ids = read.array(body.resource_ids, 'resource_ids', 0, 50).map((v, i) => read.string(v, `resource_ids[${i}]`, { max: 64 }));
    if (ids.length > 0) resourceIds = ids;
  }
  let statuses: number[] | null = null;
  if (present(body.status_list)) {
    const list = read.array(body.status_list, 'status_list', 0, 4).map((v, i) => int(v, `status_list[${i}]`, 2, 5, 0));
    if (list.length > 0) statuses = list;
  }
  // partners name their customer; for a customer's own call it is ignored
  if (present(body.customer_id)) read.string(body.customer_id, 'customer_id', { max: 64 });
  // an empty service_type_code is refused (the doc: absent or null means no filter)
  const serviceType = present(body.service_type_code) ? read.string(body.service_type_code, 'service_type_code', { max: 64 }) : null;
  const only = int(body.only_main_resource, 'only_main_resource', 0, 1, 0);
  const expireBegin = time(body.expire_time_begin, 'expire_time_begin');
  const expireEnd = time(body.expire_time_end, 'expire_time_end');
  if (expireBegin !== null && expireEnd !== null && expireBegin > expireEnd) throw bssInvalid('expire_time_begin is later than expire_time_end');
  return {
    resourceIds,
    orderId: present(body.order_id) ? read.string(body.order_id, 'order_id', { max: 64 }) : null,
    onlyMain: only === 1,
    statuses,
    expireBegin,
    expireEnd,
    serviceType,
    offset: int(body.offset, 'offset', 0, 2_147_483_647, 0),
    limit: int(body.limit, 'limit', 1, 500, 10),
  };
}

/**
 * The resources the query selects. With order_id: the resources that order created or changed, once
 * it is completed (BSS lists only resources that were provisioned successfully, so an unpaid or
 * cancelled order has none); an unknown order or another account's has none either. Without: every
 * yearly/monthly resource of the caller.
 */
async function select(q: ResourceQuery, env: BssEnv, now: number): Promise<BilledResource[]> {
  const { ctx, caller } = env;
  const reads = ctx.store.reads;
  let found: BilledResource[];
  if (q.orderId !== null) {
    const order = await reads.getOrder(q.orderId);
    if (order?.cloud !== 'huawei' || !isOwnedBy(order, { accountId: caller.accountId }) || order.status !== 'completed') return [];
    found = (await ctx.orders.linesOf(reads, order, now)).map((l) => l.resource);
  } else {
    found = await ctx.orders.inventoryOf(reads, 'huawei', caller.accountId, now);
  }
  return found.filter(
    (r) =>
      (q.resourceIds === null || q.resourceIds.includes(r.id)) &&
      // only_main_resource=0 adds attached resources, 1 leaves them out; asked for by id, a resource is returned either way
      (!q.onlyMain || r.parentId === null || q.resourceIds !== null) &&
      (q.statuses === null || q.statuses.includes(RESOURCE_STATUS[r.state])) &&
      (q.expireBegin === null || r.expiresAt >= q.expireBegin) &&
      (q.expireEnd === null || r.expiresAt <= q.expireEnd) &&
      (q.serviceType === null || r.serviceType === q.serviceType),
  );
}

export const RESOURCE_OPERATIONS: readonly AnyHuaweiOperation<BssEnv>[] = [
  operation({
    name: 'ListPayPerUseCustomerResources',
    method: 'POST',
    path: '/v2/orders/suscriptions/resources/query',
    read: (req) => ({ query: readResourceQuery(req.body), lang: languageOf(req.headers['x-language']) }),
    async handle(cmd, env: BssEnv) {
      const all = await select(cmd.query, env, env.ctx.clock.now());
      const page = all.slice(cmd.query.offset, cmd.query.offset + cmd.query.limit);
      return ok({ total_count: all.length, data: page.map((r) => renderResource(r, cmd.lang)) });
    },
  }),
];
