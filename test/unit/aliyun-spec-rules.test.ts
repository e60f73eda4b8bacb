// The ModifyInstanceSpec / ModifyPrepayInstanceSpec rules as pure functions (spec-rules.ts):
// each test names the seed 004 sentence or the reference section the rule comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account, Flavor } from '../../src/core/model/types.js';
import { AliyunFailure } from '../../src/providers/aliyun/shared/aliyun-errors.js';
import type { AliyunRegionDoc } from '../../src/providers/aliyun/ecs/ecs-world-docs.js';
import type { AliyunInstance } from '../../src/providers/aliyun/ecs/instance-state.js';
import { aliyunStatus } from '../../src/providers/aliyun/ecs/instance-state.js';
import { shippedAliyunInstanceTypes } from '../../src/providers/aliyun/ecs/instance-types.js';
import {
  changeDirection,
  checkAllocatePublicIp,
  checkNetworkSpecChange,
  checkRebootTime,
  imageConflict,
  monthlyBandwidthCents,
  type NetworkSpecChange,
  checkBandwidthChange,
  checkPayAsYouGo,
  checkPrepaidTypeChange,
  checkTypeChange,
  DOWNGRADE_COOLDOWN_MS,
  isTypeChangeTarget,
  maxBandwidthIn,
  type SpecState,
  type TypeChange,
} from '../../src/providers/aliyun/ecs/spec-rules.js';

const types = new Map(shippedAliyunInstanceTypes().map((f) => [f.id, f]));
const T = (id: string): Flavor => types.get(id) ?? assert.fail(`no type ${id}`);
const NOW = Date.UTC(2030, 0, 1);

function instance(patch: Partial<AliyunInstance> = {}, aliyun: Partial<AliyunInstance['aliyun']> = {}): AliyunInstance {
  return {
    cloud: 'aliyun',
    id: 'i-bp1unit',
    accountId: 'acc',
    projectId: 'aliyun/cn-hangzhou',
    region: 'cn-hangzhou',
    az: 'cn-hangzhou-h',
    name: 'unit',
    flavorId: 'ecs.g6.large',
    vmState: 'stopped',
    taskState: null,
    billing: 'postpaid',
    spot: false,
    osType: 'Linux',
    imageId: 'img',
    imageName: 'img',
    imageType: 'gold',
    dedicatedHostId: null,
    tags: {},
    enterpriseProjectId: '0',
    locked: false,
    frozen: false,
    cpuThreads: null,
    busyJobId: null,
    expiresAt: null,
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    ...patch,
    aliyun: {
      internetChargeType: 'PayByTraffic',
      bandwidthOut: 5,
      bandwidthIn: 10,
      vpcId: 'vpc-x',
      vSwitchId: 'vsw-x',
      privateIp: '172.16.0.1',
      publicIp: '47.96.0.1',
      eip: null,
      securityGroupIds: [],
      operationLocks: [],
      deletionProtection: false,
      hostName: 'h',
      description: '',
      osName: 'linux',
      ioOptimized: true,
      systemDiskCategory: 'cloud_essd',
      stoppedMode: 'KeepCharging',
      startedAt: 0,
      unpaidOrder: false,
      downgradeCount: 0,
      lastDowngradeAt: null,
      ...aliyun,
    },
  };
}

const account = (balanceCents = 10_000): Account => ({ id: 'acc', name: 'a', kind: 'normal', partnerId: null, balanceCents, canPay: true });

const region = (stock: AliyunRegionDoc['zones'][number]['stock'] = {}, quotas: Partial<AliyunRegionDoc['quotas']> = {}): AliyunRegionDoc => ({
  id: 'cn-hangzhou',
  localName: 'Hangzhou',
  zones: [{ id: 'cn-hangzhou-h', localName: 'H', instanceTypes: null, stock }],
  quotas: { postpaidVcpus: null, payByBandwidthMbps: null, ...quotas },
});

function state(inst: AliyunInstance, patch: Partial<SpecState> = {}): SpecState {
  return {
    instance: inst,
    status: aliyunStatus(inst.vmState, inst.taskState),
    busy: false,
    unpaidOrder: false,
    account: account(),
    current: types.get(inst.flavorId),
    region: region(),
    now: NOW,
    ...patch,
  };
}

