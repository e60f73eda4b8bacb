// ModifyInstanceSpec (seed 004) and ModifyPrepayInstanceSpec rules as pure functions: given the
// instance, the account, the types and the zone, each check throws the first violated rule as an
// Alibaba refusal or returns what the change will be. No I/O, no clock: `now` is an input.
import type { Account, Flavor } from '../../../core/model/types.js';
import { AliyunFailure, refuse, type AliyunErrorKey } from '../shared/aliyun-errors.js';
import { stockOf, zoneOffers, type AliyunImageDoc, type AliyunRegionDoc, type AliyunSettingsDoc, type AliyunZoneDoc } from './ecs-world-docs.js';
import { hasLocalDisks } from './instance-resources.js';
import type { AliyunInstance, AliyunStatus } from './instance-state.js';
import { architectureOf, isOffline } from './instance-types.js';

/** seed 004: InternetMaxBandwidthOut "Valid values: 0 to 100" (Mbit/s). */
export const MAX_BANDWIDTH_OUT = 100;
/** An older ModifyInstanceSpec page: after a successful downgrade, wait 5 minutes before the next one. */
export const DOWNGRADE_COOLDOWN_MS = 5 * 60 * 1000;
/** ModifyPrepayInstanceSpec: "a maximum of three" downgrades (and so three refunds) per instance. */
export const MAX_PREPAID_DOWNGRADES = 3;

export interface SpecState {
  instance: AliyunInstance;
  status: AliyunStatus;
  /** a job is under way on the instance (stop, start, an asynchronous type change) */
  busy: boolean;
  /** an order for the instance waits for payment (declared by the world, or AutoPay=false) */
  unpaidOrder: boolean;
  account: Account;
  current: Flavor | undefined;
  region: AliyunRegionDoc | undefined;
  now: number;
  /** the instance's image, when the world declares it (undeclared images run on every type) */
  image?: AliyunImageDoc | undefined;
  /** the world's restricted types and reseller accounts */
  settings?: Pick<AliyunSettingsDoc, 'restrictedInstanceTypes' | 'resellerAccounts'>;
}

/** Which spec API asks: the two report the same causes with different codes. */
export type SpecApi = 'ModifyInstanceSpec' | 'ModifyPrepayInstanceSpec';

export type ChangeDirection = 'upgrade' | 'downgrade' | 'same';

/** Upgrade = nothing shrinks; anything smaller (vCPUs or memory) makes it a downgrade. */
export function changeDirection(current: Flavor, target: Flavor): ChangeDirection {
  if (current.id === target.id) return 'same';
  return target.vcpus >= current.vcpus && target.ramMb >= current.ramMb ? 'upgrade' : 'downgrade';
}

/**
 * Types an instance of `current` may change to: another type on sale on the same CPU
 * architecture. From a retired type, only with a cross-cluster move (AllowMigrateAcrossZone /
 * MigrateAcrossZone): the retired hardware does not host the families on sale.
 */
export function isTypeChangeTarget(current: Flavor, target: Flavor, migrateAcrossZone: boolean): boolean {
  if (current.id === target.id || isOffline(target)) return false;
  if (architectureOf(current) !== architectureOf(target)) return false;
  // local disks live on the host: an instance neither gains nor keeps them across a type change
  if (hasLocalDisks(current) || hasLocalDisks(target)) return false;
  return !isOffline(current) || migrateAcrossZone;
}

/** Why an image cannot run a type: listed out (or not listed in), or no NVMe driver for an NVMe-only type. */
export function imageConflict(image: AliyunImageDoc | undefined, target: Flavor): 'type' | 'nvme' | null {
  if (!image) return null;
  if (image.excludedInstanceTypes.includes(target.id) || (image.instanceTypes !== null && !image.instanceTypes.includes(target.id))) return 'type';
  if (image.nvmeSupport === 'unsupported' && target.aliyun?.wire.NvmeSupport === 'required') return 'nvme';
  return null;
}

