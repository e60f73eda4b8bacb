// What hangs off an Alibaba instance besides its own record: its disks, network interfaces, user
// data, RAM role, maintenance, auto-renew and private-pool attributes. A world may declare each of
// them (ecs-world.ts); an instance that does not (every generated one) gets defaults derived here
// from its record, so bulk worlds store nothing per instance and every answer agrees with the
// instance (a changed system disk category shows in DescribeDisks, a new type's local storage in
// DescribeInstances). Pure: no store, no clock.
import { createHash } from 'node:crypto';
import type { AliyunDiskAttributes, AliyunEniAttributes, AliyunMaintenanceAttributes, Flavor } from '../../../core/model/types.js';
import type { AliyunInstance } from './instance-state.js';

/** The id suffix an instance shares with the resources derived from it: i-bp1x -> d-bp1x, eni-bp1x. */
const suffixOf = (instanceId: string): string => instanceId.slice(2);

/** The system disk id a world leaves out: the instance id with `d-` for `i-`. */
export const derivedSystemDiskId = (instanceId: string): string => `d-${suffixOf(instanceId)}`;
/** The primary ENI id a world leaves out: the instance id with `eni-` for `i-`. */
export const derivedPrimaryEniId = (instanceId: string): string => `eni-${suffixOf(instanceId)}`;

/**
 * The instance a derived resource id belongs to (d-x -> i-x, eni-x -> i-x), or undefined for an id
 * of another form. Declared ids are found through the world's index instead (ecs-world-docs.ts).
 */
export function derivedOwner(resourceId: string): string | undefined {
  const m = /^(?:d|eni)-([a-z0-9]{1,60})$/.exec(resourceId);
  return m ? `i-${m[1]}` : undefined;
}

const digest = (seed: string): Buffer => createHash('sha256').update(seed).digest();

