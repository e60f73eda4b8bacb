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
  eip: { allocationId: string; ipAddress: string; bandwidth: number; internetChargeType: 'PayByTraffic' | 'PayByBandwidth' } | null;
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
}

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL' | 'PENDING_PAYMENT';

/** A resize or power job on one server. Batch operations are a parent with one child per server. */
export interface Job {
  id: string;
  accountId: string;
  projectId: string;
  parentId: string | null;
  type: string; // wire job_type, e.g. resizeServer
  status: JobStatus;
  serverId: string | null;
  /** what the job does, step by step (see jobs/job-steps.ts) */
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

export type JobPlan =
  | { kind: 'resize'; fromFlavorId: string; toFlavorId: string; restart: boolean; cpuThreads: 1 | 2 | null; dedicatedHostId: string | null }
  | { kind: 'stop'; hard: boolean }
  | { kind: 'start' }
  | { kind: 'batch' }
  /** Alibaba: the instance type changes in place (no power cycle), then an optional reboot */
  | { kind: 'respec'; fromFlavorId: string; toFlavorId: string; reboot: boolean };

export type OrderStatus = 'pending_payment' | 'processing' | 'completed' | 'cancelled';

export interface Order {
  id: string;
  accountId: string;
  /** what the order changes: a job to release, or a spec change to apply */
  kind: 'ecs_resize' | 'aad_upgrade';
  status: OrderStatus;
  amountCents: number; // positive = the customer pays, negative = refund
  jobId: string | null;
  resourceId: string;
  detail: Record<string, unknown>;
  createdAt: number;
  paidAt: number | null;
}
