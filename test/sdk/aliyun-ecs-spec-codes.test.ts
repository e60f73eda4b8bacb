// The ModifyInstanceSpec / ModifyPrepayInstanceSpec codes of the current error tables, each reached
// through the official @alicloud/ecs20140526 SDK from a world that sets up its cause: local disks,
// images that do not run a type, restricted types, reserved spec changes, cut-through EIPs, network
// billing methods a region no longer sells, preemptible instances, reseller accounts, RebootTime.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { ALIYUN_SIGNATURES, Ecs, ecsClient, refusedBy, type EcsClient } from '../helpers/aliyun-sdk.js';

const KEY = { ak: 'LTAIspecCodes0000001', sk: 'specCodesSecret00000001' };
const RESELLER_KEY = { ak: 'LTAIspecCodesResell1', sk: 'specCodesResellerSecret1' };
const REGION = 'cn-hangzhou';
const sub = { charge_type: 'PrePaid', expires_in_days: 90, status: 'Running' };

const I = {
  local: 'i-bp1codelocal01',
  localSub: 'i-bp1codelocal02',
  noNvme: 'i-bp1codenvme01',
  noNvmeSub: 'i-bp1codenvme02',
  g6Only: 'i-bp1codeimage01',
  market: 'i-bp1codemarket01',
  plain: 'i-bp1codeplain01',
  plainSub: 'i-bp1codeplain02',
  reserved: 'i-bp1codereserve01',
  reservedSub: 'i-bp1codereserve02',
  binded: 'i-bp1codeeip01',
  bindedSub: 'i-bp1codeeip02',
  nat: 'i-bp1codeeip03',
  payByBandwidth: 'i-bp1codebw01',
  spot: 'i-bp1codespot01',
  resold: 'i-bp1coderesold01',
};

