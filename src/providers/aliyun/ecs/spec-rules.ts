// ModifyInstanceSpec (seed 004) and ModifyPrepayInstanceSpec rules as pure functions: given the
// instance, the account, the types and the zone, each check throws the first violated rule as an
// Alibaba refusal or returns what the change will be. No I/O, no clock: `now` is an input.
import type { Account, Flavor } from '../../../core/model/types.js';
import { AliyunFailure, refuse } from '../shared/aliyun-errors.js';
import { stockOf, zoneOffers, type AliyunRegionDoc, type AliyunZoneDoc } from './ecs-world-docs.js';
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
}

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
  return !isOffline(current) || migrateAcrossZone;
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

/** Whether the target exists, is on sale and may follow the current type (both spec APIs). */
function checkTarget(s: SpecState, change: TypeChange): { target: Flavor; direction: Exclude<ChangeDirection, 'same'> } {
  // seed 004: instances on dedicated hosts cannot change their instance type
  if (s.instance.dedicatedHostId) refuse('InvalidAction.NotSupport');
  const target = change.target;
  if (!target) return refuse('InvalidInstanceType.ValueNotSupported');
  if (isOffline(target)) refuse('InstanceType.Offline');
  const current = s.current;
  if (!current || !isTypeChangeTarget(current, target, change.allowMigrateAcrossZone)) refuse('DependencyViolation.InstanceType');
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
  const { target, direction } = checkTarget(s, change);
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

/** ModifyInstanceSpec, public bandwidth (seed 004). `usedMbps`: the account's pay-by-bandwidth Mbit/s in the region. */
export function checkBandwidthChange(s: SpecState, change: BandwidthChange, usedMbps: number): { out: number; in: number } {
  // seed 004: "must be Running or Stopped before you can adjust the public bandwidth"
  if (s.status !== 'Running' && s.status !== 'Stopped') refuse('InvalidStatus.ValueNotSupported');
  const a = s.instance.aliyun;
  // an EIP carries the public traffic: its bandwidth is the EIP's to change, not the instance's
  if (a.eip) refuse('InvalidInstance.EipNotSupport');
  const out = change.out ?? a.bandwidthOut;
  const max = maxBandwidthIn(out);
  let inbound: number;
  if (change.in !== undefined) {
    if (change.in < 1 || change.in > max) refuse('InvalidParameter.Bandwidth');
    inbound = change.in;
  } else {
    // decision: an untouched inbound value stays while the new outbound one allows it
    inbound = a.bandwidthIn >= 1 && a.bandwidthIn <= max ? a.bandwidthIn : max;
  }
  const quota = s.region?.quotas.payByBandwidthMbps ?? null;
  if (quota !== null && a.internetChargeType === 'PayByBandwidth' && usedMbps - a.bandwidthOut + out > quota) {
    throw new AliyunFailure(
      'QuotaExceeded.InternetBandwidth',
      '',
      {},
      `The total pay-by-bandwidth public bandwidth of your pay-as-you-go instances in ${s.instance.region} would exceed the quota of ${quota} Mbit/s.`,
    );
  }
  return { out, in: inbound };
}

/** ModifyPrepayInstanceSpec (reference §6): upgrade Running or Stopped, downgrade Stopped and at most three times. */
export function checkPrepaidTypeChange(s: SpecState, change: TypeChange, operator: 'upgrade' | 'downgrade'): TypeChangeResult {
  if (s.instance.billing !== 'prepaid') refuse('InvalidInstanceChargeType.ValueNotSupported');
  checkLocksAndMoney(s);
  // "Expired instances cannot be changed to a different instance type. Complete the renewal"
  if (s.instance.expiresAt !== null && s.instance.expiresAt <= s.now) refuse('InstanceExpiredOrInArrears');
  if (s.unpaidOrder) refuse('LastOrderProcessing');
  if (s.busy) refuse('IncorrectInstanceStatus');
  const { target, direction } = checkTarget(s, change);
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
