// What the billing center (BSS) lists about AAD: each instance is a yearly/monthly resource, and a
// specification change order changed exactly one, its instance. Registered on the order book so BSS
// reads it without knowing AAD (core/orders/billed-resources.ts).
import type { StoreReads } from '../../../core/model/store.js';
import type { Order } from '../../../core/model/types.js';
import type { BilledResource, OrderLine } from '../../../core/orders/billed-resources.js';
import { isOwnedBy } from '../../../core/ownership.js';
import { AAD_INSTANCE_DOC, type AadInstance, type AadSpec } from './aad-instance.js';
import { MAIN_RESOURCE_TYPE, productIdOf, specCodeOf } from './aad-render.js';
import { statusAt } from './aad-upgrade-rules.js';

export const AAD_SERVICE_TYPE = 'hws.service.type.aad';

/**
 * BSS region codes are the cloud's regions; AAD is bought where its API lives, which the SDK's AadRegion
 * maps to cn-north-4 (Chinese mainland lines) and ap-southeast-1 (asia_pacific). docs/aad.md.
 */
const regionCodeOf = (i: AadInstance) => (i.region === 'asia_pacific' ? 'ap-southeast-1' : 'cn-north-4');

export function describeSpec(i: AadInstance, s: AadSpec): string {
  const parts =
    i.accessType === 'website'
      ? [`website`, `${s.bindDomainNum} domains`, `${s.basicQps} QPS`]
      : [`IP access`, `${s.portNum} ports`];
  if (i.region !== 'asia_pacific') parts.push(`basic ${s.basicBandwidth} Gbit/s`, `elastic ${s.elasticBandwidth} Gbit/s`);
  parts.push(`service ${s.serviceBandwidth} Mbit/s`);
  if (s.elasticServiceBandwidthType !== 0) parts.push(`elastic service ${s.elasticServiceBandwidth} Mbit/s`);
  return `${i.region} | ${parts.join(' | ')}`;
}

export function aadResource(i: AadInstance, now: number): BilledResource {
  const status = statusAt(i, now);
  return {
    id: i.id,
    name: i.name,
    region: regionCodeOf(i),
    projectId: null,
    serviceType: AAD_SERVICE_TYPE,
    resourceType: MAIN_RESOURCE_TYPE,
    spec: specCodeOf(i),
    specDescription: describeSpec(i, i.spec),
    productId: productIdOf(i),
    enterpriseProjectId: i.enterpriseProjectId,
    parentId: null,
    effectiveAt: i.createdAt,
    expiresAt: i.expiresAt,
    state: status === 'normal' ? 'in_use' : status,
    updatedAt: i.updatedAt ?? i.createdAt,
  };
}

interface UpgradeDetail {
  instance_id: string;
  spec_after: AadSpec;
}

/** An aad_upgrade order changed one instance, for the whole amount, to spec_after. */
export async function aadOrderLines(reads: StoreReads, order: Order, now: number): Promise<OrderLine[]> {
  const detail = order.detail as unknown as UpgradeDetail;
  const i = (await reads.findWorldDoc(AAD_INSTANCE_DOC, detail.instance_id)) as AadInstance | undefined;
  if (!isOwnedBy(i, { accountId: order.accountId })) return [];
  return [{ resource: aadResource(i, now), amountCents: order.amountCents, specDescription: describeSpec(i, detail.spec_after), productId: productIdOf(i) }];
}

export async function aadInventory(reads: StoreReads, accountId: string, now: number): Promise<BilledResource[]> {
  const all = (await reads.getWorldDoc(AAD_INSTANCE_DOC)) as AadInstance[];
  return all.filter((i) => isOwnedBy(i, { accountId })).map((i) => aadResource(i, now));
}
