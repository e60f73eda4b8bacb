// Instances on the wire: DescribeInstances items and the flat DescribeInstanceAttribute reply.
// Every list is an object holding an array ({"IpAddress": []}), as the SDK's strict casts need.
// Memory is MiB here (GiB in DescribeInstanceTypes); IoOptimized is a boolean in DescribeInstances
// and "optimized"/"none" in DescribeInstanceAttribute (reference §8, §9).
import { createHash } from 'node:crypto';
import type { Flavor } from '../../../core/model/types.js';
import { aliyunTime, POSTPAID_EXPIRED_TIME, statusOf, type AliyunInstance } from './instance-state.js';

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

/** A MAC derived from the instance id, stable across restarts. */
function macOf(id: string): string {
  let h = 0;
  for (const c of id) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const bytes = [0x00, 0x16, 0x3e, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const wireNumber = (f: Flavor | undefined, key: string, fallback: number): number => {
  const v = f?.aliyun?.wire[key];
  return typeof v === 'number' ? v : fallback;
};

function cpuOptions(f: Flavor | undefined): Record<string, unknown> {
  const o = f?.aliyun?.wire.CpuOptions as { Core?: number; ThreadsPerCore?: number } | undefined;
  const vcpus = f?.vcpus ?? 0;
  return { CoreCount: o?.Core ?? vcpus, ThreadsPerCore: o?.ThreadsPerCore ?? 1, Numa: '' };
}

/** One item of DescribeInstances' Instances.Instance[]. */
export function renderInstance(s: AliyunInstance, f: Flavor | undefined): Record<string, unknown> {
  const a = s.aliyun;
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
    CpuOptions: cpuOptions(f),
    CreditSpecification: f?.family === 'ecs.t6' ? 'Standard' : '',
    Status: statusOf(s),
    InstanceChargeType: chargeType(s),
    SpotStrategy: 'NoSpot',
    SpotPriceLimit: 0,
    SpotDuration: 0,
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
    LocalStorageAmount: 0,
    LocalStorageCapacity: 0,
    DedicatedHostAttribute: { DedicatedHostId: s.dedicatedHostId ?? '', DedicatedHostName: '', DedicatedHostClusterId: '' },
    DedicatedInstanceAttribute: { Affinity: '', Tenancy: '' },
    EcsCapacityReservationAttr: { CapacityReservationId: '', CapacityReservationPreference: '' },
    HibernationOptions: { Configured: false },
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional', HttpPutResponseHopLimit: 0 },
    VpcAttributes: { VpcId: a.vpcId, VSwitchId: a.vSwitchId, NatIpAddress: '', PrivateIpAddress: { IpAddress: [a.privateIp] } },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: `eni-${s.id.slice(2)}`,
          MacAddress: macOf(s.id),
          PrimaryIpAddress: a.privateIp,
          Type: 'Primary',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: a.privateIp, Primary: true }] },
        },
      ],
    },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: publicIps(s) },
    EipAddress: eipAddress(s),
    SecurityGroupIds: { SecurityGroupId: [...a.securityGroupIds] },
    OperationLocks: { LockReason: lockReasons(s) },
    Tags: { Tag: tags(s) },
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
