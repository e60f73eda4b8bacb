// Cloud-neutral domain model. Providers render these into their own wire shapes.

export type AccountKind = 'normal' | 'partner' | 'partner_customer';

export interface Account {
  id: string; // Huawei "domain id" style: 32 hex
  name: string;
  kind: AccountKind;
  partnerId: string | null; // for partner_customer: the partner account's id
  /** balance in the smallest currency unit (cents) so money never drifts through floats */
  balanceCents: number;
  /** whether orders may be paid from the balance without a human (AAD "payment permission") */
  canPay: boolean;
}

export type Cloud = 'huawei' | 'aliyun';

export interface Credential {
  cloud: Cloud;
  accessKey: string;
  secretKey: string;
  accountId: string;
  userId: string;
  /** STS security token; null for a permanent key */
  securityToken: string | null;
}

export interface User {
  id: string;
  accountId: string;
  name: string;
  password: string;
}

export interface Project {
  id: string;
  accountId: string;
  region: string;
  name: string;
}

export interface Region {
  id: string;
  cloud: Cloud;
  name: string;
  zones: string[];
}

export type BillingMode = 'postpaid' | 'prepaid';

export interface Flavor {
  cloud: Cloud;
  id: string;
  family: string;
  vcpus: number;
  ramMb: number;
  extraSpecs: Record<string, string>;
  pricePerHourCents: number;
  pricePerMonthCents: number;
  /** Alibaba instance types only: the DescribeInstanceTypes record and whether the type is retired */
  aliyun?: AliyunInstanceTypeAttributes;
}

export interface AliyunInstanceTypeAttributes {
  /** retired ("status": "offline" in data/aliyun-instance-types.json): listed, but no longer a target */
  offline: boolean;
  /** the wire fields exactly as DescribeInstanceTypes renders them */
  wire: Record<string, unknown>;
}

/** Nova-style power state, from which the wire status is derived (see rules/server-status.ts). */
export type VmState = 'active' | 'stopped' | 'error';
export type TaskState =
  | null
  | 'powering-off'
  | 'powering-on'
  | 'resize_prep'
  | 'resize_migrating'
  | 'resize_migrated'
  | 'resize_finish';

export interface Server {
  cloud: Cloud;
  id: string;
  accountId: string;
  projectId: string;
  region: string;
  az: string;
  name: string;
  flavorId: string;
  vmState: VmState;
  taskState: TaskState;
  billing: BillingMode;
  spot: boolean;
  osType: 'Linux' | 'Windows';
  imageId: string;
  imageName: string;
  /** "gold" public image, "market" paid marketplace image, "private", "shared" */
  imageType: 'gold' | 'market' | 'private' | 'shared';
  dedicatedHostId: string | null;
  tags: Record<string, string>;
  enterpriseProjectId: string;
  locked: boolean;
  frozen: boolean;
  cpuThreads: 1 | 2 | null;
  /** the job that currently owns this server (resize, start, stop); null when idle */
  busyJobId: string | null;
  /** prepaid: end of the current subscription period (ms) */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** bumps on every write: optimistic concurrency for engines without row locks */
  version: number;
  /** Alibaba Cloud instances only (cloud 'aliyun') */
  aliyun?: AliyunInstanceAttributes;
  /**
   * Huawei servers only, and only what a world file declared: disks, NICs, auto-recovery. Servers
   * that declare none (generated ones included) store nothing here; their devices are derived from
   * the server record (providers/huawei/shared/server-devices.ts).
   */
  huawei?: HuaweiServerAttributes;
}

/** A Huawei server's disks and NICs as the world declared them, resolved (ids, devices, defaults filled). */
export interface HuaweiServerAttributes {
  /** system disk first, then data disks, in attachment order */
  volumes?: HuaweiVolumeSpec[];
  vpcId?: string;
  /** primary NIC first */
  nics?: HuaweiNicSpec[];
  /** ShowServerAutoRecovery; absent = the service default (true) */
  autoRecovery?: boolean;
}

export interface HuaweiVolumeSpec {
  id: string;
  name: string;
  sizeGb: number;
  /** EVS disk type: SATA, SAS, SSD, GPSSD, ESSD, GPSSD2, ESSD2 */
  type: string;
  device: string;
  deleteOnTermination: boolean;
  /** SCSI passthrough (hw:passthrough) */
  passthrough: boolean;
  kmsKeyId: string | null;
  iops: number | null;
  throughput: number | null;
}

export interface HuaweiNicSpec {
  portId: string;
  /** the VPC subnet id (the port's network_id) */
  subnetId: string;
  /** the neutron subnet id (fixed_ips[].subnet_id) */
  neutronSubnetId: string;
  ip: string;
  mac: string;
  securityGroups: { id: string; name: string }[];
  allowedAddressPairs: { ip_address: string; mac_address?: string }[];
}

/** Why Alibaba has locked an instance (DescribeInstances OperationLocks.LockReason). */
export type AliyunLockReason = 'financial' | 'security' | 'recycling' | 'dedicatedhostfinancial' | 'refunded';