const change = (targetId: string, patch: Partial<TypeChange> = {}): TypeChange => ({
  target: types.get(targetId),
  targetId,
  allowMigrateAcrossZone: false,
  systemDiskCategory: undefined,
  ...patch,
});

function refusal(fn: () => unknown, code: string, status?: number): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AliyunFailure, String(e));
    assert.equal(e.code, code, e.message);
    if (status !== undefined) assert.equal(e.httpStatus, status);
    return;
  }
  assert.fail(`expected ${code}`);
}

test('status mapping (reference §10): Running, Stopping, Starting, Stopped from vmState/taskState', () => {
  assert.equal(aliyunStatus('active', null), 'Running');
  assert.equal(aliyunStatus('active', 'powering-off'), 'Stopping');
  assert.equal(aliyunStatus('stopped', 'powering-on'), 'Starting');
  assert.equal(aliyunStatus('stopped', null), 'Stopped');
});

test('direction: nothing smaller is an upgrade; anything smaller a downgrade', () => {
  assert.equal(changeDirection(T('ecs.g6.large'), T('ecs.g6.xlarge')), 'upgrade');
  assert.equal(changeDirection(T('ecs.g6.large'), T('ecs.c6.large')), 'downgrade');
  assert.equal(changeDirection(T('ecs.c6.xlarge'), T('ecs.g6.large')), 'downgrade'); // fewer vCPUs, same memory
  assert.equal(changeDirection(T('ecs.g6.large'), T('ecs.g6.large')), 'same');
});

test('targets: same architecture, on sale, not itself; from a retired type only across clusters', () => {
  assert.equal(isTypeChangeTarget(T('ecs.g6.large'), T('ecs.g7.large'), false), true);
  assert.equal(isTypeChangeTarget(T('ecs.g6.large'), T('ecs.g6.large'), false), false);
  assert.equal(isTypeChangeTarget(T('ecs.g6.large'), T('ecs.sn2ne.large'), true), false);
  assert.equal(isTypeChangeTarget(T('ecs.sn2ne.large'), T('ecs.g6.large'), false), false);
  assert.equal(isTypeChangeTarget(T('ecs.sn2ne.large'), T('ecs.g6.large'), true), true);
  const arm = { ...T('ecs.g6.xlarge'), id: 'ecs.g8y.xlarge', aliyun: { offline: false, wire: { CpuArchitecture: 'ARM' } } };
  assert.equal(isTypeChangeTarget(T('ecs.g6.large'), arm, false), false);
});

test('seed 004: pay-as-you-go only, no overdue payment, no lock, no unpaid order', () => {
  refusal(() => checkPayAsYouGo(state(instance({ billing: 'prepaid' }))), 'ChargeTypeViolation', 403);
  refusal(() => checkPayAsYouGo(state(instance(), { account: account(-1) })), 'Account.Arrearage', 400);
  refusal(() => checkPayAsYouGo(state(instance({}, { operationLocks: ['security'] }))), 'InstanceLockedForSecurity', 403);
  refusal(() => checkPayAsYouGo(state(instance({}, { operationLocks: ['financial'] }))), 'Account.Arrearage', 400);
  refusal(() => checkPayAsYouGo(state(instance({}, { operationLocks: ['recycling'] }))), 'InvalidStatus.ValueNotSupported', 403);
  refusal(() => checkPayAsYouGo(state(instance(), { unpaidOrder: true })), 'OperationDenied.UnpaidOrder', 403);
  checkPayAsYouGo(state(instance()));
});

