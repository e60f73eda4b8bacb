// How an Alibaba order of the order book reads in BSS terms. Pure: any Alibaba order kind (the
// ECS spec changes today) is read from its amount, status, kind and detail alone, so a new kind
// of order shows up in QueryOrders and GetOrderDetail without a line here.
//
// The detail convention read here: `operator_type` ('upgrade' | 'downgrade'), and pairs
// `from_<attribute>` / `to_<attribute>` (e.g. from_instance_type / to_instance_type) for what the
// order changes; anything else in the detail is ignored.
import type { Order } from '../../../core/model/types.js';

export type BssOrderType = 'New' | 'Renew' | 'Upgrade' | 'Refund';
export type BssPaymentStatus = 'Unpaid' | 'Paid' | 'Cancelled';
export type BssSubscriptionType = 'Subscription' | 'PayAsYouGo';

export const BSS_ORDER_TYPES: readonly BssOrderType[] = ['New', 'Renew', 'Upgrade', 'Refund'];
export const BSS_PAYMENT_STATUSES: readonly BssPaymentStatus[] = ['Unpaid', 'Paid', 'Cancelled'];
export const BSS_SUBSCRIPTION_TYPES: readonly BssSubscriptionType[] = ['Subscription', 'PayAsYouGo'];

export interface BssOrderView {
  order: Order;
  /** the product the order is for: the kind's prefix (`ecs_respec` -> `ecs`) */
  productCode: string;
  /** decision: empty, as in the order samples for ECS (the commodity is the product) */
  productType: string;
  /** every Alibaba order today changes a subscription instance (pay-as-you-go changes bill no order) */
  subscriptionType: BssSubscriptionType;
  /** an upgrade is paid; a downgrade refunds the difference, and BSS has no "Downgrade" type */
  orderType: 'Upgrade' | 'Refund';
  /** null for a refund order, as the QueryOrders page says */
  paymentStatus: BssPaymentStatus | null;
}

const PAYMENT: Record<Order['status'], BssPaymentStatus> = {
  pending_payment: 'Unpaid',
  processing: 'Paid',
  completed: 'Paid',
  cancelled: 'Cancelled',
};

export function viewOrder(order: Order): BssOrderView {
  const refund = order.amountCents < 0 || order.detail.operator_type === 'downgrade';
  const cut = order.kind.indexOf('_');
  return {
    order,
    productCode: cut > 0 ? order.kind.slice(0, cut) : order.kind,
    productType: '',
    subscriptionType: 'Subscription',
    orderType: refund ? 'Refund' : 'Upgrade',
    paymentStatus: refund ? null : PAYMENT[order.status],
  };
}

/** One attribute an order changes: `instance_type` from ecs.g6.large to ecs.g6.xlarge. */
export interface ConfigChange {
  /** as the detail names it: instance_type */
  code: string;
  /** as the ECS API names it: InstanceType */
  apiCode: string;
  /** for people: Instance Type */
  name: string;
  from: string | undefined;
  to: string | undefined;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** The from_/to_ pairs of an order's detail, in the order the detail first names them. */
export function configChanges(detail: Record<string, unknown>): ConfigChange[] {
  const codes: string[] = [];
  for (const key of Object.keys(detail)) {
    const m = /^(?:from|to)_([a-z0-9_]+)$/.exec(key);
    if (m && !codes.includes(m[1]!) && (scalar(detail[`from_${m[1]}`]) !== undefined || scalar(detail[`to_${m[1]}`]) !== undefined)) codes.push(m[1]!);
  }
  return codes.map((code) => {
    const words = code.split('_').filter(Boolean);
    return {
      code,
      apiCode: words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
      name: words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
      from: scalar(detail[`from_${code}`]),
      to: scalar(detail[`to_${code}`]),
    };
  });
}
