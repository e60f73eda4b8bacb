import { fail } from '../errors.js';
import type { Account, Order } from '../model/types.js';
import type { StoreTx } from '../../store/store.js';

/** What paying an order sets in motion, per kind of order (an ECS job released, AAD specs applied). */
export type OrderFulfilment = (tx: StoreTx, order: Order, now: number) => Promise<void>;

const fulfilments = new Map<Order['kind'], OrderFulfilment>();

export function registerFulfilment(kind: Order['kind'], f: OrderFulfilment): void {
  fulfilments.set(kind, f);
}

/**
 * Pays an order from the account balance inside the caller's transaction. A refund (negative
 * amount) credits the balance. Refuses, changing nothing, when the balance does not cover it.
 */
export async function payOrderInTx(tx: StoreTx, account: Account, order: Order, now: number): Promise<Order> {
  if (order.status !== 'pending_payment') fail('order.not-payable', `Order ${order.id} is ${order.status} and cannot be paid.`, [order.id]);
  if (order.amountCents > 0 && account.balanceCents < order.amountCents) {
    fail('order.balance', `The balance of account ${account.name} does not cover order ${order.id}.`, [order.id]);
  }
  await tx.putAccount({ ...account, balanceCents: account.balanceCents - order.amountCents });
  const paid: Order = { ...order, status: 'completed', paidAt: now };
  await tx.updateOrder(paid);
  await fulfilments.get(order.kind)?.(tx, paid, now);
  return paid;
}

/** Whether auto-pay can settle the order now: the account may pay and its balance covers it. */
export const canAutoPay = (account: Account, amountCents: number): boolean =>
  account.canPay && (amountCents <= 0 || account.balanceCents >= amountCents);