test('seed 004 type change: Stopped only, not on a DeH, a known type on sale in the zone with stock', () => {
  const s = state(instance());
  assert.equal(checkTypeChange(s, change('ecs.g6.xlarge'), 0).target.id, 'ecs.g6.xlarge');
  refusal(() => checkTypeChange(state(instance({ vmState: 'active' })), change('ecs.g6.xlarge'), 0), 'InvalidInstanceStatus.NotStopped', 400);
  refusal(() => checkTypeChange(state(instance({ vmState: 'stopped', taskState: 'powering-on' })), change('ecs.g6.xlarge'), 0), 'InvalidInstanceStatus.NotStopped', 400);
  refusal(() => checkTypeChange(state(instance(), { busy: true }), change('ecs.g6.xlarge'), 0), 'InvalidStatus.ValueNotSupported', 403);
  refusal(() => checkTypeChange(state(instance({ dedicatedHostId: 'dh-1' })), change('ecs.g6.xlarge'), 0), 'InvalidAction.NotSupport', 400);
  refusal(() => checkTypeChange(s, change('ecs.none.large'), 0), 'InvalidInstanceType.ValueNotSupported', 400);
  refusal(() => checkTypeChange(s, change('ecs.sn2ne.xlarge'), 0), 'InstanceType.Offline', 403);
  refusal(() => checkTypeChange(s, change('ecs.g6.large'), 0), 'DependencyViolation.InstanceType', 400);
  refusal(() => checkTypeChange(state(instance(), { region: region({ 'ecs.g6.xlarge': 'WithoutStock' }) }), change('ecs.g6.xlarge'), 0), 'OperationDenied.NoStock', 403);
  refusal(() => checkTypeChange(state(instance(), { region: region({ 'ecs.g6.xlarge': 0 }) }), change('ecs.g6.xlarge'), 0), 'OperationDenied.NoStock', 403);
  checkTypeChange(state(instance(), { region: region({ 'ecs.g6.xlarge': 1 }) }), change('ecs.g6.xlarge'), 0);
  checkTypeChange(state(instance(), { region: region({ 'ecs.g6.xlarge': 'ClosedWithStock' }) }), change('ecs.g6.xlarge'), 0);
  const narrow = region();
  narrow.zones[0]!.instanceTypes = ['ecs.c6.large'];
  refusal(() => checkTypeChange(state(instance(), { region: narrow }), change('ecs.g6.xlarge'), 0), 'InvalidInstanceType.ValueNotSupported', 403);
  refusal(() => checkTypeChange(state(instance(), { region: undefined }), change('ecs.g6.xlarge'), 0), 'InvalidInstanceType.ValueNotSupported', 403);
});

test('a downgrade within 5 minutes of the last one is Downgrade.NotSupported; the vCPU quota counts the change', () => {
  const recent = state(instance({}, { lastDowngradeAt: NOW - DOWNGRADE_COOLDOWN_MS + 1 }));
  refusal(() => checkTypeChange(recent, change('ecs.c6.large'), 0), 'Downgrade.NotSupported', 400);
  checkTypeChange(recent, change('ecs.g6.xlarge'), 0); // an upgrade is not limited
  checkTypeChange(state(instance({}, { lastDowngradeAt: NOW - DOWNGRADE_COOLDOWN_MS })), change('ecs.c6.large'), 0);
  const quota = state(instance(), { region: region({}, { postpaidVcpus: 10 }) });
  checkTypeChange(quota, change('ecs.g6.xlarge'), 8); // 8 - 2 + 4 = 10
  refusal(() => checkTypeChange(quota, change('ecs.g6.xlarge'), 9), 'QuotaExceed.ElasticQuota', 403);
});

test('SystemDisk.Category applies only when a non-I/O-optimized retired instance moves on', () => {
  const legacy = instance({ flavorId: 'ecs.sn2ne.large' }, { ioOptimized: false, systemDiskCategory: 'cloud' });
  assert.equal(checkTypeChange(state(legacy), change('ecs.g6.large', { allowMigrateAcrossZone: true, systemDiskCategory: 'cloud_ssd' }), 0).systemDiskCategory, 'cloud_ssd');
  assert.equal(checkTypeChange(state(legacy), change('ecs.g6.large', { allowMigrateAcrossZone: true }), 0).systemDiskCategory, 'cloud_efficiency');
  assert.equal(checkTypeChange(state(instance()), change('ecs.g6.xlarge', { systemDiskCategory: 'cloud_ssd' }), 0).systemDiskCategory, 'cloud_essd');
});

