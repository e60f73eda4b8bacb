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