/** Whether the account may use the type: unrestricted, or one of the accounts the world authorises. */
export function isAuthorizedType(settings: SpecState['settings'], accountId: string, typeId: string): boolean {
  const allowed = settings?.restrictedInstanceTypes?.[typeId];
  return allowed === undefined || allowed.includes(accountId);
}

const zoneOf = (s: SpecState): AliyunZoneDoc | undefined => s.region?.zones.find((z) => z.id === s.instance.az);

/** Refuses a target the instance's zone does not offer or has no stock of. */
export function checkZoneStock(zone: AliyunZoneDoc | undefined, target: Flavor): void {
  if (!zone || !zoneOffers(zone, target.id, !isOffline(target))) refuse('InvalidInstanceType.ValueNotSupported:zone');
  if (stockOf(zone, target.id) === 'WithoutStock') refuse('OperationDenied.NoStock');
}

/** Locks and money, checked before any change: an instance's own state, then its account's. */
function checkLocksAndMoney(s: SpecState): void {
  const locks = s.instance.aliyun.operationLocks;
  if (locks.includes('security')) refuse('InstanceLockedForSecurity');
  if (locks.includes('financial') || locks.includes('dedicatedhostfinancial') || s.account.balanceCents < 0) refuse('Account.Arrearage');
  if (locks.length > 0) refuse('InvalidStatus.ValueNotSupported');
}

/** The checks every ModifyInstanceSpec call passes before its own kind of change (seed 004). */
export function checkPayAsYouGo(s: SpecState): void {
  // seed 004: "Modifies ... a pay-as-you-go ECS instance"; subscriptions use ModifyPrepayInstanceSpec
  if (s.instance.billing === 'prepaid') refuse('ChargeTypeViolation');
  // seed 004: "Your account must not have overdue payments"
  checkLocksAndMoney(s);
  if (s.unpaidOrder) refuse('OperationDenied.UnpaidOrder');
}

/**
 * The non-public Temporary.* parameters (seed 004: "invitational preview"). An instance with an
 * EIP has no bandwidth of its own to raise temporarily, which the seed reports with its own code.
 */
export function refuseTemporaryBandwidth(instance: AliyunInstance, parameter: string): never {
  if (instance.aliyun.eip) refuse('BandwidthUpgradeDenied.EipBoundInstance');
  throw new AliyunFailure('InvalidParameter', parameter, {}, `The specified parameter "${parameter}" is not valid. It is in invitational preview and not publicly available.`);
}

export interface TypeChange {
  target: Flavor | undefined;
  targetId: string;
  allowMigrateAcrossZone: boolean;
  /** sent SystemDisk.Category (cloud_efficiency / cloud_ssd), if any */
  systemDiskCategory: string | undefined;
}

export interface TypeChangeResult {
  target: Flavor;
  direction: Exclude<ChangeDirection, 'same'>;
  /** the system disk after the change: moving a non-I/O-optimized instance off basic disks */
  systemDiskCategory: string;
}

/**
 * Whether the instance may change type at all, then whether the target exists, is on sale, may be
 * used by the account, follows the current type and runs the instance's image (both spec APIs,
 * each with its own codes for the same causes).
 */