test('seed 004 bandwidth: Running or Stopped, no EIP, inbound within what outbound allows', () => {
  assert.equal(maxBandwidthIn(10), 10);
  assert.equal(maxBandwidthIn(11), 11);
  assert.equal(maxBandwidthIn(0), 10);
  const running = state(instance({ vmState: 'active' }));
  assert.deepEqual(checkBandwidthChange(running, { out: 50, in: undefined }, 0), { out: 50, in: 10 });
  assert.deepEqual(checkBandwidthChange(running, { out: 50, in: 50 }, 0), { out: 50, in: 50 });
  assert.deepEqual(checkBandwidthChange(state(instance({}, { bandwidthOut: 50, bandwidthIn: 40 })), { out: 5, in: undefined }, 0), { out: 5, in: 10 });
  assert.deepEqual(checkBandwidthChange(running, { out: undefined, in: 3 }, 0), { out: 5, in: 3 });
  refusal(() => checkBandwidthChange(running, { out: 50, in: 51 }, 0), 'InvalidParameter.Bandwidth', 400);
  refusal(() => checkBandwidthChange(running, { out: 8, in: 11 }, 0), 'InvalidParameter.Bandwidth', 400);
  refusal(() => checkBandwidthChange(running, { out: 8, in: 0 }, 0), 'InvalidParameter.Bandwidth', 400);
  refusal(() => checkBandwidthChange(state(instance({ vmState: 'active', taskState: 'powering-off' })), { out: 8, in: undefined }, 0), 'InvalidStatus.ValueNotSupported', 403);
  const eip = { allocationId: 'eip-1', ipAddress: '1.2.3.4', bandwidth: 5, internetChargeType: 'PayByTraffic' as const };
  refusal(() => checkBandwidthChange(state(instance({}, { eip })), { out: 8, in: undefined }, 0), 'InvalidInstance.EipNotSupport', 403);
  const paid = state(instance({}, { internetChargeType: 'PayByBandwidth', bandwidthOut: 10 }), { region: region({}, { payByBandwidthMbps: 100 }) });
  checkBandwidthChange(paid, { out: 20, in: undefined }, 90);
  refusal(() => checkBandwidthChange(paid, { out: 21, in: undefined }, 90), 'QuotaExceeded.InternetBandwidth', 400);
  // pay-by-traffic instances are not counted against the pay-by-bandwidth quota
  checkBandwidthChange(state(instance(), { region: region({}, { payByBandwidthMbps: 0 }) }), { out: 100, in: undefined }, 0);
});

test('ModifyPrepayInstanceSpec: subscriptions only, not expired, OperatorType matches, downgrades Stopped and at most 3', () => {
  const sub = (patch: Partial<AliyunInstance> = {}, aliyun: Partial<AliyunInstance['aliyun']> = {}) =>
    instance({ billing: 'prepaid', expiresAt: NOW + 86_400_000, vmState: 'active', ...patch }, aliyun);
  assert.equal(checkPrepaidTypeChange(state(sub()), change('ecs.g6.xlarge'), 'upgrade').direction, 'upgrade');
  refusal(() => checkPrepaidTypeChange(state(instance()), change('ecs.g6.xlarge'), 'upgrade'), 'InvalidInstanceChargeType.ValueNotSupported', 400);
  refusal(() => checkPrepaidTypeChange(state(sub({ expiresAt: NOW })), change('ecs.g6.xlarge'), 'upgrade'), 'InstanceExpiredOrInArrears', 403);
  refusal(() => checkPrepaidTypeChange(state(sub(), { unpaidOrder: true }), change('ecs.g6.xlarge'), 'upgrade'), 'LastOrderProcessing', 400);
  refusal(() => checkPrepaidTypeChange(state(sub(), { busy: true }), change('ecs.g6.xlarge'), 'upgrade'), 'IncorrectInstanceStatus', 403);
  refusal(() => checkPrepaidTypeChange(state(sub()), change('ecs.c6.large'), 'upgrade'), 'InvalidParameter.NotMatch', 403);
  refusal(() => checkPrepaidTypeChange(state(sub()), change('ecs.g6.xlarge'), 'downgrade'), 'InvalidParameter.NotMatch', 403);
  refusal(() => checkPrepaidTypeChange(state(sub()), change('ecs.c6.large'), 'downgrade'), 'InvalidStatus.NotStopped', 400);
  assert.equal(checkPrepaidTypeChange(state(sub({ vmState: 'stopped' })), change('ecs.c6.large'), 'downgrade').direction, 'downgrade');
  refusal(() => checkPrepaidTypeChange(state(sub({ vmState: 'stopped' }, { downgradeCount: 3 })), change('ecs.c6.large'), 'downgrade'), 'InstanceDowngrade.QuotaExceed', 400);
  refusal(() => checkPrepaidTypeChange(state(sub({ taskState: 'powering-off' })), change('ecs.g6.xlarge'), 'upgrade'), 'IncorrectInstanceStatus', 403);
  refusal(() => checkPrepaidTypeChange(state(sub(), { account: account(-5) }), change('ecs.g6.xlarge'), 'upgrade'), 'Account.Arrearage', 400);
});

