// QueryOrders and GetOrderDetail: the account's Alibaba orders from the order book (today the
// ModifyPrepayInstanceSpec type changes), in BSS's shape.
import { DEFAULT_PAGE_SIZE, ownerAccount, pageOf, paging, timeParam, toSecond, type BssActionHandler } from '../bss-action-context.js';
import { bssSuccess, orderPage, renderOrder, renderOrderDetail } from '../bss-render.js';
import { refuseParameter } from '../bss-refusals.js';
import { BSS_ORDER_TYPES, BSS_PAYMENT_STATUSES, BSS_SUBSCRIPTION_TYPES, viewOrder } from '../order-view.js';

/** "By default, orders within the last hour are queried." */
const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** Order ids are decimal numbers (15 digits here, up to ~20 in the real cloud). */
const ORDER_ID = /^\d{1,32}$/;

export const queryOrders: BssActionHandler = async (a) => {
  const p = a.params;
  const start = timeParam(a, 'CreateTimeStart');
  const end = timeParam(a, 'CreateTimeEnd');
  const productCode = p.str('ProductCode', 64);
  const productType = p.str('ProductType', 64);
  const subscriptionType = p.oneOf('SubscriptionType', BSS_SUBSCRIPTION_TYPES);
  const orderType = p.oneOf('OrderType', BSS_ORDER_TYPES);
  const paymentStatus = p.oneOf('PaymentStatus', BSS_PAYMENT_STATUSES);
  const page = paging(a);
  const account = await ownerAccount(a);

  // decision: a bound left out is an hour from the other one (or from now): the page's default
  // of "the last hour", extended to either bound given alone
  const to = end ?? (start !== undefined ? Math.max(start, a.app.clock.now()) : a.app.clock.now());
  const from = start ?? to - DEFAULT_WINDOW_MS;
  const filtered = productCode !== undefined || productType !== undefined || subscriptionType !== undefined || orderType !== undefined || paymentStatus !== undefined;
  if (!filtered) {
    // no filter but the window: the page comes from the store's index, newest first, and the
    // total counts the window's index entries. The window to the second, as CreateTime shows it:
    // toSecond(t) >= from exactly when t >= from rounded up to a second, toSecond(t) <= to when t
    // is before the second after to's (times are whole ms: PostgreSQL stores them as BIGINT)
    const created = { from: Math.ceil(from / 1000) * 1000, to: toSecond(to) + 999 };
    const { total, items } = await a.bss.orderPage(account.id, created, (page.pageNum - 1) * page.pageSize, page.pageSize);
    return bssSuccess('query', orderPage(a.host, page.pageNum, page.pageSize, total, items.map(viewOrder).map(renderOrder)));
  }
  // the store reads the window's orders from its index (a second either side: CreateTime is to the
  // second); the account's older orders are never read
  const matching = (await a.bss.orders(account.id, { from: from - 1000, to: to + 1000 }))
    .map(viewOrder)
    .filter(
      (v) =>
        // to the second, as CreateTime shows it: a range ending at an order's CreateTime holds it
        toSecond(v.order.createdAt) >= from &&
        toSecond(v.order.createdAt) <= to &&
        (productCode === undefined || v.productCode === productCode) &&
        (productType === undefined || v.productType === productType) &&
        (subscriptionType === undefined || v.subscriptionType === subscriptionType) &&
        (orderType === undefined || v.orderType === orderType) &&
        (paymentStatus === undefined || v.paymentStatus === paymentStatus),
    )
    // newest first, as the console lists them
    .sort((x, y) => y.order.createdAt - x.order.createdAt || (x.order.id < y.order.id ? 1 : x.order.id > y.order.id ? -1 : 0));
  return bssSuccess('query', orderPage(a.host, page.pageNum, page.pageSize, matching.length, pageOf(matching, page).map(renderOrder)));
};

export const getOrderDetail: BssActionHandler = async (a) => {
  const orderId = a.params.required('OrderId', 64);
  if (!ORDER_ID.test(orderId)) refuseParameter('OrderId');
  const account = await ownerAccount(a);
  const order = await a.bss.order(account.id, orderId);
  const row = renderOrderDetail(viewOrder(order), await a.bss.resource(order));
  // one order, one sub-order: a page of one, in the page size QueryOrders defaults to
  return bssSuccess('query', orderPage(a.host, 1, DEFAULT_PAGE_SIZE, 1, [row]));
};