const WORLD = {
  accounts: [
    { name: 'codes', id: '5555555555555555555555555555eeee', balance: '100000.00', access_keys: [{ cloud: 'aliyun', ...KEY }] },
    { name: 'resold', id: '6666666666666666666666666666ffff', balance: '1000.00', access_keys: [{ cloud: 'aliyun', ...RESELLER_KEY }] },
    { name: 'vip', id: '7777777777777777777777777777aaaa', balance: '1000.00' },
  ],
  aliyun: {
    // the region no longer sells pay-by-bandwidth public bandwidth
    regions: [{ id: REGION, zones: [{ id: 'cn-hangzhou-h' }], internet_charge_types: ['PayByTraffic'] }],
    images: [
      { id: 'img-no-nvme', nvme_support: 'unsupported' },
      { id: 'img-g6-only', instance_types: ['ecs.g6.large', 'ecs.g6.xlarge'] },
      { id: 'img-market', marketplace: true, excluded_instance_types: ['ecs.g6.2xlarge'] },
    ],
    restricted_instance_types: { 'ecs.g7.xlarge': ['vip'] },
    reseller_accounts: ['resold'],
    instances: [
      { id: I.local, account: 'codes', region: REGION, instance_type: 'ecs.i2.xlarge', status: 'Stopped' },
      { id: I.localSub, account: 'codes', region: REGION, instance_type: 'ecs.i2.xlarge', ...sub },
      { id: I.noNvme, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', image_id: 'img-no-nvme' },
      { id: I.noNvmeSub, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', image_id: 'img-no-nvme', ...sub },
      { id: I.g6Only, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', image_id: 'img-g6-only' },
      { id: I.market, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', image_id: 'img-market', ...sub },
      { id: I.plain, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped' },
      { id: I.plainSub, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', ...sub },
      { id: I.reserved, account: 'codes', region: REGION, instance_type: 'ecs.g6.xlarge', status: 'Stopped', reserved_instance_type: 'ecs.g6.large' },
      { id: I.reservedSub, account: 'codes', region: REGION, instance_type: 'ecs.g6.xlarge', reserved_instance_type: 'ecs.g6.large', ...sub },
      { id: I.binded, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', eip: { ip_address: '47.98.2.1', mode: 'BINDED' } },
      { id: I.bindedSub, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', eip: { ip_address: '47.98.2.2', mode: 'BINDED' }, ...sub },
      { id: I.nat, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', eip: { ip_address: '47.98.2.3' } },
      { id: I.payByBandwidth, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', internet_charge_type: 'PayByBandwidth', bandwidth_out: 5 },
      { id: I.spot, account: 'codes', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', spot_strategy: 'SpotWithPriceLimit', spot_price_limit: 0.5 },
      { id: I.resold, account: 'resold', region: REGION, instance_type: 'ecs.g6.large', ...sub },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());

for (const sig of ALIYUN_SIGNATURES) {
  describe(`spec-change codes from the world, ${sig.name}`, () => {
    let ecs: EcsClient;
    before(async () => {
      ecs = ecsClient(live.port, KEY, sig.algorithm);
      await live.control('world/reset', {});
    });

    const modify = (init: ConstructorParameters<typeof Ecs.ModifyInstanceSpecRequest>[0]) => ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest(init));
    const prepay = (init: ConstructorParameters<typeof Ecs.ModifyPrepayInstanceSpecRequest>[0], client = ecs) =>
      client.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, ...init }));
    const typeOf = async (id: string) => (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }))).body!.instanceType;

    test('local disks: CategoryViolation (MIS, 403), OperationDenied.LocalDiskUnsupported (MPIS, 403)', async () => {
      await refusedBy(modify({ instanceId: I.local, instanceType: 'ecs.i2.2xlarge' }), 'CategoryViolation', 403, 'The specified instance does not support this operation because of its disk category.');
      await refusedBy(prepay({ instanceId: I.localSub, instanceType: 'ecs.i2.2xlarge' }), 'OperationDenied.LocalDiskUnsupported', 403, 'The configuration change is not allowed when the specified instance has local disks mounted.');
      // and no instance gains local disks by a type change
      await refusedBy(modify({ instanceId: I.plain, instanceType: 'ecs.i2.xlarge' }), 'DependencyViolation.InstanceType', 400);
    });

    test('an image without NVMe drivers: InvalidParameter.Conflict (MIS, 400), ImageNotSupportInstanceType (MPIS, 403)', async () => {
      await refusedBy(modify({ instanceId: I.noNvme, instanceType: 'ecs.g7se.large' }), 'InvalidParameter.Conflict', 400, 'The specified image does not support the specified instance type.');
      await refusedBy(prepay({ instanceId: I.noNvmeSub, instanceType: 'ecs.g7se.xlarge' }), 'ImageNotSupportInstanceType', 403, 'The specified image does not support the specified InstanceType.');
      // an image that has them (every undeclared one) runs the NVMe-only family
      await modify({ instanceId: I.plain, instanceType: 'ecs.g7se.large' });
      assert.equal(await typeOf(I.plain), 'ecs.g7se.large');
      // and the offer agrees with the rule
      const offer = await ecs.describeResourcesModification(new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId: I.noNvme, destinationResource: 'InstanceType' }));
      const values = offer.body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((s) => s.value);
      assert.ok(!values.some((v) => v!.startsWith('ecs.g7se.')) && values.includes('ecs.g7.large'), values.join(','));
    });

    test('an image limited to some types: ImageNotSupportInstanceType (MIS, 403; marketplace wording on MPIS)', async () => {
      await refusedBy(modify({ instanceId: I.g6Only, instanceType: 'ecs.c6.large' }), 'ImageNotSupportInstanceType', 403, 'The specified image do not support the InstanceType instance.');
      await modify({ instanceId: I.g6Only, instanceType: 'ecs.g6.xlarge' });
      await refusedBy(prepay({ instanceId: I.market, instanceType: 'ecs.g6.2xlarge' }), 'ImageNotSupportInstanceType', 403, 'The specified instanceType is not supported by instance with marketplace image.');
    });

    test('a restricted type: InvalidInstanceType.ValueUnauthorized (400) on both APIs', async () => {
      await refusedBy(modify({ instanceId: I.plain, instanceType: 'ecs.g7.xlarge' }), 'InvalidInstanceType.ValueUnauthorized', 400, 'The specified InstanceType is not authorized.');
      await refusedBy(prepay({ instanceId: I.plainSub, instanceType: 'ecs.g7.xlarge' }), 'InvalidInstanceType.ValueUnauthorized', 400);
      const offer = await ecs.describeResourcesModification(new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId: I.plainSub, destinationResource: 'InstanceType' }));
      const values = offer.body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((s) => s.value);
      assert.ok(!values.includes('ecs.g7.xlarge') && values.includes('ecs.g7.2xlarge'), values.join(','));
    });

    test('a spec change reserved for the next contract period: InstanceSpecModification.NotEffective (MIS, 403), InvalidOperation.InstanceRenewWithDowngradeInPlan (MPIS, 400)', async () => {
      await refusedBy(modify({ instanceId: I.reserved, instanceType: 'ecs.g6.2xlarge' }), 'InstanceSpecModification.NotEffective', 403);
      await refusedBy(prepay({ instanceId: I.reservedSub, instanceType: 'ecs.g6.2xlarge' }), 'InvalidOperation.InstanceRenewWithDowngradeInPlan', 400);
    });

    test('a cut-through EIP: InvalidOperation.InstanceWithEipNotSupport (MIS, 403), InvalidInstance.EipNotSupport (MPIS, 403)', async () => {
      await refusedBy(modify({ instanceId: I.binded, instanceType: 'ecs.g6.xlarge' }), 'InvalidOperation.InstanceWithEipNotSupport', 403, 'The special instance with eip not support operate, please unassociate eip first.');
      await refusedBy(prepay({ instanceId: I.bindedSub, instanceType: 'ecs.g6.xlarge' }), 'InvalidInstance.EipNotSupport', 403, 'The special instance with eip not support operate, please unassociate eip first.');
      // a NAT-mode EIP does not stop a type change
      await modify({ instanceId: I.nat, instanceType: 'ecs.g6.xlarge' });
      assert.equal(await typeOf(I.nat), 'ecs.g6.xlarge');
    });

    test('a billing method for network usage the region no longer sells: InvalidInternetChargeType.ValueNotSupported (400)', async () => {
      await refusedBy(modify({ instanceId: I.payByBandwidth, internetMaxBandwidthOut: 10 }), 'InvalidInternetChargeType.ValueNotSupported', 400, 'The specified InternetChargeType is not valid.');
      await refusedBy(
        ecs.modifyInstanceNetworkSpec(new Ecs.ModifyInstanceNetworkSpecRequest({ instanceId: I.plain, networkChargeType: 'PayByBandwidth', internetMaxBandwidthOut: 5 })),
        'InvalidInternetChargeType.ValueNotSupported',
        400,
      );
      // moving to the one the region sells is fine
      await ecs.modifyInstanceNetworkSpec(new Ecs.ModifyInstanceNetworkSpecRequest({ instanceId: I.payByBandwidth, networkChargeType: 'PayByTraffic' }));
      await modify({ instanceId: I.payByBandwidth, internetMaxBandwidthOut: 10 });
    });

    test('a preemptible instance: OperationDenied (MIS, 403)', async () => {
      await refusedBy(modify({ instanceId: I.spot, instanceType: 'ecs.g6.xlarge' }), 'OperationDenied', 403, /preemptible/);
      const i = (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([I.spot]) }))).body!.instances!.instance![0]!;
      assert.deepEqual([i.spotStrategy, i.spotPriceLimit], ['SpotWithPriceLimit', 0.5]);
    });

    test('an account whose reseller places its orders: OperationDenied (MPIS, 400)', async () => {
      const reseller = ecsClient(live.port, RESELLER_KEY, sig.algorithm);
      await refusedBy(prepay({ instanceId: I.resold, instanceType: 'ecs.g6.xlarge' }, reseller), 'OperationDenied', 400, 'The current user does not support this operation.');
    });

    test('RebootTime: InvalidRebootTime.MalFormed (400), InvalidRebootTime.ValueNotSupported (400)', async () => {
      await refusedBy(prepay({ instanceId: I.plainSub, instanceType: 'ecs.g6.xlarge', rebootWhenFinished: true, rebootTime: 'tomorrow' }), 'InvalidRebootTime.MalFormed', 400, 'The specified rebootTime is not valid.');
      await refusedBy(prepay({ instanceId: I.plainSub, instanceType: 'ecs.g6.xlarge', rebootTime: '2026-02-30T10:00Z' }), 'InvalidRebootTime.MalFormed', 400);
      await refusedBy(prepay({ instanceId: I.plainSub, instanceType: 'ecs.g6.xlarge', rebootTime: '2020-01-01T00:00Z' }), 'InvalidRebootTime.ValueNotSupported', 400, 'The specified RebootTime is not valid.');
      const beyond = new Date(Date.now() + 400 * 86400_000).toISOString().slice(0, 16) + 'Z';
      await refusedBy(prepay({ instanceId: I.plainSub, instanceType: 'ecs.g6.xlarge', rebootTime: beyond }), 'InvalidRebootTime.ValueNotSupported', 400);
    });

    test('OperatorType left out: the direction is decided from the change (the page since 2025)', async () => {
      await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.market }));
      await live.control('jobs/settle', {});
      const r = await prepay({ instanceId: I.market, instanceType: 'ecs.c6.large' });
      const order = ((await live.control('orders')).orders as any[]).find((o) => o.id === r.body!.orderId);
      assert.ok(order.amountCents < 0, 'a downgrade, refunded');
      assert.equal(order.detail.operator_type, 'downgrade');
      await live.control('jobs/settle', {});
      assert.equal(await typeOf(I.market), 'ecs.c6.large');
    });
  });
}

