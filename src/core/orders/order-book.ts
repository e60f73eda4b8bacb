import { fail } from '../errors.js';
import type { FaultBook } from '../faults/fault-book.js';
import type { Account, Cloud, Order } from '../model/types.js';
import type { StoreReads, StoreTx } from '../model/store.js';
import type { BilledResource, OrderLine, OrderLines, ResourceInventory } from './billed-resources.js';

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
  private readonly lines = new Map<string, OrderLines>();
  private readonly inventories: { cloud: Cloud; list: ResourceInventory }[] = [];

  /** `faults`: scripted `order-unpaid` rules, which keep an automatic payment from happening */
  constructor(private readonly faults?: FaultBook) {}

  registerFulfilment(cloud: Cloud, kind: string, f: OrderHook): void {
    this.fulfilments.set(key(cloud, kind), f);
  }

  registerCancellation(cloud: Cloud, kind: string, f: OrderHook): void {
    this.cancellations.set(key(cloud, kind), f);
  }

  /** What the resources of an order of this kind are, for the billing center's order details and resource lists. */
  registerLines(cloud: Cloud, kind: string, f: OrderLines): void {
    this.lines.set(key(cloud, kind), f);
  }

  /** A service's subscription resources of an account, for the billing center's resource list. */
  registerInventory(cloud: Cloud, list: ResourceInventory): void {
    this.inventories.push({ cloud, list });
  }

  /** The resources an order created or changed (none when its kind registered no lines). */
  linesOf(reads: StoreReads, order: Order, now: number): Promise<OrderLine[]> {
    return this.lines.get(key(order.cloud, order.kind))?.(reads, order, now) ?? Promise.resolve([]);
  }

  /** Every subscription resource of an account on one cloud, service by service in registration order. */
  async inventoryOf(reads: StoreReads, cloud: Cloud, accountId: string, now: number): Promise<BilledResource[]> {
    const out: BilledResource[] = [];
    for (const i of this.inventories) if (i.cloud === cloud) out.push(...(await i.list(reads, accountId, now)));
    return out;
  }

  /**
   * Pays an order from the account balance inside the caller's transaction. A refund (negative
   * amount) credits the balance. Refuses, changing nothing, when the balance does not cover it.
   * `auto`: the payment a placing call asked for (an `order-unpaid` fault may keep it from
   * happening: the order is returned unpaid); `explicit`: someone pays the order (BSS PayOrders, the console).
   * `account` must be read with `getAccount` in this transaction (locked on PostgreSQL, not
   * `readAccount`): its balance is written back.
   */
  async pay(tx: StoreTx, account: Account, order: Order, now: number, how: 'auto' | 'explicit' = 'auto'): Promise<Order> {
    if (order.status !== 'pending_payment') fail('order.not-payable', `Order ${order.id} is ${order.status} and cannot be paid.`, [order.id]);
    if (how === 'auto' && (await this.faults?.fire(tx, 'order-unpaid', { cloud: order.cloud, account: order.accountId, resources: [order.resourceId, order.id] }))) {
      // the automatic payment did not happen: the order waits for someone to pay it, and so
      // does the change it carries (a job already released for it goes back to waiting)
      const job = order.jobId ? await tx.getJob(order.jobId) : undefined;
      if (job && job.status === 'INIT') await tx.updateJob({ ...job, status: 'PENDING_PAYMENT', dueAt: null });
      return order;
    }
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