function checkTarget(s: SpecState, change: TypeChange, api: SpecApi): { target: Flavor; direction: Exclude<ChangeDirection, 'same'> } {
  const mis = api === 'ModifyInstanceSpec';
  const a = s.instance.aliyun;
  // seed 004: instances on dedicated hosts cannot change their instance type
  if (s.instance.dedicatedHostId) refuse('InvalidAction.NotSupport');
  // MIS/MPIS tables: instances with local disks (d/i families) cannot change their configuration
  if (hasLocalDisks(s.current)) refuse(mis ? 'CategoryViolation' : 'OperationDenied.LocalDiskUnsupported');
  // a renewal with a downgrade booked for the next contract period holds the type until then
  if (a.reservedInstanceType !== undefined) refuse(mis ? 'InstanceSpecModification.NotEffective' : 'InvalidOperation.InstanceRenewWithDowngradeInPlan');
  // "special instance with eip": an EIP in cut-through mode sits on the NIC the new host would not keep
  if (a.eip?.mode === 'BINDED') refuse(mis ? 'InvalidOperation.InstanceWithEipNotSupport' : 'InvalidInstance.EipNotSupport:prepay');
  // preemptible instances cannot change their instance type (ECS "Change instance types" limits)
  if (mis && a.spotStrategy !== undefined) {
    throw new AliyunFailure('OperationDenied', '', {}, 'The specified instance is a preemptible instance, whose instance type cannot be changed.');
  }
  const target = change.target;
  if (!target) return refuse('InvalidInstanceType.ValueNotSupported');
  if (!isAuthorizedType(s.settings, s.account.id, target.id)) refuse('InvalidInstanceType.ValueUnauthorized');
  if (isOffline(target)) refuse('InstanceType.Offline');
  const current = s.current;
  if (!current || !isTypeChangeTarget(current, target, change.allowMigrateAcrossZone)) refuse('DependencyViolation.InstanceType');
  const conflict = imageConflict(s.image, target);
  if (conflict !== null) {
    if (mis) refuse(conflict === 'nvme' ? 'InvalidParameter.Conflict:image' : 'ImageNotSupportInstanceType');
    refuse(s.image?.marketplace && conflict === 'type' ? 'ImageNotSupportInstanceType:marketplace' : 'ImageNotSupportInstanceType:prepay');
  }
  return { target, direction: changeDirection(current, target) as Exclude<ChangeDirection, 'same'> };
}

/**
 * seed 004 SystemDisk.Category: only when a non-I/O-optimized instance of a retired type moves to
 * a family on sale; otherwise the disk stays as it is (decision: the parameter is then ignored).
 */
function systemDiskAfter(s: SpecState, change: TypeChange): string {
  const fromBasic = !s.instance.aliyun.ioOptimized && s.current !== undefined && isOffline(s.current);
  if (!fromBasic) return s.instance.aliyun.systemDiskCategory;
  return change.systemDiskCategory ?? 'cloud_efficiency';
}

/** ModifyInstanceSpec, instance type (seed 004). `usedVcpus`: the account's pay-as-you-go vCPUs in the region. */
export function checkTypeChange(s: SpecState, change: TypeChange, usedVcpus: number): TypeChangeResult {
  // seed 004: "The instance status must be Stopped before you can modify the instance type"
  if (s.status !== 'Stopped') refuse('InvalidInstanceStatus.NotStopped');
  if (s.busy) refuse('InvalidStatus.ValueNotSupported');
  const { target, direction } = checkTarget(s, change, 'ModifyInstanceSpec');
  checkZoneStock(zoneOf(s), target);
  const last = s.instance.aliyun.lastDowngradeAt;
  if (direction === 'downgrade' && last !== null && s.now - last < DOWNGRADE_COOLDOWN_MS) refuse('Downgrade.NotSupported');
  const quota = s.region?.quotas.postpaidVcpus ?? null;
  if (quota !== null && usedVcpus - (s.current?.vcpus ?? 0) + target.vcpus > quota) refuse('QuotaExceed.ElasticQuota');
  return { target, direction, systemDiskCategory: systemDiskAfter(s, change) };
}

export interface BandwidthChange {
  out: number | undefined;
  in: number | undefined;
}

/** The highest inbound bandwidth an outbound one allows (seed 004): 10 up to 10 Mbit/s out, else Out. */
export const maxBandwidthIn = (out: number): number => (out <= 10 ? 10 : out);

/**
 * The inbound bandwidth after a change of the outbound one: the requested value if the new outbound
 * value allows it (else `invalid`), or (decision) the current one while allowed, else the largest allowed.
 */
