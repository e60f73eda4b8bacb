// ModifyInstanceNetworkSpec and AllocatePublicIpAddress through the official @alicloud/ecs20140526
// SDK (both signatures): pay-as-you-go changes in place, subscription changes as orders (AutoPay,
// unpaid orders paid through the control API, refunds), ClientToken idempotence, and each code of
// the pages' error tables that a world can cause.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { ALIYUN_SIGNATURES, Ecs, ecsClient, refusedBy, type EcsClient } from '../helpers/aliyun-sdk.js';

const KEY = { ak: 'LTAInetSpecTest00001', sk: 'netSpecSecret00000000001' };
const RESELLER_KEY = { ak: 'LTAInetSpecResell001', sk: 'netSpecResellerSecret001' };
const REGION = 'cn-hangzhou';
const I = {
  payg: 'i-bp1netpayg0001', // Running, PostPaid, PayByTraffic 0 Mbit/s, no public IP
  paygBw: 'i-bp1netpayg0002', // Stopped, PostPaid, PayByBandwidth 10 Mbit/s
  sub: 'i-bp1netsub0003', // Running, PrePaid, PayByTraffic 0 Mbit/s
  subBw: 'i-bp1netsub0004', // Running, PrePaid, PayByBandwidth 5 Mbit/s
  eip: 'i-bp1neteip0005', // Running, with an EIP
  locked: 'i-bp1netlock0006', // security lock
  expired: 'i-bp1netexp0007', // PrePaid, expired
  resold: 'i-bp1netresold0008', // PrePaid, account buys through a reseller
  unpaid: 'i-bp1netunpaid0009', // an unpaid order declared by the world
};