// ---- ModifyInstanceNetworkSpec, AllocatePublicIpAddress, images, RebootTime ---------------------

const netChange = (patch: Partial<NetworkSpecChange> = {}): NetworkSpecChange => ({ out: undefined, in: undefined, chargeType: undefined, allocatePublicIp: false, ...patch });

test('ModifyInstanceNetworkSpec: the result, and when an address comes with the bandwidth', () => {
  const payg = state(instance({ vmState: 'active' }, { bandwidthOut: 0, publicIp: null }));
  assert.deepEqual(checkNetworkSpecChange(payg, netChange({ out: 10 }), 0), { out: 10, in: 10, chargeType: 'PayByTraffic', unchanged: false, downgrade: false, assignPublicIp: false });
  assert.equal(checkNetworkSpecChange(payg, netChange({ out: 10, allocatePublicIp: true }), 0).assignPublicIp, true);
  const sub = state(instance({ vmState: 'active', billing: 'prepaid', expiresAt: NOW + 86_400_000 }, { bandwidthOut: 0, publicIp: null }));
  assert.equal(checkNetworkSpecChange(sub, netChange({ out: 1 }), 0).assignPublicIp, true, 'PrePaid from 0 Mbit/s: assigned');
  assert.equal(checkNetworkSpecChange(payg, netChange({ out: 0 }), 0).unchanged, true);
  assert.equal(checkNetworkSpecChange(state(instance({}, { bandwidthOut: 20, bandwidthIn: 20 })), netChange({ out: 5 }), 0).downgrade, true);
});

test('ModifyInstanceNetworkSpec: states and holds', () => {
  const starting = state(instance({ vmState: 'stopped', taskState: 'powering-on' }));
  refusal(() => checkNetworkSpecChange(starting, netChange({ out: 3 }), 0), 'InvalidOperation.InstanceStatusUnsupported', 400);
  refusal(() => checkNetworkSpecChange(state(instance(), { busy: true }), netChange({ out: 3 }), 0), 'LastRequestProcessing', 400);
  refusal(() => checkNetworkSpecChange(state(instance(), { unpaidOrder: true }), netChange({ out: 3 }), 0), 'LastOrderProcessing', 400);
  refusal(() => checkNetworkSpecChange(state(instance({}, { unpaidOrder: true })), netChange({ out: 3 }), 0), 'OperationDenied.UnpaidOrder', 403);
  refusal(() => checkNetworkSpecChange(state(instance({}, { operationLocks: ['financial'] })), netChange({ out: 3 }), 0), 'Account.Arrearage', 400);
  refusal(() => checkNetworkSpecChange(state(instance({}, { operationLocks: ['recycling'] })), netChange({ out: 3 }), 0), 'IncorrectInstanceStatus', 403);
  const worn = instance({ billing: 'prepaid', expiresAt: NOW + 86_400_000 }, { bandwidthOut: 50, bandwidthIn: 50, bandwidthDowngradeCount: 3 });
  refusal(() => checkNetworkSpecChange(state(worn), netChange({ out: 40 }), 0), 'InstanceDowngrade.QuotaExceed', 400);
  assert.equal(checkNetworkSpecChange(state(worn), netChange({ out: 60 }), 0).out, 60);
  // the region no longer sells pay-by-bandwidth
  const narrow = { ...region(), internetChargeTypes: ['PayByTraffic' as const] };
  refusal(() => checkNetworkSpecChange(state(instance(), { region: narrow }), netChange({ chargeType: 'PayByBandwidth' }), 0), 'InvalidInternetChargeType.ValueNotSupported', 400);
});

test('ModifyInstanceNetworkSpec and ModifyInstanceSpec share the inbound and quota rules', () => {
  const quota = region({}, { payByBandwidthMbps: 30 });
  const bw = state(instance({}, { internetChargeType: 'PayByBandwidth', bandwidthOut: 10, bandwidthIn: 10 }), { region: quota });
  // 10 of the account's 25 are this instance's: it may go to 15 of the 30, not 16
  refusal(() => checkNetworkSpecChange(bw, netChange({ out: 16 }), 25), 'QuotaExceeded.InternetBandwidth', 400);
  refusal(() => checkBandwidthChange(bw, { out: 16, in: undefined }, 25), 'QuotaExceeded.InternetBandwidth', 400);
  assert.equal(checkNetworkSpecChange(bw, netChange({ out: 15 }), 25).out, 15);
  assert.equal(checkBandwidthChange(bw, { out: 15, in: undefined }, 25).out, 15);
  refusal(() => checkNetworkSpecChange(bw, netChange({ out: 5, in: 11 }), 0), 'InvalidInternetMaxBandwidthIn.ValueNotSupported', 400);
  refusal(() => checkBandwidthChange(bw, { out: 5, in: 11 }, 0), 'InvalidParameter.Bandwidth', 400);
});

