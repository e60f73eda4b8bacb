// QueryAvailableInstances: the account's ECS instances as BSS lists them, subscriptions and
// pay-as-you-go. Terraform's alicloud provider calls it at start-up (ProductCode=vipcloudfw,
// unless account_type is set) to tell a domestic account from an international one: an empty list
// keeps it "Domestic", which is what specshift's accounts are.
import type { Server } from '../../../../core/model/types.js';
import { aliyunUid } from '../../shared/aliyun-ids.js';
import { refuse } from '../../shared/aliyun-errors.js';
import { ownerAccount, pageOf, paging, timeParam, toSecond, type BssActionHandler } from '../bss-action-context.js';
import { bssSuccess, PAYG_END_MS, renderAvailableInstance, type AvailableInstanceView, type BssInstanceStatus } from '../bss-render.js';
import { refuseParameter } from '../bss-refusals.js';
import { BSS_SUBSCRIPTION_TYPES } from '../order-view.js';

const DAY_MS = 24 * 3600 * 1000;
/** decision: a subscription within 7 days of its end is WaitForExpire ("about to expire") */
const WAIT_FOR_EXPIRE_MS = 7 * DAY_MS;
/** Alibaba releases an expired subscription instance 15 days after it expires */
const RELEASE_AFTER_EXPIRY_MS = 15 * DAY_MS;
/** "The maximum number of instances is 100." */
const MAX_IDS = 100;

/** How BSS sees an ECS instance at `now` (pure). */
export function availableInstance(s: Server, ownerId: number, now: number): AvailableInstanceView {
  if (s.billing !== 'prepaid' || s.expiresAt === null) {
    return { instance: s, ownerId, subscriptionType: 'PayAsYouGo', status: 'Normal', renewStatus: null, expectedReleaseAt: null };
  }
  const status: BssInstanceStatus = s.expiresAt <= now ? 'Expired' : s.expiresAt - now <= WAIT_FOR_EXPIRE_MS ? 'WaitForExpire' : 'Normal';
  return { instance: s, ownerId, subscriptionType: 'Subscription', status, renewStatus: 'ManualRenewal', expectedReleaseAt: s.expiresAt + RELEASE_AFTER_EXPIRY_MS };
}

/** To the second, as the times show: a range ending at an instance's EndTime holds it. */
const within = (t: number, from: number | undefined, to: number | undefined): boolean =>
  (from === undefined || toSecond(t) >= from) && (to === undefined || toSecond(t) <= to);

export const queryAvailableInstances: BssActionHandler = async (a) => {
  const p = a.params;
  const region = p.str('Region', 64);
  const productCode = p.str('ProductCode', 64);
  const productType = p.str('ProductType', 64);
  const subscriptionType = p.oneOf('SubscriptionType', BSS_SUBSCRIPTION_TYPES);
  const renewStatus = p.oneOf('RenewStatus', ['AutoRenewal', 'ManualRenewal', 'NotRenewal']);
  const idsText = p.str('InstanceIDs', 100 * 65);
  const ids = idsText?.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids && (ids.length > MAX_IDS || ids.some((id) => id.length > 64))) refuseParameter('InstanceIDs');
  const endFrom = timeParam(a, 'EndTimeStart');
  const endTo = timeParam(a, 'EndTimeEnd');
  const createdFrom = timeParam(a, 'CreateTimeStart');
  const createdTo = timeParam(a, 'CreateTimeEnd');
  const page = paging(a);
  // "This parameter cannot be left empty if the region is specified."
  if (region !== undefined && productCode === undefined) refuse('MissingParameter:bss', 'ProductCode');
  const account = await ownerAccount(a);

  // only ECS is served: another product's instances (Terraform's vipcloudfw probe) are none
  const served = (productCode === undefined || productCode === 'ecs') && productType === undefined;
  const instances = served ? await a.bss.instances(account.id, ids) : [];
  const ownerId = aliyunUid(account.id);
  const now = a.app.clock.now();
  const matching = instances
    .map((s) => availableInstance(s, ownerId, now))
    .filter(
      (v) =>
        (region === undefined || v.instance.region === region) &&
        (subscriptionType === undefined || v.subscriptionType === subscriptionType) &&
        (renewStatus === undefined || v.renewStatus === renewStatus) &&
        within(v.instance.expiresAt ?? PAYG_END_MS, endFrom, endTo) &&
        within(v.instance.createdAt, createdFrom, createdTo),
    );
  return bssSuccess('query', {
    PageNum: page.pageNum,
    PageSize: page.pageSize,
    TotalCount: matching.length,
    InstanceList: pageOf(matching, page).map(renderAvailableInstance),
  });
};