/** What an Alibaba ECS instance has beyond the neutral Server: network, billing details, locks. */
export interface AliyunInstanceAttributes {
  internetChargeType: 'PayByTraffic' | 'PayByBandwidth';
  /** public bandwidth in Mbit/s (InternetMaxBandwidthOut / In) */
  bandwidthOut: number;
  bandwidthIn: number;
  vpcId: string;
  vSwitchId: string;
  privateIp: string;
  /** the fixed public IP; null without one (bandwidth 0, or an EIP instead) */
  publicIp: string | null;
  eip: {
    allocationId: string;
    ipAddress: string;
    bandwidth: number;
    internetChargeType: 'PayByTraffic' | 'PayByBandwidth';
    /** how the EIP is associated: NAT (default) or BINDED (cut-through: the EIP sits on the instance's NIC) */
    mode?: 'NAT' | 'BINDED';
  } | null;
  securityGroupIds: string[];
  operationLocks: AliyunLockReason[];
  deletionProtection: boolean;
  hostName: string;
  description: string;
  osName: string;
  ioOptimized: boolean;
  systemDiskCategory: string;
  stoppedMode: 'KeepCharging' | 'StopCharging' | 'Not-applicable';
  /** last start (ms), rendered as StartTime */
  startedAt: number;
  /** an unpaid order declared by the world (e.g. placed in the console) that blocks spec changes */
  unpaidOrder: boolean;
  /** subscription instances: downgrades so far (at most 3) */
  downgradeCount: number;
  /** the last successful type downgrade (ms), for the 5-minute rule */
  lastDowngradeAt: number | null;
  // ---- declared by a world only: an instance without them reads the defaults derived from the
  // rest of its record (aliyun/ecs/instance-resources.ts), so bulk worlds store nothing extra
  /** the system disk beyond its category (systemDiskCategory, which type changes update) */
  systemDisk?: Omit<AliyunDiskAttributes, 'category'>;
  dataDisks?: AliyunDiskAttributes[];
  /** base64, as DescribeUserData returns it */
  userData?: string;
  ramRoleName?: string;
  /** the primary ENI's id, MAC and secondary private IPs, when the world names them */
  primaryEni?: { id: string; macAddress: string; secondaryPrivateIps: string[] };
  secondaryEnis?: AliyunEniAttributes[];
  maintenance?: AliyunMaintenanceAttributes;
  /** subscription instances only */
  autoRenew?: AliyunAutoRenewAttributes;
  privatePool?: { matchCriteria: 'Open' | 'Target' | 'None'; id: string };
  /** preemptible (spot) pay-as-you-go instances */
  spotStrategy?: 'SpotWithPriceLimit' | 'SpotAsPriceGo';
  spotPriceLimit?: number;
  /** an instance type booked for the next contract period (a renewal with a downgrade) */
  reservedInstanceType?: string;
  /** subscription instances: public bandwidth downgrades so far (at most 3) */
  bandwidthDowngradeCount?: number;
}

/** A cloud disk attached to an Alibaba instance (DescribeDisks). */
export interface AliyunDiskAttributes {
  id: string;
  category: string;
  sizeGiB: number;
  /** PL0-PL3 for cloud_essd, '' otherwise */
  performanceLevel: string;
  encrypted: boolean;
  kmsKeyId: string;
  deleteWithInstance: boolean;
  name: string;
  description: string;
}

/** A secondary elastic network interface attached to an Alibaba instance (DescribeNetworkInterfaces). */
export interface AliyunEniAttributes {
  id: string;
  macAddress: string;
  vSwitchId: string;
  privateIp: string;
  secondaryPrivateIps: string[];
  securityGroupIds: string[];
}

export interface AliyunMaintenanceAttributes {
  /** `HH:mm:ss` UTC+8 pairs, as DescribeInstanceMaintenanceAttributes renders them */
  windows: { startTime: string; endTime: string }[];
  action: 'Stop' | 'AutoRecover' | 'AutoRedeploy';
  notify: boolean;
}

export interface AliyunAutoRenewAttributes {
  enabled: boolean;
  duration: number;
  periodUnit: 'Week' | 'Month' | 'Year';
  renewalStatus: 'AutoRenewal' | 'Normal' | 'NotRenewal';
}

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL' | 'PENDING_PAYMENT';

/**
 * A durable job on one server (a resize, a start, a stop), or a batch: a parent with one child per
 * server. Which state machine steps it is registered per cloud and plan kind (core/jobs/job-runner.ts).
 */
export interface Job {
  id: string;
  cloud: Cloud;
  accountId: string;
  projectId: string;
  parentId: string | null;
  type: string; // wire job_type, e.g. resizeServer
  status: JobStatus;
  serverId: string | null;
  /** what the job does, step by step: read by the stepper its provider registered for plan.kind */
  plan: JobPlan | null;
  phase: string;
  orderId: string | null;
  errorCode: string | null;
  failReason: string | null;
  createdAt: number;
  beginAt: number | null;
  endAt: number | null;
  /** when the job disappears from ShowJob: a day after it ends, 14 days after its order is cancelled */
  purgeAt: number | null;
  /** when the engine should run the next step; null = waiting on something else */
  dueAt: number | null;
  childCount: number;
}

/**
 * A job's plan as the store keeps it: its kind names the state machine, the rest is that machine's
 * own (each provider declares its plans beside its stepper). A batch parent's kind is 'batch'.
 */
export interface JobPlan {
  readonly kind: string;
}

/** The plan of a parent job: its children carry the work, the engine settles it from them. */
export const BATCH_PLAN: JobPlan = { kind: 'batch' };

export type OrderStatus = 'pending_payment' | 'processing' | 'completed' | 'cancelled';

export interface Order {
  id: string;
  /** whose billing center holds the order: what paying it does is registered per cloud and kind */
  cloud: Cloud;
  accountId: string;
  /** what the order changes, in its provider's terms (e.g. Huawei 'ecs_resize', 'aad_upgrade') */
  kind: string;
  status: OrderStatus;
  amountCents: number; // positive = the customer pays, negative = refund
  jobId: string | null;
  resourceId: string;
  detail: Record<string, unknown>;
  createdAt: number;
  paidAt: number | null;
}