test('monthly bandwidth price: pay-by-traffic free, pay-by-bandwidth 3.20 up to 5 Mbit/s and 11.20 beyond', () => {
  assert.equal(monthlyBandwidthCents('PayByTraffic', 100), 0);
  assert.equal(monthlyBandwidthCents('PayByBandwidth', 0), 0);
  assert.equal(monthlyBandwidthCents('PayByBandwidth', 5), 1600);
  assert.equal(monthlyBandwidthCents('PayByBandwidth', 6), 2720);
});

test('AllocatePublicIpAddress: bandwidth, locks, EIPs; an existing address is the answer', () => {
  refusal(() => checkAllocatePublicIp(state(instance({}, { bandwidthOut: 0, publicIp: null }))), 'AllocateIpInvalidInstanceBandwidth', 400);
  refusal(() => checkAllocatePublicIp(state(instance({}, { eip: { allocationId: 'e', ipAddress: '47.1.1.1', bandwidth: 5, internetChargeType: 'PayByTraffic' }, publicIp: null }))), 'OperationDenied', 400);
  refusal(() => checkAllocatePublicIp(state(instance({ expiresAt: NOW - 1, billing: 'prepaid' }))), 'InstanceExpiredOrInArrears', 403);
  refusal(() => checkAllocatePublicIp(state(instance({ vmState: 'active', taskState: 'powering-off' }))), 'IncorrectInstanceStatus', 403);
  assert.deepEqual(checkAllocatePublicIp(state(instance())), { existing: '47.96.0.1' });
  assert.deepEqual(checkAllocatePublicIp(state(instance({}, { publicIp: null }))), { existing: null });
});

test('images: a type left out, or an NVMe-only type for an image without NVMe drivers', () => {
  const img = { id: 'img', nvmeSupport: 'unsupported' as const, instanceTypes: null, excludedInstanceTypes: ['ecs.c6.large'], marketplace: false };
  assert.equal(imageConflict(undefined, T('ecs.g7se.large')), null);
  assert.equal(imageConflict(img, T('ecs.c6.large')), 'type');
  assert.equal(imageConflict(img, T('ecs.g7se.large')), 'nvme');
  assert.equal(imageConflict(img, T('ecs.g7.large')), null);
  assert.equal(imageConflict({ ...img, instanceTypes: ['ecs.g6.xlarge'] }, T('ecs.g7.large')), 'type');
  // local disks neither come nor go with a type change
  assert.equal(isTypeChangeTarget(T('ecs.g6.xlarge'), T('ecs.i2.xlarge'), false), false);
  assert.equal(isTypeChangeTarget(T('ecs.i2.xlarge'), T('ecs.i2.2xlarge'), false), false);
});

test('RebootTime: from the current minute to the end of the subscription', () => {
  const sub = state(instance({ billing: 'prepaid', expiresAt: NOW + 86_400_000 }));
  checkRebootTime(sub, NOW);
  checkRebootTime(sub, NOW + 86_400_000);
  refusal(() => checkRebootTime(sub, NOW - 60_000), 'InvalidRebootTime.ValueNotSupported', 400);
  refusal(() => checkRebootTime(sub, NOW + 86_400_001), 'InvalidRebootTime.ValueNotSupported', 400);
});

test('ModifyPrepayInstanceSpec without OperatorType: the direction of the change', () => {
  const sub = () => instance({ billing: 'prepaid', expiresAt: NOW + 86_400_000, vmState: 'stopped' });
  assert.equal(checkPrepaidTypeChange(state(sub()), change('ecs.g6.xlarge'), undefined).direction, 'upgrade');
  assert.equal(checkPrepaidTypeChange(state(sub()), change('ecs.c6.large'), undefined).direction, 'downgrade');
});
