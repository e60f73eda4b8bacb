// AAD use cases. A change is one store transaction: check the rules, record the order and, when the
// account may pay (seed 003), pay it so the new specs apply in the same transaction. Otherwise the
// specs change when the billing API pays the order (the fulfilment registered here).
import type { Clock } from '../../../core/clock.js';
import type { Store, StoreReads, StoreTx } from '../../../core/model/store.js';
import type { Order } from '../../../core/model/types.js';
import { canAutoPay, type OrderBook } from '../../../core/orders/order-book.js';
import { isOwnedBy } from '../../../core/ownership.js';
import { newOrder } from '../../../core/records.js';
import { newHuaweiOrderId } from '../shared/huawei-ids.js';
import { unusedOrderId } from '../../../core/orders/unused-order-id.js';
import { aadInventory, aadOrderLines } from './aad-billing.js';
import { AAD_INSTANCE_DOC, sameSpec, type AadInstance, type AadSpec } from './aad-instance.js';
import { changeAmountCents, type AadPriceList } from './aad-pricing.js';
import { refuse } from './aad-refusals.js';
import { checkChangeable, plannedSpec } from './aad-upgrade-rules.js';
import type { UpgradeCommand } from './aad-upgrade-body.js';
import { retryOnConflict } from '../../../core/retry.js';

/** What an order of kind aad_upgrade carries: the specs before and the specs to apply once paid. */
export interface AadOrderDetail {
  instance_id: string;
  spec_before: AadSpec;
  spec_after: AadSpec;
}

/** The order kind of an AAD specification change: paying it applies the new specs. */
export const AAD_UPGRADE_ORDER = 'aad_upgrade';

export class AadService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly orders: OrderBook,
    private readonly prices: AadPriceList,
  ) {
    orders.registerFulfilment('huawei', AAD_UPGRADE_ORDER, async (tx, order, now) => {
      const detail = order.detail as unknown as AadOrderDetail;
      const instance = (await tx.findWorldDoc(AAD_INSTANCE_DOC, detail.instance_id)) as AadInstance | undefined;
      // orders and instances are loaded and wiped together, so a missing instance only means nothing to apply
      if (instance) await tx.putWorldDoc(AAD_INSTANCE_DOC, instance.id, { ...instance, spec: detail.spec_after, updatedAt: now });
    });
    // what BSS lists: the instance an order changed, and every instance as a yearly/monthly resource
    orders.registerLines('huawei', AAD_UPGRADE_ORDER, aadOrderLines);
    orders.registerInventory('huawei', aadInventory);
  }

  /** Another account's instance is as absent as a missing one. */
  async instance(reads: StoreReads, accountId: string, id: string): Promise<AadInstance> {
    const instance = (await reads.findWorldDoc(AAD_INSTANCE_DOC, id)) as AadInstance | undefined;
    if (!isOwnedBy(instance, { accountId })) return refuse('instance.not-found', `The instance ${id} does not exist.`);
    return instance;
  }

  async instancesOf(accountId: string): Promise<AadInstance[]> {
    const all = (await this.store.reads.getWorldDoc(AAD_INSTANCE_DOC)) as AadInstance[];
    return all.filter((i) => isOwnedBy(i, { accountId }));
  }

  /** Returns the order id, or null when the change leaves every spec as it was (nothing to bill). */
  upgrade(accountId: string, cmd: UpgradeCommand): Promise<string | null> {
    // on PostgreSQL an order write may lose to a concurrent one on the order counters (StoreConflict):
    // the change runs again from a fresh read of the instance
    return retryOnConflict(() => this.upgradeOnce(accountId, cmd), 'The instance is being upgraded by another request.');
  }

  private upgradeOnce(accountId: string, cmd: UpgradeCommand): Promise<string | null> {
    return this.store.transaction(async (tx) => {
      const instance = await this.instance(tx, accountId, cmd.instanceId);
      const now = this.clock.now();
      checkChangeable(instance, now, await unpaidOrderOf(tx, instance));
      const after = plannedSpec(instance, cmd.data, this.prices);
      if (sameSpec(after, instance.spec)) return null;
      const account = (await tx.getAccount(accountId))!;
      const amount = changeAmountCents(instance.spec, after, this.prices, instance.expiresAt, now);
      const detail: AadOrderDetail = { instance_id: instance.id, spec_before: instance.spec, spec_after: after };
      const order = newOrder({ id: await unusedOrderId(tx, () => newHuaweiOrderId(now)), cloud: 'huawei', account, kind: AAD_UPGRADE_ORDER, resourceId: instance.id, jobId: null, amountCents: amount, now, detail: { ...detail } });
      await tx.insertOrder(order);
      // a downgrade refunds: nothing to pay, so it settles whatever the payment permission
      if (amount <= 0 || canAutoPay(account, amount)) await this.orders.pay(tx, account, order, now);
      return order.id;
    });
  }
}

/** The instance's unpaid upgrade order: an index read of the instance's unpaid orders, not the account's order book. */
async function unpaidOrderOf(tx: StoreTx, instance: AadInstance): Promise<string | null> {
  const orders: Order[] = await tx.listResourceOrders(instance.id, 'pending_payment');
  return orders.find((o) => o.cloud === 'huawei' && o.accountId === instance.accountId && o.kind === AAD_UPGRADE_ORDER)?.id ?? null;
}
