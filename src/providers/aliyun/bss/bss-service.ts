// What the BSS actions read: the account a call is about (the caller's, or a partner customer's
// named by OwnerId), its Alibaba orders from the order book and its ECS instances. Read-only: BSS
// here reports on what ECS and the order book recorded and changes nothing.
import type { AppContext } from '../../../core/app-context.js';
import type { Account, Order, Server } from '../../../core/model/types.js';
import { aliyunUid } from '../shared/aliyun-ids.js';
import type { BssCaller } from './bss-action-context.js';
import { refuseOrder, refuseOwner } from './bss-refusals.js';

/** No account holds more instances than this; a larger world answers its first ones. */
const MAX_INSTANCES = 1_000_000;
/** No window holds more orders than this (a store read needs a limit); a larger one answers its first ones. */
const MAX_ORDERS = 1_000_000;

export class BssReads {
  constructor(private readonly ctx: AppContext) {}

  /**
   * The account the call is about. Without OwnerId the caller's; with it, the caller's own UID or
   * the UID of one of its partner customers (what the parameter is for: "required if the owner is
   * a reseller or a distributor"); any other is InvalidOwner.
   */
  async account(caller: BssCaller, ownerId: number | undefined): Promise<Account> {
    const reads = this.ctx.store.reads;
    const own = (await reads.getAccount(caller.accountId)) ?? refuseOwner();
    if (ownerId === undefined || ownerId === aliyunUid(own.id)) return own;
    if (own.kind !== 'partner') return refuseOwner();
    const customer = (await reads.listAccounts()).find((a) => a.kind === 'partner_customer' && a.partnerId === own.id && aliyunUid(a.id) === ownerId);
    return customer ?? refuseOwner();
  }

  /**
   * The account's Alibaba orders created within `created` (Huawei's share the order book and stay
   * out), oldest first: the window's rows of the store's (account, cloud, created) index.
   */
  async orders(accountId: string, created: { from: number; to: number }): Promise<Order[]> {
    return (await this.ctx.store.reads.listOrderPage({ accountId, cloud: 'aliyun', created, order: 'asc', limit: MAX_ORDERS })).items;
  }

  /**
   * One page of the account's Alibaba orders created within `created`, newest first, and how many
   * there are in the window: the page from the index, the total counted over the window's index
   * entries (no counter is kept per time; the window bounds the count).
   */
  async orderPage(accountId: string, created: { from: number; to: number }, offset: number, limit: number): Promise<{ total: number; items: Order[] }> {
    return this.ctx.store.reads.listOrderPage({ accountId, cloud: 'aliyun', created, order: 'desc', offset, limit, total: true });
  }

  /** The account's Alibaba order `orderId`; another account's is as absent as a missing one. */
  async order(accountId: string, orderId: string): Promise<Order> {
    const o = await this.ctx.store.reads.getOrder(orderId);
    return o !== undefined && o.cloud === 'aliyun' && o.accountId === accountId ? o : refuseOrder(orderId);
  }

  /** The server an order changes, if it still exists and is the account's. */
  async resource(order: Order): Promise<Server | undefined> {
    const s = await this.ctx.store.reads.getServer(order.resourceId);
    return s !== undefined && s.cloud === 'aliyun' && s.accountId === order.accountId ? s : undefined;
  }

  /** The account's ECS instances (optionally only `ids`), oldest first. */
  async instances(accountId: string, ids: string[] | undefined): Promise<Server[]> {
    const { items } = await this.ctx.store.reads.listServers({ accountId, ...(ids ? { ids } : {}), limit: MAX_INSTANCES, total: false });
    return items.filter((s) => s.cloud === 'aliyun');
  }
}