function inboundAfter(current: number, out: number, requested: number | undefined, invalid: AliyunErrorKey): number {
  const max = maxBandwidthIn(out);
  if (requested !== undefined) {
    if (requested < 1 || requested > max) refuse(invalid);
    return requested;
  }
  return current >= 1 && current <= max ? current : max;
}

/** An account's pay-by-bandwidth pay-as-you-go Mbit/s in the region stay within the world's quota. */
function checkBandwidthQuota(s: SpecState, chargeType: string, out: number, usedMbps: number): void {
  const a = s.instance.aliyun;
  const quota = s.region?.quotas.payByBandwidthMbps ?? null;
  if (quota === null || s.instance.billing !== 'postpaid' || chargeType !== 'PayByBandwidth') return;
  const before = a.internetChargeType === 'PayByBandwidth' ? a.bandwidthOut : 0;
  if (usedMbps - before + out > quota) {
    throw new AliyunFailure(
      'QuotaExceeded.InternetBandwidth',
      '',
      {},
      `The total pay-by-bandwidth public bandwidth of your pay-as-you-go instances in ${s.instance.region} would exceed the quota of ${quota} Mbit/s.`,
    );
  }
}

/** The billing methods for network usage the instance's region offers (every one unless the world narrows them). */
const offersChargeType = (s: SpecState, chargeType: string): boolean =>
  (s.region?.internetChargeTypes ?? ['PayByTraffic', 'PayByBandwidth']).includes(chargeType as 'PayByTraffic');

/** ModifyInstanceSpec, public bandwidth (seed 004). `usedMbps`: the account's pay-by-bandwidth Mbit/s in the region. */
export function checkBandwidthChange(s: SpecState, change: BandwidthChange, usedMbps: number): { out: number; in: number } {
  // seed 004: "must be Running or Stopped before you can adjust the public bandwidth"
  if (s.status !== 'Running' && s.status !== 'Stopped') refuse('InvalidStatus.ValueNotSupported');
  const a = s.instance.aliyun;
  // an EIP carries the public traffic: its bandwidth is the EIP's to change, not the instance's
  if (a.eip) refuse('InvalidInstance.EipNotSupport');
  // the region no longer sells bandwidth under the instance's billing method for network usage
  if (!offersChargeType(s, a.internetChargeType)) refuse('InvalidInternetChargeType.ValueNotSupported');
  const out = change.out ?? a.bandwidthOut;
  const inbound = inboundAfter(a.bandwidthIn, out, change.in, 'InvalidParameter.Bandwidth');
  checkBandwidthQuota(s, a.internetChargeType, out, usedMbps);
  return { out, in: inbound };
}

/** ModifyInstanceNetworkSpec's largest outbound bandwidth: 200 Mbit/s for subscriptions paying by bandwidth, else 100. */
export const maxBandwidthOut = (billing: 'prepaid' | 'postpaid', chargeType: string): number =>
  billing === 'prepaid' && chargeType === 'PayByBandwidth' ? 200 : MAX_BANDWIDTH_OUT;

/** ModifyInstanceNetworkSpec: a subscription's public bandwidth may go down three times. */
export const MAX_BANDWIDTH_DOWNGRADES = 3;

export interface NetworkSpecChange {
  out: number | undefined;
  in: number | undefined;
  chargeType: 'PayByTraffic' | 'PayByBandwidth' | undefined;
  allocatePublicIp: boolean;
}

export interface NetworkSpecResult {
  out: number;
  in: number;
  chargeType: 'PayByTraffic' | 'PayByBandwidth';
  /** nothing would change: no order, no write */
  unchanged: boolean;
  /** the outbound bandwidth goes down (a subscription's downgrades are counted) */
  downgrade: boolean;
  /** the instance gets a static public IP: a subscription going above 0 Mbit/s, or AllocatePublicIp */
  assignPublicIp: boolean;
}

