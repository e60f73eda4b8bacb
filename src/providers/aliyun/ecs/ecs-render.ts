// Instances on the wire: DescribeInstances items and the flat DescribeInstanceAttribute reply.
// Every list is an object holding an array ({"IpAddress": []}), as the SDK's strict casts need.
// Memory is MiB here (GiB in DescribeInstanceTypes); IoOptimized is a boolean in DescribeInstances
// and "optimized"/"none" in DescribeInstanceAttribute (reference §8, §9).
import { createHash } from 'node:crypto';
import type { Flavor } from '../../../core/model/types.js';
import { aliyunSecondTime, aliyunTime, POSTPAID_EXPIRED_TIME, statusOf, type AliyunInstance } from './instance-state.js';
import { diskIops, enisOf, localStorageOf, type InstanceDisk, type InstanceEni } from './instance-resources.js';

/** DescribeInstances AdditionalAttributes that add fields to an item (the others are always rendered). */
export type AdditionalAttribute = 'LOGIN_AS_NON_ROOT' | 'DISK_HIGH_DENSITY_MODE' | 'CPU_OPTIONS_TOPOLOGY_TYPE';

const chargeType = (s: AliyunInstance): 'PrePaid' | 'PostPaid' => (s.billing === 'prepaid' ? 'PrePaid' : 'PostPaid');
const expiredTime = (s: AliyunInstance): string => (s.expiresAt === null ? POSTPAID_EXPIRED_TIME : aliyunTime(s.expiresAt));
const publicIps = (s: AliyunInstance): string[] => (s.aliyun.publicIp ? [s.aliyun.publicIp] : []);
const lockReasons = (s: AliyunInstance) => s.aliyun.operationLocks.map((r) => ({ LockReason: r }));
const tags = (s: AliyunInstance) => Object.entries(s.tags).map(([k, v]) => ({ TagKey: k, TagValue: v }));

function eipAddress(s: AliyunInstance): Record<string, unknown> {
  const e = s.aliyun.eip;
  return e
    ? { AllocationId: e.allocationId, IpAddress: e.ipAddress, Bandwidth: e.bandwidth, InternetChargeType: e.internetChargeType, IsSupportUnassociate: true }
    : { AllocationId: '', IpAddress: '', Bandwidth: 0, InternetChargeType: '' };
}

