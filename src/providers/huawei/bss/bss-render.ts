// Wire shapes of BSS customer orders (ShowCustomerOrderDetails, ListCustomerOrders).
import type { Order } from '../../../core/model/types.js';

/** BSS order status codes: 1 pending approval, 2 pending refund, 3 processing, 4 cancelled, 5 completed, 6 pending payment. */
export const STATUS_CODE: Record<Order['status'], number> = { pending_payment: 6, processing: 3, completed: 5, cancelled: 4 };

/** The cloud service each Huawei order kind bills. */
const SERVICE_TYPES: Record<string, { code: string; name: string }> = {
  ecs_resize: { code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' },
  aad_upgrade: { code: 'hws.service.type.aad', name: 'Advanced Anti-DDoS' },
};

export const serviceTypeOf = (o: Order) => SERVICE_TYPES[o.kind] ?? SERVICE_TYPES.ecs_resize!;

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const money = (cents: number) => Math.round(cents) / 100;

export function renderOrder(o: Order) {
  const service = serviceTypeOf(o);
  return {
    order_id: o.id,
    customer_id: o.accountId,
    service_type_code: service.code,
    service_type_name: service.name,
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

export function renderOrderDetails(order: Order) {
  const detail = order.detail as { from_flavor?: string; to_flavor?: string };
  const service = serviceTypeOf(order);
  return {
    total_count: 1,
    order_info: renderOrder(order),
    order_line_items: [
      {
        order_line_item_id: `${order.id}-000001`,
        cloud_service_type_code: service.code,
        service_type_name: service.name,
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
}