const WORLD = {
  accounts: [
    { name: 'net', id: '3333333333333333333333333333cccc', balance: '1000.00', access_keys: [{ cloud: 'aliyun', ...KEY }] },
    { name: 'resold', id: '4444444444444444444444444444dddd', balance: '1000.00', access_keys: [{ cloud: 'aliyun', ...RESELLER_KEY }] },
  ],
  aliyun: {
    regions: [{ id: REGION, zones: [{ id: 'cn-hangzhou-h' }], quotas: { pay_by_bandwidth_mbps: 60 } }],
    reseller_accounts: ['resold'],
    instances: [
      { id: I.payg, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running' },
      { id: I.paygBw, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', internet_charge_type: 'PayByBandwidth', bandwidth_out: 10 },
      { id: I.sub, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', charge_type: 'PrePaid', expires_in_days: 60 },
      { id: I.subBw, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', charge_type: 'PrePaid', expires_in_days: 30, internet_charge_type: 'PayByBandwidth', bandwidth_out: 5 },
      { id: I.eip, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', eip: { ip_address: '47.98.1.1' } },
      { id: I.locked, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', bandwidth_out: 5, operation_locks: ['security'] },
      { id: I.expired, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', charge_type: 'PrePaid', expires_at: '2020-01-01T00:00:00Z', bandwidth_out: 5 },
      { id: I.resold, account: 'resold', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', charge_type: 'PrePaid', expires_in_days: 30 },
      { id: I.unpaid, account: 'net', region: REGION, instance_type: 'ecs.g6.large', status: 'Running', unpaid_order: true },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());

for (const sig of ALIYUN_SIGNATURES) {
  describe(`ModifyInstanceNetworkSpec / AllocatePublicIpAddress, ${sig.name}`, () => {
    let ecs: EcsClient;
    before(() => {
      ecs = ecsClient(live.port, KEY, sig.algorithm);
    });
    beforeEach(() => live.control('world/reset', {}));

    const net = (init: ConstructorParameters<typeof Ecs.ModifyInstanceNetworkSpecRequest>[0], client = ecs) =>
      client.modifyInstanceNetworkSpec(new Ecs.ModifyInstanceNetworkSpecRequest(init));
    const allocate = (init: ConstructorParameters<typeof Ecs.AllocatePublicIpAddressRequest>[0]) => ecs.allocatePublicIpAddress(new Ecs.AllocatePublicIpAddressRequest(init));
    const inst = async (id: string) => (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body!.instances!.instance![0]!;
    const orders = async () => (await live.control('orders')).orders as any[];

    test('pay-as-you-go: bandwidth and billing method change at once, no order, no public IP unless asked', async () => {
      const r = await net({ instanceId: I.payg, internetMaxBandwidthOut: 20, networkChargeType: 'PayByBandwidth' });
      assert.equal(r.statusCode, 200);
      assert.equal(r.body!.orderId, undefined);
      const i = await inst(I.payg);
      // decision (as ModifyInstanceSpec): an inbound value not sent stays while the new outbound one allows it
      assert.deepEqual([i.internetMaxBandwidthOut, i.internetMaxBandwidthIn, i.internetChargeType, i.publicIpAddress!.ipAddress], [20, 10, 'PayByBandwidth', []]);
      assert.deepEqual(await orders(), []);
      // AllocatePublicIpAddress then gives it one, the one DescribeInstances shows
      const ip = (await allocate({ instanceId: I.payg })).body!.ipAddress!;
      assert.match(ip, /^47\.\d+\.\d+\.\d+$/);
      assert.deepEqual((await inst(I.payg)).publicIpAddress!.ipAddress, [ip]);
      // decision (the page since 2026): asked again, the existing address is the answer
      assert.equal((await allocate({ instanceId: I.payg })).body!.ipAddress, ip);
      await refusedBy(allocate({ instanceId: I.payg, ipAddress: '47.100.1.1' }), 'AllocatedAlready', 403);
    });

    test('pay-as-you-go: AllocatePublicIp=true assigns the address with the bandwidth; back to pay-by-traffic', async () => {
      await net({ instanceId: I.payg, internetMaxBandwidthOut: 5, allocatePublicIp: true });
      assert.equal((await inst(I.payg)).publicIpAddress!.ipAddress!.length, 1);
      await net({ instanceId: I.paygBw, networkChargeType: 'PayByTraffic', internetMaxBandwidthIn: 3 });
      const i = await inst(I.paygBw);
      assert.deepEqual([i.internetChargeType, i.internetMaxBandwidthOut, i.internetMaxBandwidthIn, i.status], ['PayByTraffic', 10, 3, 'Stopped']);
    });

    test('subscription: an order, paid from the balance (AutoPay), the bandwidth and an address at once', async () => {
      const before = (await live.control('orders')).orders.length;
      const r = await net({ instanceId: I.sub, internetMaxBandwidthOut: 10, networkChargeType: 'PayByBandwidth' });
      const orderId = r.body!.orderId!;
      assert.match(orderId, /^\d{15}$/);
      const i = await inst(I.sub);
      assert.deepEqual([i.internetMaxBandwidthOut, i.internetChargeType, i.publicIpAddress!.ipAddress!.length], [10, 'PayByBandwidth', 1]);
      const all = await orders();
      assert.equal(all.length, before + 1);
      const order = all.find((o) => o.id === orderId);
      assert.equal(order.status, 'completed');
      // 5 Mbit/s at 3.20 and 5 at 11.20 a month, for the 2 months left
      assert.equal(order.amountCents, 2 * (5 * 320 + 5 * 1120));
    });

    test('subscription with AutoPay=false: an unpaid order holds the change until the control API pays it', async () => {
      const orderId = (await net({ instanceId: I.subBw, internetMaxBandwidthOut: 8, autoPay: false })).body!.orderId!;
      assert.equal((await inst(I.subBw)).internetMaxBandwidthOut, 5);
      await refusedBy(net({ instanceId: I.subBw, internetMaxBandwidthOut: 9 }), 'LastOrderProcessing', 400);
      const paid = await live.control(`aliyun/orders/${orderId}/pay`, {});
      assert.equal(paid.status, 'completed');
      await live.control('jobs/settle', {});
      assert.equal((await inst(I.subBw)).internetMaxBandwidthOut, 8);
      // a cancelled one changes nothing and frees the instance
      const second = (await net({ instanceId: I.subBw, internetMaxBandwidthOut: 12, autoPay: false })).body!.orderId!;
      await live.control(`aliyun/orders/${second}/cancel`, {});
      assert.equal((await inst(I.subBw)).internetMaxBandwidthOut, 8);
      await net({ instanceId: I.subBw, internetMaxBandwidthOut: 6 });
      assert.equal((await inst(I.subBw)).internetMaxBandwidthOut, 6);
    });

    test('subscription downgrades: refunded at once, three at most (InstanceDowngrade.QuotaExceed)', async () => {
      await net({ instanceId: I.subBw, internetMaxBandwidthOut: 50 });
      for (const out of [40, 30, 20]) {
        const r = await net({ instanceId: I.subBw, internetMaxBandwidthOut: out, autoPay: false });
        const order = (await orders()).find((o) => o.id === r.body!.orderId);
        assert.ok(order.amountCents < 0, 'a refund');
        assert.equal(order.status, 'completed');
        assert.equal((await inst(I.subBw)).internetMaxBandwidthOut, out);
      }
      await refusedBy(net({ instanceId: I.subBw, internetMaxBandwidthOut: 10 }), 'InstanceDowngrade.QuotaExceed', 400);
      // going up is still fine
      await net({ instanceId: I.subBw, internetMaxBandwidthOut: 25 });
    });

    test('ClientToken: a retry answers the first reply (same OrderId) and changes nothing more', async () => {
      const token = 'TF-ModifyInstanceNetworkSpec-1764471000-3f2a9c1e-7b4d-4e8a-9c2f1';
      assert.equal(token.length, 64);
      const first = await net({ instanceId: I.sub, internetMaxBandwidthOut: 3, clientToken: token });
      const count = (await orders()).length;
      const again = await net({ instanceId: I.sub, internetMaxBandwidthOut: 3, clientToken: token });
      assert.equal(again.body!.orderId, first.body!.orderId);
      assert.notEqual(again.body!.requestId, first.body!.requestId);
      assert.equal((await orders()).length, count);
      await refusedBy(net({ instanceId: I.sub, internetMaxBandwidthOut: 4, clientToken: token }), 'IdempotenceParamNotMatch', 400);
      await refusedBy(net({ instanceId: I.sub, internetMaxBandwidthOut: 4, clientToken: 'x'.repeat(65) }), 'InvalidClientToken.ValueNotSupported', 400);
    });

    test('the error table: ranges, billing methods, states, locks, EIPs, quotas, resellers', async () => {
      await refusedBy(net({ instanceId: I.payg, internetMaxBandwidthOut: 101 }), 'InvalidInternetMaxBandwidthOut.ValueNotSupported', 400);
      // subscriptions paying by bandwidth go to 200 Mbit/s
      await refusedBy(net({ instanceId: I.subBw, internetMaxBandwidthOut: 201 }), 'InvalidInternetMaxBandwidthOut.ValueNotSupported', 400);
      await refusedBy(net({ instanceId: I.payg, internetMaxBandwidthOut: 5, internetMaxBandwidthIn: 11 }), 'InvalidInternetMaxBandwidthIn.ValueNotSupported', 400);
      await refusedBy(net({ instanceId: I.payg, networkChargeType: 'PayByHour' }), 'InvalidInternetChargeType.ValueNotSupported', 400);
      await refusedBy(net({ instanceId: I.subBw, networkChargeType: 'PayByTraffic' }), 'InvalidInternetChargeType.ValueNotSupported', 400, /only in the ECS console/);
      await refusedBy(net({ instanceId: I.payg, allocatePublicIp: true }), 'InvalidParameter.Conflict', 400);
      await refusedBy(net({ instanceId: I.payg }), 'MissingParameter', 400);
      await refusedBy(net({ instanceId: I.eip, internetMaxBandwidthOut: 5 }), 'InvalidInstance.EipNotSupport', 403);
      await refusedBy(net({ instanceId: I.locked, internetMaxBandwidthOut: 6 }), 'InstanceLockedForSecurity', 403);
      await refusedBy(net({ instanceId: I.expired, internetMaxBandwidthOut: 6 }), 'InstanceExpiredOrInArrears', 403);
      await refusedBy(net({ instanceId: I.unpaid, internetMaxBandwidthOut: 6 }), 'OperationDenied.UnpaidOrder', 403);
      await refusedBy(net({ instanceId: 'i-bp1nosuch', internetMaxBandwidthOut: 6 }), 'InvalidInstanceId.NotFound', 404);
      await refusedBy(net({ instanceId: I.resold, internetMaxBandwidthOut: 6 }, ecsClient(live.port, RESELLER_KEY, sig.algorithm)), 'OperationDenied', 400, 'The current user does not support this operation.');
      // 10 Mbit/s pay-by-bandwidth already count against the region's 60
      await refusedBy(net({ instanceId: I.payg, networkChargeType: 'PayByBandwidth', internetMaxBandwidthOut: 51 }), 'QuotaExceeded.InternetBandwidth', 400);
      await net({ instanceId: I.payg, networkChargeType: 'PayByBandwidth', internetMaxBandwidthOut: 50 });
      // temporary upgrades are not served; on an EIP instance the page's own code comes first
      await refusedBy(net({ instanceId: I.eip, internetMaxBandwidthOut: 6, startTime: '2030-01-01T00:00Z', endTime: '2030-01-01T05Z' }), 'BandwidthUpgradeDenied.EipBoundInstance', 400);
      await refusedBy(net({ instanceId: I.sub, internetMaxBandwidthOut: 6, startTime: '2030-01-01 00:00' }), 'InvalidStartTime.ValueNotSupported', 400);
      await refusedBy(net({ instanceId: I.sub, internetMaxBandwidthOut: 6, startTime: '2030-01-01T00:00Z', endTime: '2030-01-01T05Z' }), 'InvalidParameter', 400, /temporary bandwidth upgrades/);
    });

    test('an injected fault is InternalError (500) and changes nothing', async () => {
      await live.control('faults', { server_id: I.payg, message: 'net down' });
      await refusedBy(net({ instanceId: I.payg, internetMaxBandwidthOut: 7 }), 'InternalError', 500, /net down/);
      assert.equal((await inst(I.payg)).internetMaxBandwidthOut, 0);
      await net({ instanceId: I.payg, internetMaxBandwidthOut: 7 });
      assert.equal((await inst(I.payg)).internetMaxBandwidthOut, 7);
    });

    test('AllocatePublicIpAddress: the page\'s codes', async () => {
      await refusedBy(allocate({ instanceId: I.payg }), 'AllocateIpInvalidInstanceBandwidth', 400);
      await refusedBy(allocate({ instanceId: I.eip }), 'OperationDenied', 400, 'The specified instance already has a public IP.');
      await refusedBy(allocate({ instanceId: I.locked }), 'InstanceLockedForSecurity', 403);
      await refusedBy(allocate({ instanceId: I.expired }), 'InstanceExpiredOrInArrears', 403);
      await refusedBy(allocate({ instanceId: 'i-bp1nosuch' }), 'InvalidInstanceId.NotFound', 404);
      await refusedBy(allocate({ instanceId: I.payg, ipAddress: '47.1.1' }), 'InvalidIpAddress.Malformed', 400);
      await refusedBy(allocate({ instanceId: I.payg, ipAddress: '10.0.0.1' }), 'InvalidIpAddress.NotPublic', 403);
      await refusedBy(allocate({ instanceId: I.payg, vlanId: '720' }), 'InvalidVlanId.NotFound', 404);
      // a chosen address another instance holds is IpInUse; a free one is taken as given
      await net({ instanceId: I.payg, internetMaxBandwidthOut: 5 });
      await refusedBy(allocate({ instanceId: I.payg, ipAddress: '47.98.1.1' }), 'IpInUse', 403);
      assert.equal((await allocate({ instanceId: I.payg, ipAddress: '47.100.2.3' })).body!.ipAddress, '47.100.2.3');
      assert.deepEqual((await inst(I.payg)).publicIpAddress!.ipAddress, ['47.100.2.3']);
    });
  });
}
