// Every BssOpenApi action specshift serves (bss-action-names.ts lists them), by the official SDK's
// names, each with its handler. The compiler holds the two together.
import type { BssActionHandler } from './bss-action-context.js';
import type { AliyunBssAction } from './bss-action-names.js';
import { queryAccountBalance } from './actions/query-account-balance.js';
import { getOrderDetail, queryOrders } from './actions/orders.js';
import { queryAvailableInstances } from './actions/query-available-instances.js';

export const BSS_HANDLERS: Record<AliyunBssAction, BssActionHandler> = {
  QueryAccountBalance: queryAccountBalance,
  QueryOrders: queryOrders,
  GetOrderDetail: getOrderDetail,
  QueryAvailableInstances: queryAvailableInstances,
};
