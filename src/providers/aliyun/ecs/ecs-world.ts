// The "aliyun" section of a world file: regions with zones (per-zone offer and stock) and quotas,
// API rate limits, and instances (declared one by one, or generated in bulk for load tests). The JSON Schema (schema/world.schema.json, property "aliyun")
// has already checked types and ranges; this checks what a schema cannot (owners, references,
// unique ids, consistent networking) and stores the instance-type catalog, regions and instances.
import { createHash } from 'node:crypto';
import type { AliyunDiskAttributes, AliyunEniAttributes, AliyunInstanceAttributes, AliyunLockReason, AliyunMaintenanceAttributes, Flavor, Region, Server } from '../../../core/model/types.js';
import { WorldError, type WorldSectionLoader } from '../../../core/world-section.js';
import { isAliyunEcsAction } from './ecs-action-names.js';
import { ATTACHMENT_DOC, IMAGE_DOC, putRegionDoc, SETTINGS_DOC, SETTINGS_ID, type AliyunImageDoc, type AliyunRegionDoc, type AliyunSettingsDoc, type StockState } from './ecs-world-docs.js';
import {
  DEFAULT_SYSTEM_DISK_GIB,
  defaultPerformanceLevel,
  derivedMac,
  derivedOwner,
  derivedPrivateIp,
  derivedResourceId,
  maintenanceOptions,
} from './instance-resources.js';
import { aliyunProjectId } from './instance-state.js';
import { isOffline, shippedAliyunInstanceTypes } from './instance-types.js';

interface WorldZone {
  id: string;
  local_name?: string;
  instance_types?: string[];
  stock?: Record<string, StockState | number>;
}

interface WorldRegion {
  id: string;
  local_name?: string;
  zones: WorldZone[];
  internet_charge_types?: ChargeType[];
  quotas?: { postpaid_vcpus?: number; pay_by_bandwidth_mbps?: number };
}

type ChargeType = 'PayByTraffic' | 'PayByBandwidth';

interface WorldDisk {
  id?: string;
  category?: string;
  size?: number;
  performance_level?: string;
  encrypted?: boolean;
  kms_key_id?: string;
  delete_with_instance?: boolean;
  name?: string;
  description?: string;
}

interface WorldEni {
  id?: string;
  mac_address?: string;
  vswitch_id?: string;
  private_ip?: string;
  secondary_private_ips?: string[];
  security_group_ids?: string[];
}

interface WorldImage {
  id: string;
  nvme_support?: 'supported' | 'unsupported';
  instance_types?: string[];
  excluded_instance_types?: string[];
  marketplace?: boolean;
}

interface WorldInstance {
  id: string;
  account: string;
  region: string;
  zone?: string;
  name?: string;
  instance_type: string;
  status?: 'Running' | 'Stopped';
  charge_type?: 'PostPaid' | 'PrePaid';
  expires_at?: string;
  expires_in_days?: number;
  created_at?: string;
  internet_charge_type?: ChargeType;
  bandwidth_out?: number;
  bandwidth_in?: number;
  vpc_id?: string;
  vswitch_id?: string;
  private_ip?: string;
  public_ip?: string;
  eip?: { allocation_id?: string; ip_address: string; bandwidth?: number; internet_charge_type?: ChargeType; mode?: 'NAT' | 'BINDED' };
  security_group_ids?: string[];
  operation_locks?: AliyunLockReason[];
  deletion_protection?: boolean;
  dedicated_host_id?: string;
  os_type?: 'linux' | 'windows';
  os_name?: string;
  image_id?: string;
  io_optimized?: boolean;
  system_disk_category?: string;
  unpaid_order?: boolean;
  host_name?: string;
  description?: string;
  tags?: Record<string, string>;
  system_disk?: WorldDisk;
  data_disks?: WorldDisk[];
  user_data?: string;
  ram_role?: string;
  primary_network_interface?: Omit<WorldEni, 'vswitch_id' | 'private_ip' | 'security_group_ids'>;
  network_interfaces?: WorldEni[];
  maintenance?: { windows?: { start_time: string; end_time: string }[]; action?: AliyunMaintenanceAttributes['action']; notify?: boolean };
  auto_renew?: { enabled?: boolean; duration?: number; period_unit?: 'Week' | 'Month' | 'Year'; renewal_status?: 'AutoRenewal' | 'Normal' | 'NotRenewal' };
  private_pool?: { match_criteria: 'Open' | 'Target' | 'None'; id?: string };
  spot_strategy?: 'SpotWithPriceLimit' | 'SpotAsPriceGo';
  spot_price_limit?: number;
  reserved_instance_type?: string;
}

