// BSS replies on the wire, as @alicloud/bssopenapi20171214 4.x models them: every amount and time
// a string (amounts with two decimals, times `yyyy-MM-ddTHH:mm:ssZ`), page counters numbers, lists
// `OrderList.Order[]` but `InstanceList[]` bare, and GetOrderDetail's module lists under lower-case
// keys (`billModuleConfig`, `moduleProperties`). Values BSS leaves null (a refund's PaymentStatus,
// an unpaid order's PaymentTime) are left out, as Alibaba's JSON serialiser drops nulls.
import type { Server } from '../../../core/model/types.js';
import { configChanges, type BssOrderView, type BssSubscriptionType } from './order-view.js';

/** World balances and the instance-type prices are US dollars; so is every BSS amount. */
export const BSS_CURRENCY = 'USD';

/**
 * The seller of Alibaba Cloud's own products in BSS replies (Seller / SellerId). From memory of
 * real replies, unconfirmed (docs/aliyun-bss.md).
 */
export const ALIBABA_SELLER_ID = 26842;

/** What pay-as-you-go instances report as EndTime: ECS's ExpiredTime for them, to the second. */
export const PAYG_END_TIME = '2099-12-31T15:59:00Z';
export const PAYG_END_MS = Date.parse(PAYG_END_TIME);

/** Cents as BSS writes money: `1234.50`, `-12.30`, `0.00` (no thousands separators). */
export function money(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  return `${cents < 0 && abs > 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `2024-01-01T00:00:00Z`: UTC, to the second. */
export const bssTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The success envelope. The pages' samples differ per API: QueryAccountBalance answers
 * `"Code": "200"`, `"Message": "success"`; the order and instance queries `"Success"`, `"Successful!"`.
 */
export function bssSuccess(style: 'balance' | 'query', data: Record<string, unknown>): Record<string, unknown> {
  return style === 'balance'
    ? { Code: '200', Message: 'success', Success: true, Data: data }
    : { Code: 'Success', Message: 'Successful!', Success: true, Data: data };
}

/** The paged Data of QueryOrders and GetOrderDetail. */
export function orderPage(host: string, pageNum: number, pageSize: number, total: number, orders: Record<string, unknown>[]): Record<string, unknown> {
  return { HostName: host, PageNum: pageNum, PageSize: pageSize, TotalCount: total, OrderList: { Order: orders } };
}

/** One QueryOrders row: exactly the keys of QueryOrdersResponseBodyDataOrderListOrder. */
export function renderOrder(v: BssOrderView): Record<string, unknown> {
  const o = v.order;
  const amount = money(o.amountCents);
  return {
    OrderId: o.id,
    ProductCode: v.productCode,
    ProductType: v.productType,
    CommodityCode: v.productCode,
    SubscriptionType: v.subscriptionType,
    OrderType: v.orderType,
    CreateTime: bssTime(o.createdAt),
    ...(o.paidAt !== null ? { PaymentTime: bssTime(o.paidAt) } : {}),
    ...(v.paymentStatus !== null ? { PaymentStatus: v.paymentStatus } : {}),
    PretaxGrossAmount: amount,
    PretaxAmount: amount,
    PretaxAmountLocal: amount,
    AfterTaxAmount: amount,
    Tax: '0.00',
    Currency: BSS_CURRENCY,
    PaymentCurrency: BSS_CURRENCY,
  };
}

/** `InstanceType:[InstanceType:ecs.g6.xlarge;Region:cn-hangzhou;]`, the page's Config layout. */
function configText(items: { apiCode: string; value: string }[], region: string): string {
  return items.map((i) => `${i.apiCode}:[${i.apiCode}:${i.value};${region ? `Region:${region};` : ''}]`).join('');
}

/**
 * One GetOrderDetail row: the QueryOrders keys and the detail's own. `instance` is the resource the
 * order changes (its region and paid period), when it still exists.
 */
export function renderOrderDetail(v: BssOrderView, instance: Server | undefined): Record<string, unknown> {
  const o = v.order;
  const region = instance?.region ?? '';
  const changes = configChanges(o.detail);
  const after = changes.flatMap((c) => (c.to === undefined ? [] : [{ ...c, value: c.to }]));
  const before = changes.flatMap((c) => (c.from === undefined ? [] : [{ ...c, value: c.from }]));
  return {
    ...renderOrder(v),
    SubOrderId: `${o.id}01`,
    OrderSubType: v.orderType === 'Refund' ? 'RefundSubOrder' : 'ProductSubOrder',
    Region: region,
    Quantity: '1',
    InstanceIDs: JSON.stringify([o.resourceId]),
    Config: configText(after, region),
    OriginalConfig: configText(before, region),
    UsageStartTime: bssTime(o.createdAt),
    ...(instance?.expiresAt != null ? { UsageEndTime: bssTime(instance.expiresAt) } : {}),
    Operator: '',
    ExtendInfos: {},
    BillModuleConfig: {
      billModuleConfig: after.map((c) => ({
        Code: c.code,
        Name: c.name,
        ApiCode: c.apiCode,
        BillModuleProperties: { billModuleProperties: [{ AttrApiCode: c.apiCode, ModuleApiCode: c.apiCode, Value: c.value }] },
      })),
    },
    OriginalModuleConfig: {
      originalModuleConfig: before.map((c) => ({
        Code: c.code,
        Name: c.name,
        ModuleProperties: { moduleProperties: [{ Code: c.code, Name: c.name, Value: c.value }] },
      })),
    },
  };
}

export type BssInstanceStatus = 'Normal' | 'WaitForExpire' | 'Expired';

/** An ECS instance as QueryAvailableInstances sees it (pure; see available-instances.ts for the rules). */
export interface AvailableInstanceView {
  instance: Server;
  ownerId: number;
  subscriptionType: BssSubscriptionType;
  status: BssInstanceStatus;
  /** subscriptions: ManualRenewal (specshift models no auto-renewal); pay-as-you-go: none */
  renewStatus: 'ManualRenewal' | null;
  /** subscriptions: 15 days after expiry */
  expectedReleaseAt: number | null;
}

/** One item of QueryAvailableInstances' Data.InstanceList[]. */
export function renderAvailableInstance(v: AvailableInstanceView): Record<string, unknown> {
  const s = v.instance;
  return {
    InstanceID: s.id,
    OwnerId: v.ownerId,
    Seller: String(ALIBABA_SELLER_ID),
    SellerId: ALIBABA_SELLER_ID,
    ProductCode: 'ecs',
    ProductType: '',
    Region: s.region,
    SubscriptionType: v.subscriptionType,
    Status: v.status,
    SubStatus: 'Normal',
    ...(v.renewStatus !== null ? { RenewStatus: v.renewStatus } : {}),
    CreateTime: bssTime(s.createdAt),
    EndTime: s.expiresAt === null ? PAYG_END_TIME : bssTime(s.expiresAt),
    ...(v.expectedReleaseAt !== null ? { ExpectedReleaseTime: bssTime(v.expectedReleaseAt) } : {}),
    ...(v.status === 'Expired' && s.expiresAt !== null ? { StopTime: bssTime(s.expiresAt) } : {}),
  };
}
