// The billing center's view of yearly/monthly ECS servers: the subscription resources of an account,
// and the servers a resize order changed, one line per server (a batch order names several).
//
// This reads only core records (servers, flavors, orders); what ECS writes into a resize order is
// `kind: 'ecs_resize'`, `resourceId` (one server, or the batch's ids joined by commas) and
// `detail: {from_flavor, to_flavor, servers?}` (providers/huawei/ecs/ecs-service.ts). It belongs
// beside ECS's own order hooks; it lives here while the ECS service is being extended elsewhere.
import type { StoreReads } from '../../../core/model/store.js';
import type { Flavor, Order, Server } from '../../../core/model/types.js';
import { billedState, type BilledResource, type OrderLine } from '../../../core/orders/billed-resources.js';
import { proratedDifferenceCents } from '../../../core/orders/proration.js';
import type { WorldState } from '../../../core/world-state.js';

export const ECS_RESIZE_ORDER_KIND = 'ecs_resize';

interface ResizeDetail {
  from_flavor?: string;
  to_flavor?: string;
  servers?: string[];
}

/** The spec code BSS gives a VM: the flavor and the OS family, as ECS's metering.resourcespeccode renders it. */
const specCode = (flavorId: string, s: Server) => `${flavorId}.${s.osType.toLowerCase()}`;

/** As ECS renders metering.product_id. */
const productIdOf = (flavorId: string) => `00301-${flavorId}`;

const describe = (flavorId: string, flavor: Flavor | undefined, s: Server) =>
  flavor ? `${flavorId} | ${flavor.vcpus} vCPUs | ${flavor.ramMb / 1024} GiB | ${s.osType}` : `${flavorId} | ${s.osType}`;

export function serverResource(s: Server, world: WorldState, now: number): BilledResource {
  const expiresAt = s.expiresAt ?? now;
  return {
    id: s.id,
    name: s.name,
    region: s.region,
    projectId: s.projectId,
    serviceType: 'hws.service.type.ec2',
    resourceType: 'hws.resource.type.vm',
    spec: specCode(s.flavorId, s),
    specDescription: describe(s.flavorId, world.flavor('huawei', s.flavorId), s),
    productId: productIdOf(s.flavorId),
    enterpriseProjectId: s.enterpriseProjectId,
    parentId: null,
    effectiveAt: s.createdAt,
    expiresAt,
    state: billedState(expiresAt, s.frozen, now),
    updatedAt: s.updatedAt,
  };
}

/** The servers of a resize order, each with its prorated share; the shares always add up to the order's amount. */
export function ecsOrderLines(world: WorldState) {
  return async (reads: StoreReads, order: Order, now: number): Promise<OrderLine[]> => {
    const detail = order.detail as ResizeDetail;
    const ids = detail.servers ?? order.resourceId.split(',');
    const from = detail.from_flavor === undefined ? undefined : world.flavor('huawei', detail.from_flavor);
    const toId = detail.to_flavor;
    const to = toId === undefined ? undefined : world.flavor('huawei', toId);
    const lines: OrderLine[] = [];
    for (const id of ids) {
      const s = await reads.getServer(id);
      // orders and servers are loaded and wiped together; a server of another cloud never is in a Huawei order
      if (s?.cloud !== 'huawei' || s.accountId !== order.accountId) continue;
      const target = toId ?? s.flavorId;
      lines.push({
        resource: serverResource(s, world, now),
        amountCents: from && to ? proratedDifferenceCents(from, to, order.createdAt, s.expiresAt) : 0,
        specDescription: describe(target, to, s),
        productId: productIdOf(target),
      });
    }
    // ECS rounds each server's share as here; if the prices changed since, the last line takes the difference
    const sum = lines.reduce((a, l) => a + l.amountCents, 0);
    const last = lines[lines.length - 1];
    if (last && sum !== order.amountCents) last.amountCents += order.amountCents - sum;
    return lines;
  };
}

/** Every yearly/monthly Huawei server of the account, in creation order. */
export function ecsInventory(world: WorldState) {
  return async (reads: StoreReads, accountId: string, now: number): Promise<BilledResource[]> => {
    const out: BilledResource[] = [];
    const page = 1000;
    for (let offset = 0; ; offset += page) {
      const { items } = await reads.listServers({ accountId, limit: page, offset, total: false });
      for (const s of items) if (s.cloud === 'huawei' && s.billing === 'prepaid') out.push(serverResource(s, world, now));
      if (items.length < page) return out;
    }
  };
}