/** A MAC in Alibaba's 00:16:3e range, derived from a seed so it never changes. */
export function derivedMac(seed: string): string {
  let h = 0;
  for (const c of seed) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const bytes = [0x00, 0x16, 0x3e, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A private address in the instance's 172.16.0.0/12 VPC range, derived from a seed. */
export function derivedPrivateIp(seed: string): string {
  const d = digest(`private-ip/${seed}`);
  return `172.16.${d[0]! % 254}.${(d[1]! % 250) + 3}`;
}

/** An id of Alibaba's form (prefix-bp1 + 17 characters) for a declared resource the world left unnamed. */
export const derivedResourceId = (prefix: 'd' | 'eni', seed: string): string => `${prefix}-bp1${digest(seed).toString('hex').slice(0, 17)}`;

// ---- disks -------------------------------------------------------------------------------------

export interface InstanceDisk extends AliyunDiskAttributes {
  type: 'system' | 'data';
  /** /dev/xvda for the system disk, then xvdb, xvdc, ... in declaration order */
  device: string;
}

/** The image's system disk size: 40 GiB, the size of the public images specshift names. */
export const DEFAULT_SYSTEM_DISK_GIB = 40;

/** ESSDs have a performance level (RunInstances: PL1 by default); other categories have none. */
export const defaultPerformanceLevel = (category: string): string => (category === 'cloud_essd' ? 'PL1' : '');

const deviceName = (n: number): string => `/dev/xvd${String.fromCharCode(0x61 + n)}`;

/** The system disk: declared attributes or derived ones, always with the instance's current category. */
export function systemDiskOf(s: AliyunInstance): InstanceDisk {
  const a = s.aliyun;
  const category = a.systemDiskCategory;
  const d = a.systemDisk;
  // a performance level belongs to ESSDs: a disk that moved off one (or onto one) reads its new level
  const performanceLevel = category === 'cloud_essd' ? (d?.performanceLevel || 'PL1') : '';
  return {
    id: d?.id ?? derivedSystemDiskId(s.id),
    category,
    sizeGiB: d?.sizeGiB ?? DEFAULT_SYSTEM_DISK_GIB,
    performanceLevel,
    encrypted: d?.encrypted ?? false,
    kmsKeyId: d?.kmsKeyId ?? '',
    deleteWithInstance: d?.deleteWithInstance ?? true,
    name: d?.name ?? '',
    description: d?.description ?? '',
    type: 'system',
    device: deviceName(0),
  };
}

// Object.assign, not { ...d, type, device }: on node 20 a spread followed by keys the source lacks
// builds a new hidden class per call (~1.3 us a key; bench/README.md, twelfth pass)

/** Every cloud disk of the instance: the system disk, then its data disks (none unless declared). */
export function disksOf(s: AliyunInstance): InstanceDisk[] {
  return [systemDiskOf(s), ...(s.aliyun.dataDisks ?? []).map((d, i) => Object.assign({}, d, { type: 'data' as const, device: deviceName(i + 1) }))];
}

/** Baseline IOPS of a cloud disk by category and size (the block storage performance tables). */
export function diskIops(category: string, performanceLevel: string, sizeGiB: number): number {
  switch (category) {
    case 'cloud_essd': {
      const max = { PL0: 10_000, PL1: 50_000, PL2: 100_000, PL3: 1_000_000 }[performanceLevel] ?? 50_000;
      const base = performanceLevel === 'PL0' ? 1800 + 12 * sizeGiB : 1800 + 50 * sizeGiB;
      return Math.min(max, base);
    }
    case 'cloud_auto':
      return Math.min(50_000, 1800 + 50 * sizeGiB);
    case 'cloud_ssd':
      return Math.min(25_000, 1800 + 30 * sizeGiB);
    case 'cloud_efficiency':
      return Math.min(5000, 1800 + 8 * sizeGiB);
    default:
      return 300; // basic disks
  }
}

// ---- network interfaces ------------------------------------------------------------------------

export interface InstanceEni extends AliyunEniAttributes {
  type: 'Primary' | 'Secondary';
  /** the order the ENIs were attached in (DeviceIndex): 0 for the primary */
  deviceIndex: number;
}

/** The primary ENI: the instance's own vSwitch, address and security groups. */
export function primaryEniOf(s: AliyunInstance): InstanceEni {
  const a = s.aliyun;
  return {
    id: a.primaryEni?.id ?? derivedPrimaryEniId(s.id),
    macAddress: a.primaryEni?.macAddress ?? derivedMac(s.id),
    vSwitchId: a.vSwitchId,
    privateIp: a.privateIp,
    secondaryPrivateIps: a.primaryEni?.secondaryPrivateIps ?? [],
    securityGroupIds: a.securityGroupIds,
    type: 'Primary',
    deviceIndex: 0,
  };
}

/** Every ENI of the instance: the primary one, then the secondary ones a world declared. */
export function enisOf(s: AliyunInstance): InstanceEni[] {
  return [primaryEniOf(s), ...(s.aliyun.secondaryEnis ?? []).map((e, i) => Object.assign({}, e, { type: 'Secondary' as const, deviceIndex: i + 1 }))];
}

// ---- instance attributes read by the Describe* calls around a resize ----------------------------

/** Local storage of the instance's type (d/i families): such an instance cannot change its configuration. */
export function localStorageOf(f: Flavor | undefined): { category: string; amount: number; capacityGiB: number } {
  const w = f?.aliyun?.wire ?? {};
  const category = typeof w.LocalStorageCategory === 'string' ? w.LocalStorageCategory : '';
  const amount = typeof w.LocalStorageAmount === 'number' ? w.LocalStorageAmount : 0;
  const capacity = typeof w.LocalStorageCapacity === 'number' ? w.LocalStorageCapacity : 0;
  return { category, amount, capacityGiB: amount * capacity };
}

export const hasLocalDisks = (f: Flavor | undefined): boolean => localStorageOf(f).category !== '';

/** What an instance does on maintenance, and what it may be set to (local disks cannot be recovered in place). */
export function maintenanceOptions(f: Flavor | undefined): { supported: AliyunMaintenanceAttributes['action'][]; default: AliyunMaintenanceAttributes['action'] } {
  return hasLocalDisks(f) ? { supported: ['Stop', 'AutoRedeploy'], default: 'AutoRedeploy' } : { supported: ['Stop', 'AutoRecover', 'AutoRedeploy'], default: 'AutoRecover' };
}

/** Maintenance attributes: declared, or no window, the type's default action and no notification. */
export function maintenanceOf(s: AliyunInstance, f: Flavor | undefined): AliyunMaintenanceAttributes {
  return s.aliyun.maintenance ?? { windows: [], action: maintenanceOptions(f).default, notify: false };
}

/** Auto-renew of a subscription: declared, or not renewed automatically. */
export function autoRenewOf(s: AliyunInstance): NonNullable<AliyunInstance['aliyun']['autoRenew']> {
  return s.aliyun.autoRenew ?? { enabled: false, duration: 0, periodUnit: 'Month', renewalStatus: 'Normal' };
}

/** Private pool matching: declared, or Open (RunInstances' default) with no pool matched. */
export function privatePoolOf(s: AliyunInstance): NonNullable<AliyunInstance['aliyun']['privatePool']> {
  return s.aliyun.privatePool ?? { matchCriteria: 'Open', id: '' };
}
