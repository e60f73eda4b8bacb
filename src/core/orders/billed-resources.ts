// What a billing center lists about the subscription (yearly/monthly) resources of an account and
// about the resources each order created or changed. The values are the provider's own (its region,
// service and resource type codes); core only carries them from the service that owns the resource
// to the billing API that lists it, so neither imports the other.
import type { StoreReads } from '../model/store.js';
import type { Order } from '../model/types.js';

/** A subscription resource as it stands now. */
export interface BilledResource {
  /** the owning service's id (a server id, an AAD instance id) */
  id: string;
  name: string;
  /** the provider's region code */
  region: string;
  /** the project it lives in; null for global services */
  projectId: string | null;
  /** the provider's code of the service that bills it, e.g. Huawei hws.service.type.ec2 */
  serviceType: string;
  /** the provider's code of its resource type, e.g. Huawei hws.resource.type.vm */
  resourceType: string;
  /** the provider's spec code of what it is now, e.g. s6.large.2.linux */
  spec: string;
  /** a readable description of that spec */
  specDescription: string;
  productId: string;
  enterpriseProjectId: string;
  /** the main resource it is attached to; null for a main resource */
  parentId: string | null;
  /** start of the subscription (ms) */
  effectiveAt: number;
  /** end of the paid period (ms) */
  expiresAt: number;
  state: 'in_use' | 'frozen' | 'expired';
  /** last change (ms) */
  updatedAt: number;
}

/** One resource an order created or changed, with its share of the order and the spec the order buys. */
export interface OrderLine {
  resource: BilledResource;
  /** this resource's part of the order amount (cents; negative: a refund) */
  amountCents: number;
  /** what the order sets the resource to, and the product it buys */
  specDescription: string;
  productId: string;
}

/** The resources an order of one (cloud, kind) created or changed, in order; none if they are gone. */
export type OrderLines = (reads: StoreReads, order: Order, now: number) => Promise<OrderLine[]>;

/** Every subscription resource one service holds for an account. */
export type ResourceInventory = (reads: StoreReads, accountId: string, now: number) => Promise<BilledResource[]>;

/** The state a resource's paid period puts it in: expired once the period has passed. */
export const billedState = (expiresAt: number, frozen: boolean, now: number): BilledResource['state'] =>
  frozen ? 'frozen' : expiresAt <= now ? 'expired' : 'in_use';
