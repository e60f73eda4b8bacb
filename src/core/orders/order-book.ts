import { fail } from '../errors.js';
import type { Account, Cloud, Order } from '../model/types.js';
import type { StoreTx } from '../model/store.js';

/** What paying (or cancelling) an order sets in motion, per cloud and kind of order. */
export type OrderHook = (tx: StoreTx, order: Order, now: number) => Promise<void>;

const key = (cloud: Cloud, kind: string) => `${cloud}/${kind}`;

/**
 * The order book of one server: providers register what paying or cancelling each kind of order
 * of their cloud does (a Huawei ECS job released, AAD specs applied, an Alibaba type change
 * started). One instance per server, so two servers in one process (tests) never reach each
 * other's engines.
 */
export class OrderBook {
  private readonly fulfilments = new Map<string, OrderHook>();
  private readonly cancellations = new Map<string, OrderHook>();

  registerFulfilment(cloud: Cloud, kind: string, f: OrderHook): void {
    this.fulfilments.set(key(cloud, kind), f);
  }

  registerCancellation(cloud: Cloud, kind: string, f: OrderHook): void {
    this.cancellations.set(key(cloud, kind), f);
  }

  /**
   * Pays an order from the account balance inside the caller's transaction. A refund (negative
   * amount) credits the balance. Refuses, changing nothing, when the balance does not cover it.
   */
  async pay(tx: StoreTx, account: Account, order: Order, now: number): Promise<Order> {
    if (order.status !== 'pending_payment') fail('order.not-payable', `Order ${order.id} is ${order.status} and cannot be paid.`, [order.id]);
    if (order.amountCents > 0 && account.balanceCents < order.amountCents) {
      fail('order.balance', `The balance of account ${account.name} does not cover order ${order.id}.`, [order.id]);
    }
    await tx.putAccount({ ...account, balanceCents: account.balanceCents - order.amountCents });
    const paid: Order = { ...order, status: 'completed', paidAt: now };
    await tx.updateOrder(paid);
    await this.fulfilments.get(key(order.cloud, order.kind))?.(tx, paid, now);
    return paid;
  }

  /** Cancels a pending order inside the caller's transaction; nothing is charged or applied. */
  async cancel(tx: StoreTx, order: Order, now: number): Promise<Order> {
    if (order.status !== 'pending_payment') fail('order.not-payable', `Order ${order.id} is ${order.status} and cannot be cancelled.`, [order.id]);
    const cancelled: Order = { ...order, status: 'cancelled' };
    await tx.updateOrder(cancelled);
    await this.cancellations.get(key(order.cloud, order.kind))?.(tx, cancelled, now);
    return cancelled;
  }
}

/** Whether auto-pay can settle the order now: the account may pay and its balance covers it. */
export const canAutoPay = (account: Account, amountCents: number): boolean =>
  account.canPay && (amountCents <= 0 || account.balanceCents >= amountCents);