/**
 * ModifyInstanceNetworkSpec (its page, 2025 and 2021 versions): the bandwidth rules ModifyInstanceSpec
 * has, plus the billing method for network usage and the subscription's order rules. `usedMbps`:
 * the account's pay-by-bandwidth pay-as-you-go Mbit/s in the region.
 */
export function checkNetworkSpecChange(s: SpecState, change: NetworkSpecChange, usedMbps: number): NetworkSpecResult {
  const a = s.instance.aliyun;
  const prepaid = s.instance.billing === 'prepaid';
  const locks = a.operationLocks;
  if (locks.includes('security')) refuse('InstanceLockedForSecurity');
  if (locks.includes('financial') || locks.includes('dedicatedhostfinancial') || s.account.balanceCents < 0) refuse('Account.Arrearage');
  if (locks.length > 0) refuse('IncorrectInstanceStatus');
  if (prepaid && s.instance.expiresAt !== null && s.instance.expiresAt <= s.now) refuse('InstanceExpiredOrInArrears');
  if (a.unpaidOrder) refuse('OperationDenied.UnpaidOrder');
  // our own order still waiting for payment: Terraform retries LastOrderProcessing
  if (s.unpaidOrder) refuse('LastOrderProcessing');
  if (s.status !== 'Running' && s.status !== 'Stopped') refuse('InvalidOperation.InstanceStatusUnsupported');
  // an asynchronous type change still under way
  if (s.busy) refuse('LastRequestProcessing');
  if (a.eip) refuse('InvalidInstance.EipNotSupport');

  const chargeType = change.chargeType ?? a.internetChargeType;
  if (!offersChargeType(s, chargeType)) refuse('InvalidInternetChargeType.ValueNotSupported');
  // older page: a subscription may go from pay-by-traffic to pay-by-bandwidth through the API; back only in the console
  if (prepaid && a.internetChargeType === 'PayByBandwidth' && chargeType === 'PayByTraffic') {
    throw new AliyunFailure(
      'InvalidInternetChargeType.ValueNotSupported',
      '',
      {},
      'The billing method for network usage of a subscription instance can be changed from PayByBandwidth to PayByTraffic only in the ECS console.',
    );
  }
  const out = change.out ?? a.bandwidthOut;
  if (out > maxBandwidthOut(s.instance.billing, chargeType)) refuse('InvalidInternetMaxBandwidthOut.ValueNotSupported');
  const inbound = inboundAfter(a.bandwidthIn, out, change.in, 'InvalidInternetMaxBandwidthIn.ValueNotSupported');
  if (change.allocatePublicIp && out === 0) {
    throw new AliyunFailure('InvalidParameter.Conflict', '', {}, 'AllocatePublicIp needs an InternetMaxBandwidthOut above 0 Mbit/s.');
  }
  const downgrade = out < a.bandwidthOut;
  const unchanged = out === a.bandwidthOut && inbound === a.bandwidthIn && chargeType === a.internetChargeType;
  if (prepaid && !unchanged) {
    // subscription changes are orders: an account whose reseller places its orders cannot
    if (s.settings?.resellerAccounts?.includes(s.account.id)) refuse('OperationDenied:user');
    if (downgrade && (a.bandwidthDowngradeCount ?? 0) >= MAX_BANDWIDTH_DOWNGRADES) refuse('InstanceDowngrade.QuotaExceed');
  }
  checkBandwidthQuota(s, chargeType, out, usedMbps);
  // PrePaid from 0 Mbit/s: an address comes with the bandwidth; PostPaid only when asked for
  const assignPublicIp = a.publicIp === null && out > 0 && (prepaid || change.allocatePublicIp);
  return { out, in: inbound, chargeType, unchanged: unchanged && !assignPublicIp, downgrade, assignPublicIp };
}

/**
 * Monthly price of public bandwidth (specshift's list price, USD cents per month): pay-by-traffic
 * bandwidth costs nothing (the traffic is billed), pay-by-bandwidth 3.20 per Mbit/s up to 5 Mbit/s
 * and 11.20 per Mbit/s above.
 */