/** The instance's serial number (a UUID), derived from its id so it never changes. */
function serialOf(id: string): string {
  const h = createHash('sha256').update(`serial/${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const wireNumber = (f: Flavor | undefined, key: string, fallback: number): number => {
  const v = f?.aliyun?.wire[key];
  return typeof v === 'number' ? v : fallback;
};

function cpuOptions(f: Flavor | undefined, topology: boolean): Record<string, unknown> {
  const o = f?.aliyun?.wire.CpuOptions as { Core?: number; ThreadsPerCore?: number } | undefined;
  const vcpus = f?.vcpus ?? 0;
  return { CoreCount: o?.Core ?? vcpus, ThreadsPerCore: o?.ThreadsPerCore ?? 1, Numa: '', ...(topology ? { TopologyType: 'DiscreteCoreToHyperThreads' } : {}) };
}

/** An ENI as DescribeInstances lists it under NetworkInterfaces.NetworkInterface[]. */
function instanceEni(e: InstanceEni): Record<string, unknown> {
  return {
    NetworkInterfaceId: e.id,
    MacAddress: e.macAddress,
    PrimaryIpAddress: e.privateIp,
    Type: e.type,
    PrivateIpSets: { PrivateIpSet: privateIpSet(e) },
  };
}

/** An ENI's addresses, its primary one first; `Primary` is a JSON boolean (Terraform asserts the type). */
export const privateIpSet = (e: InstanceEni): Record<string, unknown>[] => [
  { PrivateIpAddress: e.privateIp, Primary: true },
  ...e.secondaryPrivateIps.map((ip) => ({ PrivateIpAddress: ip, Primary: false })),
];

/** One item of DescribeInstances' Instances.Instance[]. */
export function renderInstance(s: AliyunInstance, f: Flavor | undefined, additional: ReadonlySet<AdditionalAttribute> = new Set()): Record<string, unknown> {
  const a = s.aliyun;
  const local = localStorageOf(f);
  return {
    InstanceId: s.id,
    InstanceName: s.name,
    Description: a.description,
    HostName: a.hostName,
    RegionId: s.region,
    ZoneId: s.az,
    InstanceType: s.flavorId,
    InstanceTypeFamily: f?.family ?? s.flavorId.split('.').slice(0, 2).join('.'),
    Cpu: f?.vcpus ?? 0,
    Memory: f?.ramMb ?? 0,
    GPUAmount: wireNumber(f, 'GPUAmount', 0),
    GPUSpec: String(f?.aliyun?.wire.GPUSpec ?? ''),
    CpuOptions: cpuOptions(f, additional.has('CPU_OPTIONS_TOPOLOGY_TYPE')),
    CreditSpecification: f?.family === 'ecs.t6' ? 'Standard' : '',
    Status: statusOf(s),
    InstanceChargeType: chargeType(s),
    SpotStrategy: a.spotStrategy ?? 'NoSpot',
    SpotPriceLimit: a.spotPriceLimit ?? 0,
    SpotDuration: 0,
    SpotInterruptionBehavior: 'Terminate',
    InternetChargeType: a.internetChargeType,
    InternetMaxBandwidthOut: a.bandwidthOut,
    InternetMaxBandwidthIn: a.bandwidthIn,
    OSType: s.osType === 'Windows' ? 'windows' : 'linux',
    OSName: a.osName,
    OSNameEn: a.osName,
    ImageId: s.imageId,
    IoOptimized: a.ioOptimized,
    InstanceNetworkType: 'vpc',
    StoppedMode: a.stoppedMode,
    CreationTime: aliyunTime(s.createdAt),
    StartTime: aliyunTime(a.startedAt),
    ExpiredTime: expiredTime(s),
    AutoReleaseTime: '',
    DeletionProtection: a.deletionProtection,
    DeviceAvailable: true,
    Recyclable: false,
    SerialNumber: serialOf(s.id),
    ResourceGroupId: '',
    KeyPairName: '',
    ClusterId: '',
    DeploymentSetId: '',
    HpcClusterId: '',
    VlanId: '',
    LocalStorageAmount: local.amount,
    LocalStorageCapacity: local.capacityGiB,
    DedicatedHostAttribute: { DedicatedHostId: s.dedicatedHostId ?? '', DedicatedHostName: '', DedicatedHostClusterId: '' },
    DedicatedInstanceAttribute: { Affinity: '', Tenancy: '' },
    EcsCapacityReservationAttr: { CapacityReservationId: '', CapacityReservationPreference: '' },
    HibernationOptions: { Configured: false },
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional', HttpPutResponseHopLimit: 0 },
    VpcAttributes: { VpcId: a.vpcId, VSwitchId: a.vSwitchId, NatIpAddress: '', PrivateIpAddress: { IpAddress: [a.privateIp] } },
    NetworkInterfaces: { NetworkInterface: enisOf(s).map(instanceEni) },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: publicIps(s) },
    EipAddress: eipAddress(s),
    SecurityGroupIds: { SecurityGroupId: [...a.securityGroupIds] },
    OperationLocks: { LockReason: lockReasons(s) },
    Tags: { Tag: tags(s) },
    ...(additional.has('LOGIN_AS_NON_ROOT') ? { ImageOptions: { LoginAsNonRoot: false } } : {}),
    ...(additional.has('DISK_HIGH_DENSITY_MODE') ? { AdditionalInfo: { EnableHighDensityMode: false } } : {}),
  };
}

/** DescribeInstanceAttribute: the same facts, flat, with IoOptimized as text. */
export function renderInstanceAttribute(s: AliyunInstance, f: Flavor | undefined): Record<string, unknown> {
  const a = s.aliyun;
  const e = eipAddress(s);
  return {
    InstanceId: s.id,
    InstanceName: s.name,
    Description: a.description,
    HostName: a.hostName,
    RegionId: s.region,
    ZoneId: s.az,
    InstanceType: s.flavorId,
    Cpu: f?.vcpus ?? 0,
    Memory: f?.ramMb ?? 0,
    Status: statusOf(s),
    InstanceChargeType: chargeType(s),
    InternetChargeType: a.internetChargeType,
    InternetMaxBandwidthOut: a.bandwidthOut,
    InternetMaxBandwidthIn: a.bandwidthIn,
    ImageId: s.imageId,
    IoOptimized: a.ioOptimized ? 'optimized' : 'none',
    InstanceNetworkType: 'vpc',
    StoppedMode: a.stoppedMode,
    CreationTime: aliyunTime(s.createdAt),
    ExpiredTime: expiredTime(s),
    SerialNumber: serialOf(s.id),
    ClusterId: '',
    VlanId: '',
    CreditSpecification: f?.family === 'ecs.t6' ? 'Standard' : '',
    EnableJumboFrame: false,
    DedicatedHostAttribute: { DedicatedHostId: s.dedicatedHostId ?? '', DedicatedHostName: '' },
    VpcAttributes: { VpcId: a.vpcId, VSwitchId: a.vSwitchId, NatIpAddress: '', PrivateIpAddress: { IpAddress: [a.privateIp] } },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: publicIps(s) },
    EipAddress: { AllocationId: e.AllocationId, IpAddress: e.IpAddress, Bandwidth: e.Bandwidth, InternetChargeType: e.InternetChargeType },
    SecurityGroupIds: { SecurityGroupId: [...a.securityGroupIds] },
    OperationLocks: { LockReason: lockReasons(s) },
  };
}

/** An account's Alibaba UID (a 16-digit number, OwnerId on the wire), derived from its id. */
export function ownerUid(accountId: string): string {
  const h = createHash('sha256').update(`uid/${accountId}`).digest();
  return String(1_000_000_000_000_000n + (h.readBigUInt64BE(0) % 9_000_000_000_000_000n));
}

/** What DescribeDisks reports as the expiry of a pay-as-you-go disk (its page's sample). */
const POSTPAID_DISK_EXPIRED_TIME = '2999-09-08T16:00Z';

/** One item of DescribeDisks' Disks.Disk[]: a disk attached to its instance. */
export function renderDisk(s: AliyunInstance, d: InstanceDisk): Record<string, unknown> {
  const iops = diskIops(d.category, d.performanceLevel, d.sizeGiB);
  const locks = s.aliyun.operationLocks.filter((r) => r === 'financial' || r === 'security').map((r) => ({ LockReason: r }));
  return {
    DiskId: d.id,
    DiskName: d.name,
    Description: d.description,
    Type: d.type,
    Category: d.category,
    Size: d.sizeGiB,
    PerformanceLevel: d.performanceLevel,
    Encrypted: d.encrypted,
    KMSKeyId: d.kmsKeyId,
    DeleteWithInstance: d.deleteWithInstance,
    DeleteAutoSnapshot: false,
    EnableAutoSnapshot: true,
    EnableAutomatedSnapshotPolicy: false,
    AutoSnapshotPolicyId: '',
    Portable: d.type === 'data',
    Device: d.device,
    DiskChargeType: chargeType(s),
    Status: 'In_use',
    InstanceId: s.id,
    RegionId: s.region,
    ZoneId: s.az,
    ImageId: d.type === 'system' ? s.imageId : '',
    SourceSnapshotId: '',
    ProductCode: '',
    ResourceGroupId: '',
    StorageClusterId: '',
    StorageSetId: '',
    StorageSetPartitionNumber: 0,
    MultiAttach: 'Disabled',
    SerialNumber: d.id.slice(2).toUpperCase(),
    BdfId: '',
    IOPS: iops,
    IOPSRead: Math.floor(iops / 2),
    IOPSWrite: Math.floor(iops / 2),
    ProvisionedIops: 0,
    BurstingEnabled: false,
    CreationTime: aliyunSecondTime(s.createdAt),
    AttachedTime: aliyunSecondTime(s.createdAt),
    DetachedTime: '',
    ExpiredTime: s.expiresAt === null ? POSTPAID_DISK_EXPIRED_TIME : aliyunTime(s.expiresAt),
    MountInstanceNum: 0,
    MountInstances: { MountInstance: [] },
    Attachments: { Attachment: [{ InstanceId: s.id, Device: d.device, AttachedTime: aliyunSecondTime(s.createdAt) }] },
    OperationLocks: { OperationLock: locks },
    Tags: { Tag: [] },
  };
}

/** One item of DescribeNetworkInterfaces' NetworkInterfaceSets.NetworkInterfaceSet[]. */
export function renderEni(s: AliyunInstance, e: InstanceEni, f: Flavor | undefined): Record<string, unknown> {
  const eip = e.type === 'Primary' ? s.aliyun.eip : null;
  const associated = eip ? { PublicIpAddress: eip.ipAddress, AllocationId: eip.allocationId } : {};
  const queues = wireNumber(f, e.type === 'Primary' ? 'PrimaryEniQueueNumber' : 'SecondaryEniQueueNumber', 1);
  return {
    NetworkInterfaceId: e.id,
    NetworkInterfaceName: '',
    Description: '',
    Status: 'InUse',
    Type: e.type,
    InstanceId: s.id,
    VpcId: s.aliyun.vpcId,
    VSwitchId: e.vSwitchId,
    ZoneId: s.az,
    PrivateIpAddress: e.privateIp,
    MacAddress: e.macAddress,
    SecurityGroupIds: { SecurityGroupId: [...e.securityGroupIds] },
    NetworkInterfaceTrafficMode: 'Standard',
    QueueNumber: queues,
    QueuePairNumber: 0,
    SourceDestCheck: false,
    DeleteOnRelease: e.type === 'Primary',
    ServiceManaged: false,
    ResourceGroupId: '',
    OwnerId: ownerUid(s.accountId),
    CreationTime: aliyunSecondTime(s.createdAt),
    Attachment: { InstanceId: s.id, DeviceIndex: e.deviceIndex, NetworkCardIndex: 0, TrunkNetworkInterfaceId: '' },
    AssociatedPublicIp: associated,
    PrivateIpSets: { PrivateIpSet: privateIpSet(e).map((p) => Object.assign({}, p, { PrivateDnsName: '', AssociatedPublicIp: p.Primary ? associated : {} })) },
    Ipv6Sets: { Ipv6Set: [] },
    Ipv4PrefixSets: { Ipv4PrefixSet: [] },
    Ipv6PrefixSets: { Ipv6PrefixSet: [] },
    Tags: { Tag: [] },
  };
}
