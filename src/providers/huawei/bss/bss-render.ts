// Wire shapes of BSS: customer orders (CustomerOrderV3), their line items (OrderLineItemEntityV2),
// yearly/monthly resources (OrderInstanceV2) and service types, field for field as the official SDK
// models name and type them (huaweicloud-sdk-go-v3 services/bss/v2/model).
import { hex32 } from '../../../core/derived-ids.js';
import type { Order } from '../../../core/model/types.js';
import type { BilledResource, OrderLine } from '../../../core/orders/billed-resources.js';
import { resourceTypeName, serviceTypeName, serviceTypeOfKind, type BssLanguage, type ServiceTypeEntry } from './bss-dictionary.js';

/** BSS order status codes: 1 pending approval, 2 pending refund, 3 processing, 4 cancelled, 5 completed, 6 pending payment. */
export const STATUS_CODE: Record<Order['status'], number> = { pending_payment: 6, processing: 3, completed: 5, cancelled: 4 };

/** OrderInstanceV2 status: 2 in use, 3 closed, 4 frozen, 5 expired. */
export const RESOURCE_STATUS: Record<BilledResource['state'], number> = { in_use: 2, frozen: 4, expired: 5 };

/** UTC yyyy-MM-dd'T'HH:mm:ss'Z', the only time format of the BSS models. */
export const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const money = (cents: number) => Math.round(cents) / 100;

const MONTH_MS = 30 * 24 * 3600 * 1000;
const noDeductions = () => ({ discounts: [], flexipurchase_coupon_amount: 0, coupon_amount: 0, stored_card_amount: 0, commission_amount: 0, consumed_amount: 0 });

/** CustomerOrderV3. `user_name` is the account's own login name: orders here are placed by the account through the API. */
export function renderOrder(o: Order, lang: BssLanguage, userName: string | null) {
  const service = serviceTypeOfKind(o.kind);
  return {
    order_id: o.id,
    customer_id: o.accountId,
    service_type_code: service,
    service_type_name: serviceTypeName(service, lang),
    source_type: 1,
    status: STATUS_CODE[o.status],
    // every order specshift places changes a specification
    order_type: 3,
    amount_after_discount: money(o.amountCents),
    official_amount: money(o.amountCents),
    measure_id: 1,
    create_time: iso(o.createdAt),
    payment_time: o.paidAt ? iso(o.paidAt) : null,
    currency: 'USD',
    contract_id: null,
    amount_info: noDeductions(),
    user_name: userName,
  };
}

/**
 * OrderLineItemEntityV2: one item per resource the order changes (a batch resize of three servers has
 * three). No resource id: BSS maps an order to its resources through the resources query.
 */
function renderLineItem(order: Order, line: OrderLine, index: number, lang: BssLanguage) {
  const r = line.resource;
  const effective = order.paidAt ?? order.createdAt;
  return {
    order_line_item_id: `${order.id}-${String(index + 1).padStart(6, '0')}`,
    service_type_code: r.serviceType,
    service_type_name: serviceTypeName(r.serviceType, lang),
    product_id: line.productId,
    product_spec_desc: line.specDescription,
    // the change covers the rest of the paid period, counted in (started) months
    period_type: 2,
    period_num: Math.max(1, Math.ceil((r.expiresAt - order.createdAt) / MONTH_MS)),
    effective_time: iso(effective),
    expire_time: iso(r.expiresAt),
    subscription_num: 1,
    amount_after_discount: money(line.amountCents),
    official_amount: money(line.amountCents),
    amount_info: noDeductions(),
    currency: 'USD',
    product_owner_service: r.serviceType,
    commercial_resource: r.resourceType,
    order_id: order.id,
  };
}

/** ShowCustomerOrderDetails: total_count is the number of line items. */
export function renderOrderDetails(order: Order, lines: readonly OrderLine[], lang: BssLanguage, userName: string | null) {
  return {
    total_count: lines.length,
    order_info: renderOrder(order, lang, userName),
    order_line_items: lines.map((l, i) => renderLineItem(order, l, i, lang)),
  };
}

/** OrderInstanceV2. `id` is the subscription's own id in BSS, derived from the resource it opened. */
export function renderResource(r: BilledResource, lang: BssLanguage) {
  return {
    id: hex32(`bss-subscription/${r.id}`),
    resource_id: r.id,
    resource_name: r.name,
    region_code: r.region,
    service_type_code: r.serviceType,
    service_type_name: serviceTypeName(r.serviceType, lang),
    resource_type_code: r.resourceType,
    resource_type_name: resourceTypeName(r.resourceType, lang),
    resource_spec_code: r.spec,
    project_id: r.projectId ?? '',
    product_id: r.productId,
    parent_resource_id: r.parentId ?? '',
    is_main_resource: r.parentId === null ? 1 : 0,
    status: RESOURCE_STATUS[r.state],
    effective_time: iso(r.effectiveAt),
    expire_time: iso(r.expiresAt),
    // 0: a grace period after expiry (no auto-renewal is ever set here)
    expire_policy: 0,
    product_spec_desc: r.specDescription,
    update_time: iso(r.updatedAt),
    enterprise_project: { id: r.enterpriseProjectId, name: r.enterpriseProjectId === '0' ? 'default' : r.enterpriseProjectId },
  };
}

/** ServiceTypes of ListServiceTypes. */
export const renderServiceType = (t: ServiceTypeEntry, lang: BssLanguage) => ({
  service_type_name: t.names[lang],
  service_type_code: t.code,
  abbreviation: t.abbreviation,
});
