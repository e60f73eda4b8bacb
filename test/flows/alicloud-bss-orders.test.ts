// A user's script around a subscription type change, through the official SDKs only
// (@alicloud/ecs20140526 and @alicloud/bssopenapi20171214): ModifyPrepayInstanceSpec with
// AutoPay=false leaves an order; the billing API shows it Unpaid; it is paid (the console's job,
// here the control call); the script polls GetOrderDetail until Paid and DescribeInstances until
// the new type shows, then reads the balance, lower by the order's amount. Run on the manual clock:
// the polls advance it instead of sleeping.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Bss from '@alicloud/bssopenapi20171214';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const REGION = 'cn-hangzhou';
const INSTANCE = 'i-bp1specshiftdemo0003'; // db01: Running, subscription, ecs.r6.large
const TARGET = 'ecs.r6.xlarge';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());

for (const algorithm of [undefined, 'v2'] as const) {
  test(`ModifyPrepayInstanceSpec AutoPay=false -> QueryOrders Unpaid -> pay -> GetOrderDetail Paid, balance lower (${algorithm ?? 'ACS3'})`, async () => {
    await live.control('world/reset', {});
    const config = new OpenApi.Config({
      accessKeyId: 'LTAIspecshiftDemo0001',
      accessKeySecret: 'specshiftDemoAliyunSecret000000001',
      endpoint: `127.0.0.1:${live.port}`,
      protocol: 'http',
      ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
    });
    const ecs = new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
    const bss = new Bss.default(config as unknown as ConstructorParameters<typeof Bss.default>[0]);
    const instanceType = async () =>
      (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([INSTANCE]) }))).body!.instances!.instance![0]!.instanceType;

    // 1. the balance before
    const before = (await bss.queryAccountBalance()).body!.data!;
    assert.equal(before.currency, 'USD');

    // 2. the change, left for payment
    const placed = await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: INSTANCE, instanceType: TARGET, autoPay: false }));
    const orderId = placed.body!.orderId!;
    assert.match(orderId, /^\d+$/);

    // 3. the order as billing lists it: an unpaid ECS upgrade
    const unpaid = await bss.queryOrders(new Bss.QueryOrdersRequest({ productCode: 'ecs', orderType: 'Upgrade', paymentStatus: 'Unpaid', pageNum: 1, pageSize: 20 }));
    const listed = unpaid.body!.data!.orderList!.order!.find((o) => o.orderId === orderId);
    assert.ok(listed, 'QueryOrders lists the new order as Unpaid');
    assert.equal(listed.subscriptionType, 'Subscription');
    const amount = listed.pretaxAmount!;
    assert.ok(Number(amount) > 0);
    const pending = (await bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body!.data!.orderList!.order![0]!;
    assert.equal(pending.paymentStatus, 'Unpaid');
    assert.deepEqual(JSON.parse(pending.instanceIDs!), [INSTANCE]);
    // nothing changes until it is paid, however long one waits
    await live.control('clock/advance', { seconds: 60 });
    assert.equal(await instanceType(), 'ecs.r6.large');
    assert.equal((await bss.queryAccountBalance()).body!.data!.availableAmount, before.availableAmount);

    // 4. payment (the console)
    const paid = await live.control(`aliyun/orders/${orderId}/pay`, {});
    assert.equal(paid.status, 'completed');

    // 5. the script's loops: the order until Paid, the instance until the new type shows
    let detail;
    for (let i = 0; i < 10; i++) {
      detail = (await bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body!.data!.orderList!.order![0]!;
      if (detail.paymentStatus === 'Paid') break;
      await live.control('clock/advance', { seconds: 1 });
    }
    assert.equal(detail!.paymentStatus, 'Paid');
    assert.match(detail!.paymentTime!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    let polls = 0;
    while ((await instanceType()) !== TARGET) {
      assert.ok(++polls <= 30, 'the new type shows within 30 s of the payment');
      await live.control('clock/advance', { seconds: 1 });
    }
    assert.ok(polls >= 1, 'the change runs as a job after the payment, not at once');

    // 6. the balance after: lower by the order's amount, to the cent
    const afterPay = (await bss.queryAccountBalance()).body!.data!;
    assert.equal(Math.round(Number(before.availableAmount) * 100) - Math.round(Number(afterPay.availableAmount) * 100), Math.round(Number(amount) * 100));

    // 7. read again: billing and ECS say the same as at the end of the run
    const again = (await bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body!.data!.orderList!.order![0]!;
    assert.deepEqual(again, detail);
    const paidList = await bss.queryOrders(new Bss.QueryOrdersRequest({ paymentStatus: 'Paid' }));
    assert.deepEqual(paidList.body!.data!.orderList!.order!.map((o) => o.orderId), [orderId]);
    assert.equal(await instanceType(), TARGET);
    assert.equal((await bss.queryAccountBalance()).body!.data!.availableAmount, afterPay.availableAmount);
  });
}