export function monthlyBandwidthCents(chargeType: string, out: number): number {
  if (chargeType !== 'PayByBandwidth') return 0;
  return Math.min(out, 5) * 320 + Math.max(0, out - 5) * 1120;
}

/** AllocatePublicIpAddress (its page, 2026): the address the instance gets, or the one it has. */
export function checkAllocatePublicIp(s: SpecState): { existing: string | null } {
  const a = s.instance.aliyun;
  if (a.operationLocks.includes('security')) refuse('InstanceLockedForSecurity');
  const expired = s.instance.expiresAt !== null && s.instance.expiresAt <= s.now;
  if (expired || a.operationLocks.includes('financial') || s.account.balanceCents < 0) refuse('InstanceExpiredOrInArrears');
  if (s.status !== 'Running' && s.status !== 'Stopped') refuse('IncorrectInstanceStatus');
  // an EIP is already the instance's public address
  if (a.eip) refuse('OperationDenied:public-ip');
  if (a.bandwidthOut <= 0) refuse('AllocateIpInvalidInstanceBandwidth');
  return { existing: a.publicIp };
}

/**
 * ModifyPrepayInstanceSpec (reference §6): upgrade Running or Stopped, downgrade Stopped and at most
 * three times. `operator` undefined: "the system can automatically determine whether the instance
 * change is an upgrade or a downgrade" (the page since 2025).
 */
export function checkPrepaidTypeChange(s: SpecState, change: TypeChange, requested: 'upgrade' | 'downgrade' | undefined): TypeChangeResult {
  if (s.instance.billing !== 'prepaid') refuse('InvalidInstanceChargeType.ValueNotSupported');
  // a reseller places its customers' orders: the account cannot order a change itself
  if (s.settings?.resellerAccounts?.includes(s.account.id)) refuse('OperationDenied:user');
  checkLocksAndMoney(s);
  // "Expired instances cannot be changed to a different instance type. Complete the renewal"
  if (s.instance.expiresAt !== null && s.instance.expiresAt <= s.now) refuse('InstanceExpiredOrInArrears');
  if (s.unpaidOrder) refuse('LastOrderProcessing');
  if (s.busy) refuse('IncorrectInstanceStatus');
  const { target, direction } = checkTarget(s, change, 'ModifyPrepayInstanceSpec');
  const operator = requested ?? direction;
  if (direction !== operator) {
    throw new AliyunFailure(
      'InvalidParameter.NotMatch',
      '',
      {},
      `OperatorType ${operator} does not match a change from ${s.current?.id ?? 'the current type'} to ${target.id}, which is a${direction === 'upgrade' ? 'n upgrade' : ' downgrade'}.`,
    );
  }
  if (operator === 'downgrade') {
    if (s.status !== 'Stopped') refuse('InvalidStatus.NotStopped');
    if (s.instance.aliyun.downgradeCount >= MAX_PREPAID_DOWNGRADES) refuse('InstanceDowngrade.QuotaExceed');
  } else if (s.status !== 'Running' && s.status !== 'Stopped') {
    refuse('IncorrectInstanceStatus');
  }
  checkZoneStock(zoneOf(s), target);
  return { target, direction, systemDiskCategory: systemDiskAfter(s, change) };
}

/**
 * ModifyPrepayInstanceSpec RebootTime (`yyyy-MM-ddTHH:mmZ`, parsed by the handler): not before the
 * current minute and not after the subscription ends (InvalidRebootTime.ValueNotSupported).
 */
export function checkRebootTime(s: SpecState, rebootAt: number): void {
  const minute = Math.floor(s.now / 60_000) * 60_000;
  if (rebootAt < minute || (s.instance.expiresAt !== null && rebootAt > s.instance.expiresAt)) refuse('InvalidRebootTime.ValueNotSupported');
}
