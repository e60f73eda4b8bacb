// Minimal, complete records of every kind the store keeps, for the conformance suite.
import type { Account, Credential, Flavor, Job, JobPlan, Order, Project, Region, Server, User } from '../../src/core/model/types.js';
import type { Token } from '../../src/core/model/store.js';

/** A realistic millisecond timestamp: past 2^31, so BIGINT handling is exercised. */
export const T0 = 1_760_000_000_000;

export const account = (id: string, over: Partial<Account> = {}): Account => ({
  id, name: `acct-${id}`, kind: 'normal', partnerId: null, balanceCents: 100_000, canPay: true, ...over,
});

export const credential = (accessKey: string, accountId: string): Credential => ({
  cloud: 'huawei', accessKey, secretKey: `sk-${accessKey}`, accountId, userId: `u-${accountId}`, securityToken: null,
});

export const user = (id: string, accountId: string): User => ({ id, accountId, name: `user-${id}`, password: 'pw' });

export const project = (id: string, accountId: string): Project => ({ id, accountId, region: 'cn-north-4', name: `cn-north-4_${id}` });

export const region = (id: string): Region => ({ id, cloud: 'huawei', name: id, zones: [`${id}a`, `${id}b`] });

export const flavor = (id: string, vcpus = 2): Flavor => ({
  cloud: 'huawei', id, family: id.split('.')[0]!, vcpus, ramMb: vcpus * 2048, extraSpecs: { 'cond:operation:status': 'normal' }, pricePerHourCents: 10 * vcpus, pricePerMonthCents: 5000 * vcpus,
});

export const server = (id: string, over: Partial<Server> = {}): Server => ({
  cloud: 'huawei',
  id,
  accountId: 'acc1',
  projectId: 'proj1',
  region: 'cn-north-4',
  az: 'cn-north-4a',
  name: `srv-${id}`,
  flavorId: 's6.large.2',
  vmState: 'stopped',
  taskState: null,
  billing: 'postpaid',
  spot: false,
  osType: 'Linux',
  imageId: 'img-1',
  imageName: 'CentOS 8',
  imageType: 'gold',
  dedicatedHostId: null,
  tags: {},
  enterpriseProjectId: '0',
  locked: false,
  frozen: false,
  cpuThreads: null,
  busyJobId: null,
  expiresAt: null,
  createdAt: T0,
  updatedAt: T0,
  version: 1,
  ...over,
});

export const job = (id: string, over: Partial<Job> = {}): Job => ({
  id,
  cloud: 'huawei',
  accountId: 'acc1',
  projectId: 'proj1',
  parentId: null,
  type: 'resizeServer',
  status: 'INIT',
  serverId: null,
  plan: { kind: 'resize', fromFlavorId: 's6.large.2', toFlavorId: 's6.xlarge.2', restart: false, cpuThreads: null, dedicatedHostId: null } as JobPlan,
  phase: 'accepted',
  orderId: null,
  errorCode: null,
  failReason: null,
  createdAt: T0,
  beginAt: null,
  endAt: null,
  purgeAt: null,
  dueAt: null,
  childCount: 0,
  ...over,
});

export const order = (id: string, over: Partial<Order> = {}): Order => ({
  id, cloud: 'huawei', accountId: 'acc1', kind: 'ecs_resize', status: 'pending_payment', amountCents: 1234, jobId: null, resourceId: 'srv', detail: { from_flavor: 'a', to_flavor: 'b' }, createdAt: T0, paidAt: null, ...over,
});

export const token = (t: string, over: Partial<Token> = {}): Token => ({
  token: t, userId: 'u1', accountId: 'acc1', projectId: 'proj1', issuedAt: T0, expiresAt: T0 + 86_400_000, ...over,
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