describe('RebootTime with RebootWhenFinished: the restart waits for it (manual clock)', () => {
  let manual: LiveServer;
  before(async () => {
    manual = await startLiveServer({ timing: 'manual', world: WORLD });
  });
  after(() => manual.close());

  test('the type changes at once; Stopping -> Starting -> Running begins at RebootTime', async () => {
    const ecs = ecsClient(manual.port, KEY);
    const clock = await manual.control('clock');
    const at = new Date(Math.ceil(clock.epoch_ms / 60_000) * 60_000 + 2 * 3600_000);
    const rebootTime = at.toISOString().slice(0, 16) + 'Z';
    await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: I.plainSub, instanceType: 'ecs.g6.xlarge', rebootWhenFinished: true, rebootTime }));
    const attr = async () => (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: I.plainSub }))).body!;
    await manual.control('clock/advance', { seconds: 10 });
    assert.deepEqual([(await attr()).instanceType, (await attr()).status], ['ecs.g6.xlarge', 'Running']);
    // still held until the restart: a stop is refused
    await refusedBy(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.plainSub })), 'IncorrectInstanceStatus', 403);
    // to one second before RebootTime: nothing yet
    const now = (await manual.control('clock')).epoch_ms as number;
    await manual.control('clock/advance', { ms: at.getTime() - now - 1000 });
    assert.equal((await attr()).status, 'Running');
    await manual.control('clock/advance', { ms: 1000 });
    const statuses = new Set<string>();
    for (let i = 0; i < 6; i++) {
      statuses.add((await attr()).status!);
      await manual.control('clock/advance', { seconds: 1 });
    }
    assert.ok(statuses.has('Stopping') || statuses.has('Starting'), [...statuses].join(','));
    await manual.control('clock/advance', { seconds: 10 });
    assert.equal((await attr()).status, 'Running');
    await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.plainSub }));
  });
});
