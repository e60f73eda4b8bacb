// The order counters (table order_counts, migration 8 of SQLite, 9 of PostgreSQL): how many orders
// each (account, cloud, status) holds, kept by triggers in the transaction of every order write, as
// the server counters are (server-counts.ts). An order changes status a few times in its life
// (paid, cancelled), so a counter per status costs one counter write per such change; a total
// of an order listing then reads a few rows, however many orders the account has placed.
import type { OrderQuery } from '../core/model/store.js';

/**
 * Whether a listing's total can come from the counters: it names the account and filters on
 * nothing but cloud and status, which the counters are keyed on.
 */
export function countableOrders(q: OrderQuery): boolean {
  return q.accountId !== undefined && q.id === undefined && q.created === undefined;
}