/** Bulk instances for load tests, like huawei.generate_servers. */
interface WorldGenerator {
  count: number;
  id_prefix?: string;
  name_prefix?: string;
  account: string;
  region: string;
  zone?: string;
  instance_type: string;
  status?: 'Running' | 'Stopped';
  charge_type?: 'PostPaid' | 'PrePaid';
  internet_charge_type?: ChargeType;
  bandwidth_out?: number;
}

interface AliyunSection {
  regions?: WorldRegion[];
  rate_limits?: Record<string, { calls: number; period_seconds: number }>;
  images?: WorldImage[];
  restricted_instance_types?: Record<string, string[]>;
  reseller_accounts?: string[];
  instances?: WorldInstance[];
  generate_instances?: WorldGenerator[];
}

/** The n-th generated instance's id: the prefix and n as 12 digits (i-gen000000000042). */
export const generatedInstanceId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}`;

/** The declared instances, then the generated ones, as one list of declarations. */
function* declaredInstances(section: AliyunSection): Generator<WorldInstance> {
  yield* section.instances ?? [];
  for (const g of section.generate_instances ?? []) {
    const { count, id_prefix, name_prefix, ...template } = g;
    for (let n = 0; n < count; n++) {
      yield { ...template, id: generatedInstanceId(id_prefix ?? 'i-gen', n), name: `${name_prefix ?? 'gen'}-${n}` };
    }
  }
}

const DAY = 24 * 3600 * 1000;
const digest = (seed: string): Buffer => createHash('sha256').update(seed).digest();
const hex = (seed: string, n: number): string => digest(seed).toString('hex').slice(0, n);

/** Memoised: a bulk world shares a few networks among many instances. */
function memo(fn: (seed: string) => string): (seed: string) => string {
  const cache = new Map<string, string>();
  return (seed) => {
    let v = cache.get(seed);
    if (v === undefined) cache.set(seed, (v = fn(seed)));
    return v;
  };
}
const networkId = memo((seed) => hex(seed, 17));

/** Ids and addresses the world leaves out are derived from names, so a world always yields the same ones. */
const derived = {
  vpc: (account: string, region: string) => `vpc-bp1${networkId(`vpc/${account}/${region}`)}`,
  vswitch: (account: string, zone: string) => `vsw-bp1${networkId(`vsw/${account}/${zone}`)}`,
  securityGroup: (account: string, region: string) => `sg-bp1${networkId(`sg/${account}/${region}`)}`,
  privateIp: derivedPrivateIp,
};

/** A public address derived from the instance id (47.96.0.0/12 is Alibaba Hangzhou space). */
export function derivedPublicIp(instanceId: string): string {
  const d = digest(`public-ip/${instanceId}`);
  return `47.${96 + (d[0]! % 16)}.${d[1]!}.${(d[2]! % 253) + 1}`;
}

/** Inbound bandwidth when none is given: 10 up to 10 Mbit/s out, else the outbound value (seed 004). */
export const defaultBandwidthIn = (out: number): number => (out <= 10 ? 10 : out);

function loadRegions(regions: WorldRegion[], catalog: Map<string, Flavor>, huaweiRegions: Set<string>): AliyunRegionDoc[] {
  const seenRegions = new Set<string>();
  const seenZones = new Set<string>();
  return regions.map((r) => {
    const what = `world file: aliyun region ${r.id}`;
    if (seenRegions.has(r.id)) throw new WorldError(`${what} is declared twice`);
    if (huaweiRegions.has(r.id)) throw new WorldError(`${what} has the id of a Huawei region`);
    seenRegions.add(r.id);
    const zones = r.zones.map((z) => {
      if (seenZones.has(z.id)) throw new WorldError(`${what}: zone ${z.id} is declared twice`);
      seenZones.add(z.id);
      for (const t of [...(z.instance_types ?? []), ...Object.keys(z.stock ?? {})]) {
        if (!catalog.has(t)) throw new WorldError(`${what}: zone ${z.id} names unknown instance type ${t}`);
      }
      return { id: z.id, localName: z.local_name ?? z.id, instanceTypes: z.instance_types ?? null, stock: { ...(z.stock ?? {}) } };
    });
    return {
      id: r.id,
      localName: r.local_name ?? r.id,
      zones,
      internetChargeTypes: r.internet_charge_types ?? ['PayByTraffic', 'PayByBandwidth'],
      quotas: { postpaidVcpus: r.quotas?.postpaid_vcpus ?? null, payByBandwidthMbps: r.quotas?.pay_by_bandwidth_mbps ?? null },
    };
  });
}

/** ESSD performance levels and the smallest disk each allows (block storage limits). */
const PL_MIN_GIB: Record<string, number> = { PL0: 1, PL1: 20, PL2: 461, PL3: 1261 };

function buildDisk(what: string, d: WorldDisk, category: string, seed: string): AliyunDiskAttributes {
  const performanceLevel = d.performance_level ?? defaultPerformanceLevel(category);
  if (performanceLevel !== '' && category !== 'cloud_essd') throw new WorldError(`${what}: performance_level belongs to cloud_essd disks`);
  const size = d.size ?? DEFAULT_SYSTEM_DISK_GIB;
  if (performanceLevel !== '' && size < PL_MIN_GIB[performanceLevel]!) throw new WorldError(`${what}: a ${performanceLevel} disk is at least ${PL_MIN_GIB[performanceLevel]} GiB`);
  if (d.kms_key_id !== undefined && d.encrypted !== true) throw new WorldError(`${what}: kms_key_id needs encrypted: true`);
  return {
    id: d.id ?? derivedResourceId('d', seed),
    category,
    sizeGiB: size,
    performanceLevel,
    encrypted: d.encrypted ?? false,
    kmsKeyId: d.kms_key_id ?? '',
    deleteWithInstance: d.delete_with_instance ?? true,
    name: d.name ?? '',
    description: d.description ?? '',
  };
}

/** The optional, declared-only attributes (disks, ENIs, user data, ...): none for a bare or generated instance. */
function buildExtras(w: WorldInstance, type: Flavor, systemDiskCategory: string, vSwitchId: string, securityGroupIds: string[]): Partial<AliyunInstanceAttributes> {
  const what = `world file: aliyun instance ${w.id}`;
  const prepaid = w.charge_type === 'PrePaid';
  const x: Partial<AliyunInstanceAttributes> = {};
  if (w.system_disk) {
    const { category: _category, ...rest } = buildDisk(`${what} system_disk`, w.system_disk, systemDiskCategory, `system-disk/${w.id}`);
    x.systemDisk = { ...rest, id: w.system_disk.id ?? `d-${w.id.slice(2)}` };
  }
  if (w.data_disks?.length) {
    x.dataDisks = w.data_disks.map((d, i) => {
      if (d.category === undefined) throw new WorldError(`${what} data_disks[${i}]: category is required`);
      return buildDisk(`${what} data_disks[${i}]`, { size: 40, ...d }, d.category, `data-disk/${w.id}/${i}`);
    });
  }
  if (w.user_data !== undefined) x.userData = Buffer.from(w.user_data, 'utf8').toString('base64');
  if (w.ram_role !== undefined) x.ramRoleName = w.ram_role;
  const wire = type.aliyun?.wire ?? {};
  const ipsPerEni = typeof wire.EniPrivateIpAddressQuantity === 'number' ? wire.EniPrivateIpAddressQuantity : 6;
  const checkIps = (where: string, ips: string[] | undefined) => {
    if ((ips?.length ?? 0) + 1 > ipsPerEni) throw new WorldError(`${what} ${where}: ${type.id} allows ${ipsPerEni} private IPs per ENI`);
  };
  if (w.primary_network_interface) {
    const p = w.primary_network_interface;
    checkIps('primary_network_interface', p.secondary_private_ips);
    x.primaryEni = { id: p.id ?? `eni-${w.id.slice(2)}`, macAddress: p.mac_address ?? derivedMac(w.id), secondaryPrivateIps: p.secondary_private_ips ?? [] };
  }
  if (w.network_interfaces?.length) {
    const enis = typeof wire.EniQuantity === 'number' ? wire.EniQuantity : 2;
    if (w.network_interfaces.length + 1 > enis) throw new WorldError(`${what}: ${type.id} takes ${enis} ENIs, the primary one included`);
    x.secondaryEnis = w.network_interfaces.map((e, i): AliyunEniAttributes => {
      checkIps(`network_interfaces[${i}]`, e.secondary_private_ips);
      const id = e.id ?? derivedResourceId('eni', `eni/${w.id}/${i}`);
      return {
        id,
        macAddress: e.mac_address ?? derivedMac(id),
        vSwitchId: e.vswitch_id ?? vSwitchId,
        privateIp: e.private_ip ?? derivedPrivateIp(id),
        secondaryPrivateIps: e.secondary_private_ips ?? [],
        securityGroupIds: e.security_group_ids ?? securityGroupIds,
      };
    });
  }
  if (w.maintenance) {
    const options = maintenanceOptions(type);
    const action = w.maintenance.action ?? options.default;
    if (!options.supported.includes(action)) throw new WorldError(`${what}: maintenance action ${action} is not one of ${options.supported.join(', ')} for ${type.id}`);
    const windows = (w.maintenance.windows ?? []).map((m) => {
      if (m.start_time === m.end_time) throw new WorldError(`${what}: a maintenance window must not be empty`);
      return { startTime: m.start_time, endTime: m.end_time };
    });
    x.maintenance = { windows, action, notify: w.maintenance.notify ?? false };
  }
  if (w.auto_renew) {
    if (!prepaid) throw new WorldError(`${what}: auto_renew belongs to PrePaid instances`);
    const r = w.auto_renew;
    const enabled = r.enabled ?? r.renewal_status === 'AutoRenewal';
    const status = r.renewal_status ?? (enabled ? 'AutoRenewal' : 'Normal');
    if (enabled !== (status === 'AutoRenewal')) throw new WorldError(`${what}: auto_renew enabled and renewal_status ${status} disagree`);
    const duration = r.duration ?? (enabled ? 1 : 0);
    if (enabled && duration < 1) throw new WorldError(`${what}: auto_renew needs a duration`);
    x.autoRenew = { enabled, duration, periodUnit: r.period_unit ?? 'Month', renewalStatus: status };
  }
  if (w.private_pool) {
    const { match_criteria: criteria, id } = w.private_pool;
    if ((criteria === 'Target') !== (id !== undefined)) throw new WorldError(`${what}: private_pool id goes with match_criteria Target, and only with it`);
    x.privatePool = { matchCriteria: criteria, id: id ?? '' };
  }
  if (w.spot_strategy !== undefined) {
    if (prepaid) throw new WorldError(`${what}: only PostPaid instances are preemptible`);
    if ((w.spot_strategy === 'SpotWithPriceLimit') !== (w.spot_price_limit !== undefined)) throw new WorldError(`${what}: spot_price_limit goes with SpotWithPriceLimit, and only with it`);
    x.spotStrategy = w.spot_strategy;
    if (w.spot_price_limit !== undefined) x.spotPriceLimit = w.spot_price_limit;
  } else if (w.spot_price_limit !== undefined) {
    throw new WorldError(`${what}: spot_price_limit without spot_strategy`);
  }
  if (w.reserved_instance_type !== undefined) x.reservedInstanceType = w.reserved_instance_type;
  return x;
}

/** The ids a declared instance names for its disks and ENIs (they must be unique world-wide). */
function declaredResourceIds(s: Server): string[] {
  const a = s.aliyun!;
  return [
    ...(a.systemDisk ? [a.systemDisk.id] : []),
    ...(a.dataDisks ?? []).map((d) => d.id),
    ...(a.primaryEni ? [a.primaryEni.id] : []),
    ...(a.secondaryEnis ?? []).map((e) => e.id),
  ];
}

function buildInstance(w: WorldInstance, index: number, accountId: string, zone: string, now: number, type: Flavor): Server {
  const what = `world file: aliyun instance ${w.id}`;
  const prepaid = w.charge_type === 'PrePaid';
  if (w.eip && (w.public_ip !== undefined || (w.bandwidth_out ?? 0) > 0)) {
    throw new WorldError(`${what}: an instance with an EIP has no fixed public IP or bandwidth of its own`);
  }
  const out = w.bandwidth_out ?? 0;
  const bandwidthIn = w.bandwidth_in ?? defaultBandwidthIn(out);
  if (bandwidthIn > Math.max(10, out)) throw new WorldError(`${what}: bandwidth_in ${bandwidthIn} exceeds what bandwidth_out ${out} allows`);
  if (!prepaid && (w.expires_at !== undefined || w.expires_in_days !== undefined)) throw new WorldError(`${what}: only PrePaid instances expire`);
  const expiresAt = !prepaid ? null : w.expires_at !== undefined ? Date.parse(w.expires_at) : now + (w.expires_in_days ?? 30) * DAY;
  const createdAt = w.created_at !== undefined ? Date.parse(w.created_at) : now - DAY + index;
  if (Number.isNaN(expiresAt) || Number.isNaN(createdAt)) throw new WorldError(`${what}: expires_at or created_at is not a valid time`);
  const windows = w.os_type === 'windows';
  const locks = [...new Set(w.operation_locks ?? [])];
  const aliyun: AliyunInstanceAttributes = {
    internetChargeType: w.internet_charge_type ?? 'PayByTraffic',
    bandwidthOut: out,
    bandwidthIn,
    vpcId: w.vpc_id ?? derived.vpc(w.account, w.region),
    vSwitchId: w.vswitch_id ?? derived.vswitch(w.account, zone),
    privateIp: w.private_ip ?? derived.privateIp(w.id),
    publicIp: w.public_ip ?? (out > 0 && !w.eip ? derivedPublicIp(w.id) : null),
    eip: w.eip
      ? {
          allocationId: w.eip.allocation_id ?? `eip-bp1${hex(`eip/${w.id}`, 17)}`,
          ipAddress: w.eip.ip_address,
          bandwidth: w.eip.bandwidth ?? 5,
          internetChargeType: w.eip.internet_charge_type ?? 'PayByTraffic',
          ...(w.eip.mode ? { mode: w.eip.mode } : {}),
        }
      : null,
    securityGroupIds: w.security_group_ids ?? [derived.securityGroup(w.account, w.region)],
    operationLocks: locks,
    deletionProtection: w.deletion_protection ?? false,
    hostName: w.host_name ?? `iZ${w.id.slice(2)}Z`,
    description: w.description ?? '',
    osName: w.os_name ?? (windows ? 'Windows Server 2022 Datacenter 64-bit (English)' : 'Alibaba Cloud Linux 3.2104 LTS 64 bit'),
    ioOptimized: w.io_optimized ?? true,
    // non-I/O-optimized (retired) instances ran on basic disks
    systemDiskCategory: w.system_disk_category ?? (w.io_optimized === false ? 'cloud' : 'cloud_essd'),
    stoppedMode: w.status === 'Running' ? 'Not-applicable' : prepaid ? 'Not-applicable' : 'KeepCharging',
    startedAt: createdAt,
    unpaidOrder: w.unpaid_order ?? false,
    downgradeCount: 0,
    lastDowngradeAt: null,
  };
  if (w.system_disk?.category !== undefined) {
    if (w.system_disk_category !== undefined && w.system_disk_category !== w.system_disk.category) {
      throw new WorldError(`${what}: system_disk.category and system_disk_category disagree`);
    }
    aliyun.systemDiskCategory = w.system_disk.category;
  }
  Object.assign(aliyun, buildExtras(w, type, aliyun.systemDiskCategory, aliyun.vSwitchId, aliyun.securityGroupIds));
  return {
    cloud: 'aliyun',
    id: w.id,
    accountId,
    projectId: aliyunProjectId(w.region),
    region: w.region,
    az: zone,
    name: w.name ?? w.id,
    flavorId: w.instance_type,
    vmState: w.status === 'Running' ? 'active' : 'stopped',
    taskState: null,
    billing: prepaid ? 'prepaid' : 'postpaid',
    spot: w.spot_strategy !== undefined,
    osType: windows ? 'Windows' : 'Linux',
    imageId: w.image_id ?? (windows ? 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd' : 'aliyun_3_x64_20G_alibase_20240819.vhd'),
    imageName: aliyun.osName,
    imageType: 'gold',
    dedicatedHostId: w.dedicated_host_id ?? null,
    tags: w.tags ?? {},
    enterpriseProjectId: '0',
    locked: locks.includes('security'),
    frozen: locks.includes('financial'),
    cpuThreads: null,
    busyJobId: null,
    expiresAt,
    createdAt,
    updatedAt: now,
    version: 1,
    aliyun,
  };
}

export const aliyunWorldSection: WorldSectionLoader = {
  key: 'aliyun',
  async load(raw, ctx, tx) {
    const section = raw as AliyunSection;
    const catalog = new Map(shippedAliyunInstanceTypes().map((f) => [f.id, f]));
    for (const f of catalog.values()) await tx.putFlavor(f);

    const huaweiRegions = new Set((await tx.listRegions()).filter((r) => r.cloud !== 'aliyun').map((r) => r.id));
    const regions = loadRegions(section.regions ?? [], catalog, huaweiRegions);
    for (const r of regions) {
      const region: Region = { id: r.id, cloud: 'aliyun', name: r.localName, zones: r.zones.map((z) => z.id) };
      await tx.putRegion(region);
      await putRegionDoc(tx, r);
    }

    const rateLimits: AliyunSettingsDoc['rateLimits'] = {};
    for (const [action, limit] of Object.entries(section.rate_limits ?? {})) {
      if (action !== '*' && !isAliyunEcsAction(action)) throw new WorldError(`world file: aliyun rate_limits names unknown action ${action}`);
      rateLimits[action] = { calls: limit.calls, periodMs: limit.period_seconds * 1000 };
    }
    const restrictedInstanceTypes: Record<string, string[]> = {};
    for (const [typeId, accounts] of Object.entries(section.restricted_instance_types ?? {})) {
      if (!catalog.has(typeId)) throw new WorldError(`world file: aliyun restricted_instance_types names unknown instance type ${typeId}`);
      restrictedInstanceTypes[typeId] = accounts.map((name) => ctx.accountByName(name).id);
    }
    const resellerAccounts = (section.reseller_accounts ?? []).map((name) => ctx.accountByName(name).id);
    await tx.putWorldDoc(SETTINGS_DOC, SETTINGS_ID, { rateLimits, restrictedInstanceTypes, resellerAccounts } satisfies AliyunSettingsDoc);

    for (const img of section.images ?? []) {
      if (await tx.findWorldDoc(IMAGE_DOC, img.id)) throw new WorldError(`world file: aliyun image ${img.id} is declared twice`);
      for (const t of [...(img.instance_types ?? []), ...(img.excluded_instance_types ?? [])]) {
        if (!catalog.has(t)) throw new WorldError(`world file: aliyun image ${img.id} names unknown instance type ${t}`);
      }
      const doc: AliyunImageDoc = {
        id: img.id,
        nvmeSupport: img.nvme_support ?? 'supported',
        instanceTypes: img.instance_types ?? null,
        excludedInstanceTypes: img.excluded_instance_types ?? [],
        marketplace: img.marketplace ?? false,
      };
      await tx.putWorldDoc(IMAGE_DOC, img.id, doc);
    }

    const seen = new Set<string>();
    /** declared disk and ENI ids -> instance, for the look-ups by id and the uniqueness check */
    const attached = new Map<string, string>();
    let i = 0;
    for (const w of declaredInstances(section)) {
      const what = `world file: aliyun instance ${w.id}`;
      if (seen.has(w.id)) throw new WorldError(`${what} is declared twice`);
      seen.add(w.id);
      const region = regions.find((r) => r.id === w.region);
      if (!region) throw new WorldError(`${what} names unknown region ${w.region}`);
      const zone = w.zone ?? region.zones[0]?.id;
      if (!zone || !region.zones.some((z) => z.id === zone)) throw new WorldError(`${what} names zone ${w.zone ?? '(none)'}, not in region ${w.region}`);
      const type = catalog.get(w.instance_type);
      if (!type) throw new WorldError(`${what} names unknown instance type ${w.instance_type}`);
      if (w.io_optimized === false && !isOffline(type)) throw new WorldError(`${what}: only retired instance types run non-I/O-optimized`);
      if (w.reserved_instance_type !== undefined && !catalog.has(w.reserved_instance_type)) throw new WorldError(`${what} reserves unknown instance type ${w.reserved_instance_type}`);
      const server = buildInstance(w, i++, ctx.accountByName(w.account).id, zone, ctx.now, type);
      for (const id of declaredResourceIds(server)) {
        if (attached.has(id)) throw new WorldError(`${what}: disk or ENI id ${id} is declared twice`);
        attached.set(id, w.id);
        await tx.putWorldDoc(ATTACHMENT_DOC, id, { instanceId: w.id });
      }
      await tx.insertServer(server);
    }
    // a declared id must not be the derived id of another instance's system disk or primary ENI
    for (const [id, owner] of attached) {
      const derivedFrom = derivedOwner(id);
      if (derivedFrom !== undefined && derivedFrom !== owner && seen.has(derivedFrom)) {
        throw new WorldError(`world file: aliyun instance ${owner}: ${id} is the id instance ${derivedFrom} derives for its own disk or ENI`);
      }
    }
  },
};
