// Alibaba Cloud BSS (BssOpenApi 2017-12-14) through the official, unmodified
// @alicloud/bssopenapi20171214 SDK against a live server, every test run twice: with the SDK's
// default signature (ACS3-HMAC-SHA256) and with signatureAlgorithm 'v2' (HMAC-SHA1). The orders it
// reads are the ones ModifyPrepayInstanceSpec (@alicloud/ecs20140526) places in the order book.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Bss from '@alicloud/bssopenapi20171214';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import PopCore from '@alicloud/pop-core';
import { aliyunUid } from '../../src/providers/aliyun/shared/aliyun-ids.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const AK = 'LTAIspecshiftDemo0001';
const SK = 'specshiftDemoAliyunSecret000000001';
const DEMO_ACCOUNT = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';
const REGION = 'cn-hangzhou';
const DB01 = 'i-bp1specshiftdemo0003'; // Running, PrePaid (300 days), ecs.r6.large
const OTHER = { ak: 'LTAIotherAccount0001', sk: 'otherSecret0000000001' };

type BssClient = InstanceType<typeof Bss.default>;
type EcsClient = InstanceType<typeof Ecs.default>;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const demoWorld = (): any => JSON.parse(readFileSync(`${root}data/demo-world.json`, 'utf8'));

const SIGNATURES = [
  { name: 'ACS3-HMAC-SHA256 (default)', algorithm: undefined },
  { name: "HMAC-SHA1 (signatureAlgorithm 'v2')", algorithm: 'v2' },
] as const;

function config(port: number, algorithm: string | undefined, key = { ak: AK, sk: SK }) {
  return new OpenApi.Config({
    accessKeyId: key.ak,
    accessKeySecret: key.sk,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
  });
}
const bssClient = (port: number, algorithm: string | undefined, key?: { ak: string; sk: string }): BssClient =>
  new Bss.default(config(port, algorithm, key) as unknown as ConstructorParameters<typeof Bss.default>[0]);
const ecsClient = (port: number, algorithm: string | undefined, key?: { ak: string; sk: string }): EcsClient =>
  new Ecs.default(config(port, algorithm, key) as unknown as ConstructorParameters<typeof Ecs.default>[0]);

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Awaits a call that must fail; checks the SDK's error, the status and the envelope it kept. */
async function refused(call: Promise<unknown>, code: string, status: number): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, the call succeeded`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.statusCode, status, `${code}: ${err.message}`);
  assert.equal(err.name, 'ClientError');
  assert.deepEqual(Object.keys(err.data), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  assert.match(err.data.RequestId, REQUEST_ID);
  assert.match(err.data.Recommend, /&product=BssOpenApi&/);
  return err;
}

const cents = (money: string | undefined): number => Math.round(Number(money) * 100);

for (const sig of SIGNATURES) {
  describe(`bssopenapi20171214, ${sig.name}`, () => {
    let live: LiveServer;
    let bss: BssClient;
    let ecs: EcsClient;

    before(async () => {
      live = await startLiveServer({ timing: 'instant' });
      bss = bssClient(live.port, sig.algorithm);
      ecs = ecsClient(live.port, sig.algorithm);
    });
    after(() => live.close());
    beforeEach(() => live.control('world/reset', {}));

    const loadWorld = async (edit: (w: any) => void) => {
      const w = demoWorld();
      edit(w);
      const r = await live.control('world', w);
      assert.ok(!r.error, JSON.stringify(r.error));
    };
    const balance = async () => (await bss.queryAccountBalance()).body!.data!;
    const prepay = async (init: ConstructorParameters<typeof Ecs.ModifyPrepayInstanceSpecRequest>[0]) =>
      (await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: DB01, ...init }))).body!.orderId!;
    const queryOrders = async (init: ConstructorParameters<typeof Bss.QueryOrdersRequest>[0] = {}, client = bss) => (await client.queryOrders(new Bss.QueryOrdersRequest(init))).body!;
    const detail = async (orderId: string, client = bss) => (await client.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body!;
    const orderAmount = async (orderId: string) => ((await live.control('orders')).orders as any[]).find((o) => o.id === orderId).amountCents as number;

    describe('QueryAccountBalance', () => {
      test('the account balance of the world, as strings, with Code "200" and Success true', async () => {
        const r = await bss.queryAccountBalance();
        assert.equal(r.statusCode, 200);
        const body = r.body!;
        assert.equal(body.code, '200');
        assert.equal(body.message, 'success');
        assert.equal(body.success, true);
        assert.match(body.requestId!, REQUEST_ID);
        assert.deepEqual({ ...body.data }, {
          availableAmount: '1000.00',
          availableCashAmount: '1000.00',
          creditAmount: '0.00',
          mybankCreditAmount: '0.00',
          currency: 'USD',
          quotaLimit: '0.00',
        });
      });

      test('falls by the amount of an upgrade order when it is paid, and not before', async () => {
        const orderId = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        assert.equal((await balance()).availableAmount, '1000.00');
        const amount = await orderAmount(orderId);
        assert.ok(amount > 0);
        const paid = await live.control(`aliyun/orders/${orderId}/pay`, {});
        assert.equal(paid.status, 'completed');
        const after = await balance();
        assert.equal(cents(after.availableAmount), 100000 - amount);
        assert.equal(after.availableCashAmount, after.availableAmount);
      });

      test('AutoPay (the default) pays at once; a downgrade refunds', async () => {
        const up = await prepay({ instanceType: 'ecs.r6.xlarge' });
        const upAmount = await orderAmount(up);
        assert.equal(cents((await balance()).availableAmount), 100000 - upAmount);
        await live.control('jobs/settle', {});
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: DB01 }));
        await live.control('jobs/settle', {});
        const down = await prepay({ instanceType: 'ecs.r6.large', operatorType: 'downgrade' });
        const downAmount = await orderAmount(down);
        assert.ok(downAmount < 0);
        assert.equal(cents((await balance()).availableAmount), 100000 - upAmount - downAmount);
      });

      test("each account sees its own balance; a Huawei key is unknown to Alibaba's gateway", async () => {
        await loadWorld((w) => w.accounts.push({ name: 'other', balance: '-12.05', access_keys: [{ cloud: 'aliyun', ...OTHER }] }));
        const other = bssClient(live.port, sig.algorithm, OTHER);
        // an account in arrears
        assert.equal((await other.queryAccountBalance()).body!.data!.availableAmount, '-12.05');
        assert.equal((await bss.queryAccountBalance()).body!.data!.availableAmount, '1000.00');
        const huawei = bssClient(live.port, sig.algorithm, { ak: 'SPECSHIFTDEMOAK00001', sk: 'specshiftDemoSecretKey00000000000000000001' });
        await refused(huawei.queryAccountBalance(), 'InvalidAccessKeyId.NotFound', 404);
      });
    });

    describe('QueryOrders', () => {
      test('an unpaid ModifyPrepayInstanceSpec order: Upgrade, Unpaid, its amount; Paid once paid', async () => {
        const orderId = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        const amount = await orderAmount(orderId);
        const body = await queryOrders();
        assert.equal(body.code, 'Success');
        assert.equal(body.message, 'Successful!');
        assert.equal(body.success, true);
        assert.equal(body.data!.totalCount, 1);
        assert.equal(body.data!.pageNum, 1);
        assert.equal(body.data!.pageSize, 20);
        assert.equal(body.data!.hostName, `127.0.0.1:${live.port}`);
        const o = body.data!.orderList!.order![0]!;
        assert.equal(o.orderId, orderId);
        assert.equal(o.productCode, 'ecs');
        assert.equal(o.commodityCode, 'ecs');
        assert.equal(o.productType, '');
        assert.equal(o.subscriptionType, 'Subscription');
        assert.equal(o.orderType, 'Upgrade');
        assert.equal(o.paymentStatus, 'Unpaid');
        assert.equal(o.paymentTime, undefined);
        assert.match(o.createTime!, ISO_SECOND);
        for (const k of ['pretaxGrossAmount', 'pretaxAmount', 'pretaxAmountLocal', 'afterTaxAmount'] as const) assert.equal(cents(o[k]), amount, k);
        assert.match(o.pretaxAmount!, /^\d+\.\d{2}$/);
        assert.equal(o.tax, '0.00');
        assert.equal(o.currency, 'USD');
        assert.equal(o.paymentCurrency, 'USD');

        await live.control(`aliyun/orders/${orderId}/pay`, {});
        const paid = (await queryOrders()).data!.orderList!.order![0]!;
        assert.equal(paid.paymentStatus, 'Paid');
        assert.match(paid.paymentTime!, ISO_SECOND);
      });

      test('a cancelled order reads Cancelled; a downgrade is a Refund with no PaymentStatus and a negative amount', async () => {
        const cancelled = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        await live.control(`aliyun/orders/${cancelled}/cancel`, {});
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: DB01 }));
        await live.control('jobs/settle', {});
        await loadWorld((w) => {
          const db = w.aliyun.instances.find((i: any) => i.id === DB01);
          db.instance_type = 'ecs.r6.xlarge';
          db.status = 'Stopped';
        });
        const refund = await prepay({ instanceType: 'ecs.r6.large', operatorType: 'downgrade' });
        const orders = (await queryOrders()).data!.orderList!.order!;
        assert.deepEqual(orders.map((o) => o.orderId), [refund]);
        const r = orders[0]!;
        assert.equal(r.orderType, 'Refund');
        assert.equal(r.paymentStatus, undefined);
        assert.ok(cents(r.pretaxAmount) < 0);
        assert.match(r.pretaxAmount!, /^-\d+\.\d{2}$/);
        // the world load wiped the first order; place and cancel another
        await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: DB01 }));
        await live.control('jobs/settle', {});
        const again = await prepay({ instanceType: 'ecs.r6.2xlarge', autoPay: false });
        await live.control(`aliyun/orders/${again}/cancel`, {});
        const byId = new Map((await queryOrders()).data!.orderList!.order!.map((o) => [o.orderId, o]));
        assert.equal(byId.get(again)!.paymentStatus, 'Cancelled');
        assert.equal(byId.get(again)!.orderType, 'Upgrade');
      });

      test('filters: OrderType, PaymentStatus, ProductCode, ProductType, SubscriptionType', async () => {
        const unpaid = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        const ids = async (init: ConstructorParameters<typeof Bss.QueryOrdersRequest>[0]) => (await queryOrders(init)).data!.orderList!.order!.map((o) => o.orderId);
        assert.deepEqual(await ids({ orderType: 'Upgrade' }), [unpaid]);
        assert.deepEqual(await ids({ orderType: 'Refund' }), []);
        assert.deepEqual(await ids({ paymentStatus: 'Unpaid' }), [unpaid]);
        assert.deepEqual(await ids({ paymentStatus: 'Paid' }), []);
        assert.deepEqual(await ids({ productCode: 'ecs' }), [unpaid]);
        assert.deepEqual(await ids({ productCode: 'rds' }), []);
        assert.deepEqual(await ids({ productType: 'ecs' }), []);
        assert.deepEqual(await ids({ subscriptionType: 'Subscription' }), [unpaid]);
        assert.deepEqual(await ids({ subscriptionType: 'PayAsYouGo' }), []);
        await live.control(`aliyun/orders/${unpaid}/pay`, {});
        assert.deepEqual(await ids({ paymentStatus: 'Paid', productCode: 'ecs', orderType: 'Upgrade', subscriptionType: 'Subscription' }), [unpaid]);
      });

      test('a time window: orders created in it only; newest first; paging by PageNum/PageSize', async () => {
        const first = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        await live.control(`aliyun/orders/${first}/cancel`, {});
        const second = await prepay({ instanceType: 'ecs.r6.2xlarge', autoPay: false });
        const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const now = Date.now();
        const all = await queryOrders({ createTimeStart: iso(now - 600_000), createTimeEnd: iso(now + 600_000) });
        assert.equal(all.data!.totalCount, 2);
        const sorted = all.data!.orderList!.order!.map((o) => o.orderId);
        assert.deepEqual(new Set(sorted), new Set([first, second]));
        const [p1, p2, p3] = await Promise.all([1, 2, 3].map((n) => queryOrders({ pageNum: n, pageSize: 1 })));
        assert.deepEqual([p1, p2, p3].map((p) => p.data!.totalCount), [2, 2, 2]);
        assert.deepEqual([p1, p2].map((p) => p.data!.orderList!.order![0]!.orderId), sorted);
        assert.deepEqual(p3.data!.orderList!.order, []);
        assert.equal(p2.data!.pageNum, 2);
        assert.equal(p2.data!.pageSize, 1);
        const past = await queryOrders({ createTimeStart: '2020-01-01T00:00:00Z', createTimeEnd: '2020-01-02T00:00:00Z' });
        assert.equal(past.data!.totalCount, 0);
        assert.deepEqual(past.data!.orderList!.order, []);
      });

      test("another account's orders are invisible", async () => {
        await loadWorld((w) => w.accounts.push({ name: 'other', access_keys: [{ cloud: 'aliyun', ...OTHER }] }));
        const orderId = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        const other = bssClient(live.port, sig.algorithm, OTHER);
        const seen = await queryOrders({}, other);
        assert.equal(seen.data!.totalCount, 0);
        await refused(detail(orderId, other), 'InvalidParameter', 400);
        assert.deepEqual((await queryOrders()).data!.orderList!.order!.map((o) => o.orderId), [orderId]);
      });

      test('bad parameters: InvalidParameter naming them, in BSS words', async () => {
        const e = await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ orderType: 'Downgrade' })), 'InvalidParameter', 400);
        assert.equal(e.data.Message, 'The specified parameter OrderType is not valid.');
        await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ paymentStatus: 'paid' })), 'InvalidParameter', 400);
        await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ createTimeStart: '2024-01-01 00:00:00' })), 'InvalidParameter', 400);
        await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ pageSize: 301 })), 'InvalidParameter', 400);
        await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ pageNum: 0 })), 'InvalidParameter', 400);
      });
    });

    describe('GetOrderDetail', () => {
      test('one order with its instance, configurations, usage period; Unpaid then Paid', async () => {
        const orderId = await prepay({ instanceType: 'ecs.r6.xlarge', autoPay: false });
        const amount = await orderAmount(orderId);
        const body = await detail(orderId);
        assert.equal(body.code, 'Success');
        assert.equal(body.success, true);
        assert.equal(body.data!.totalCount, 1);
        const o = body.data!.orderList!.order![0]!;
        assert.equal(o.orderId, orderId);
        assert.equal(o.subOrderId, `${orderId}01`);
        assert.equal(o.orderSubType, 'ProductSubOrder');
        assert.equal(o.orderType, 'Upgrade');
        assert.equal(o.paymentStatus, 'Unpaid');
        assert.equal(o.region, REGION);
        assert.equal(o.quantity, '1');
        assert.deepEqual(JSON.parse(o.instanceIDs!), [DB01]);
        assert.equal(o.config, 'InstanceType:[InstanceType:ecs.r6.xlarge;Region:cn-hangzhou;]');
        assert.equal(o.originalConfig, 'InstanceType:[InstanceType:ecs.r6.large;Region:cn-hangzhou;]');
        assert.equal(cents(o.pretaxAmount), amount);
        assert.equal(o.usageStartTime, o.createTime);
        const attr = (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: DB01 }))).body!;
        assert.equal(o.usageEndTime!.slice(0, 16) + 'Z', attr.expiredTime);
        assert.equal(o.billModuleConfig!.billModuleConfig![0]!.billModuleProperties!.billModuleProperties![0]!.value, 'ecs.r6.xlarge');
        assert.equal(o.originalModuleConfig!.originalModuleConfig![0]!.moduleProperties!.moduleProperties![0]!.value, 'ecs.r6.large');
        assert.deepEqual({ ...o.extendInfos }, {});

        await live.control(`aliyun/orders/${orderId}/pay`, {});
        const paid = (await detail(orderId)).data!.orderList!.order![0]!;
        assert.equal(paid.paymentStatus, 'Paid');
        assert.match(paid.paymentTime!, ISO_SECOND);
      });

      test('a downgrade reads as a RefundSubOrder', async () => {
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: DB01 }));
        await live.control('jobs/settle', {});
        await loadWorld((w) => {
          const db = w.aliyun.instances.find((i: any) => i.id === DB01);
          db.instance_type = 'ecs.r6.xlarge';
          db.status = 'Stopped';
        });
        const orderId = await prepay({ instanceType: 'ecs.r6.large', operatorType: 'downgrade' });
        const o = (await detail(orderId)).data!.orderList!.order![0]!;
        assert.equal(o.orderType, 'Refund');
        assert.equal(o.orderSubType, 'RefundSubOrder');
        assert.equal(o.paymentStatus, undefined);
        assert.equal(o.config, 'InstanceType:[InstanceType:ecs.r6.large;Region:cn-hangzhou;]');
      });

      test('a missing OrderId is MissingParameter; a malformed or unknown one InvalidParameter (400)', async () => {
        const missing = await refused(bss.getOrderDetail(new Bss.GetOrderDetailRequest({})), 'MissingParameter', 400);
        assert.equal(missing.data.Message, 'The specified parameter OrderId is mandatory for this request.');
        await refused(detail('not-a-number'), 'InvalidParameter', 400);
        const unknown = await refused(detail('123456789012345'), 'InvalidParameter', 400);
        assert.match(unknown.data.Message, /order 123456789012345 does not exist/);
      });
    });

    describe('OwnerId', () => {
      test("the caller's own UID is accepted; another is InvalidOwner; a partner reads its customer's", async () => {
        const uid = aliyunUid(DEMO_ACCOUNT);
        assert.equal((await bss.queryOrders(new Bss.QueryOrdersRequest({ ownerId: uid }))).body!.success, true);
        await refused(bss.queryOrders(new Bss.QueryOrdersRequest({ ownerId: 1234567890123456 })), 'InvalidOwner', 400);
        await refused(bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId: '1', ownerId: 1234567890123456 })), 'InvalidOwner', 400);

        // demo-partner gets an Alibaba key; demo-customer (its customer) an instance and an order
        await loadWorld((w) => {
          w.accounts.find((a: any) => a.name === 'demo-partner').access_keys.push({ cloud: 'aliyun', ak: 'LTAIpartner000000001', sk: 'partnerSecret00000001' });
          w.accounts.find((a: any) => a.name === 'demo-customer').access_keys.push({ cloud: 'aliyun', ak: 'LTAIcustomer00000001', sk: 'customerSecret0000001' });
          const db = w.aliyun.instances.find((i: any) => i.id === DB01);
          w.aliyun.instances.push({ ...db, id: 'i-bp1customer0001', name: 'cust-01', account: 'demo-customer' });
        });
        const customerEcs = ecsClient(live.port, sig.algorithm, { ak: 'LTAIcustomer00000001', sk: 'customerSecret0000001' });
        const r = await customerEcs.modifyPrepayInstanceSpec(
          new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: 'i-bp1customer0001', instanceType: 'ecs.r6.xlarge', autoPay: false }),
        );
        const partner = bssClient(live.port, sig.algorithm, { ak: 'LTAIpartner000000001', sk: 'partnerSecret00000001' });
        const customerUid = aliyunUid('7f4b3e8c1d0a4b9cae5f4a3b2c1d0e9f');
        assert.equal((await queryOrders({}, partner)).data!.totalCount, 0);
        const seen = await queryOrders({ ownerId: customerUid }, partner);
        assert.deepEqual(seen.data!.orderList!.order!.map((o) => o.orderId), [r.body!.orderId]);
        const d = await partner.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId: r.body!.orderId, ownerId: customerUid }));
        assert.deepEqual(JSON.parse(d.body!.data!.orderList!.order![0]!.instanceIDs!), ['i-bp1customer0001']);
        // the demo account is no customer of the partner
        await refused(partner.queryOrders(new Bss.QueryOrdersRequest({ ownerId: uid })), 'InvalidOwner', 400);
        // and a customer may not act for its partner
        const customer = bssClient(live.port, sig.algorithm, { ak: 'LTAIcustomer00000001', sk: 'customerSecret0000001' });
        assert.equal((await customer.queryAccountBalance()).body!.data!.availableAmount, '200.00');
        const partnerUid = aliyunUid('6e3a2d7b0c9f4a8b9d4e3f2a1b0c9d8e');
        await refused(customer.queryOrders(new Bss.QueryOrdersRequest({ ownerId: partnerUid })), 'InvalidOwner', 400);
      });
    });

    describe('QueryAvailableInstances', () => {
      const list = async (init: ConstructorParameters<typeof Bss.QueryAvailableInstancesRequest>[0] = {}, client = bss) =>
        (await client.queryAvailableInstances(new Bss.QueryAvailableInstancesRequest(init))).body!;

      test("the account's ECS instances: the subscription with its period, the others pay-as-you-go", async () => {
        const body = await list();
        assert.equal(body.code, 'Success');
        assert.equal(body.success, true);
        assert.equal(body.data!.totalCount, 7);
        assert.equal(body.data!.pageSize, 20);
        const byId = new Map(body.data!.instanceList!.map((i) => [i.instanceID, i]));
        const db = byId.get(DB01)!;
        const attr = (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: DB01 }))).body!;
        assert.equal(db.subscriptionType, 'Subscription');
        assert.equal(db.productCode, 'ecs');
        assert.equal(db.region, REGION);
        assert.equal(db.status, 'Normal');
        assert.equal(db.subStatus, 'Normal');
        assert.equal(db.renewStatus, 'ManualRenewal');
        assert.equal(db.ownerId, aliyunUid(DEMO_ACCOUNT));
        assert.equal(db.sellerId, 26842);
        assert.equal(db.endTime!.slice(0, 16) + 'Z', attr.expiredTime);
        assert.equal(db.createTime!.slice(0, 16) + 'Z', attr.creationTime);
        assert.equal(Date.parse(db.expectedReleaseTime!) - Date.parse(db.endTime!), 15 * 24 * 3600 * 1000);
        const web = byId.get('i-bp1specshiftdemo0001')!;
        assert.equal(web.subscriptionType, 'PayAsYouGo');
        assert.equal(web.renewStatus, undefined);
      });

      test('filters: SubscriptionType, InstanceIDs, Region (with ProductCode), paging', async () => {
        assert.deepEqual((await list({ subscriptionType: 'Subscription' })).data!.instanceList!.map((i) => i.instanceID), [DB01]);
        assert.equal((await list({ subscriptionType: 'PayAsYouGo' })).data!.totalCount, 6);
        assert.deepEqual(
          (await list({ instanceIDs: `${DB01},i-bp1specshiftdemo0002,i-nosuch` })).data!.instanceList!.map((i) => i.instanceID).sort(),
          [DB01, 'i-bp1specshiftdemo0002'].sort(),
        );
        assert.equal((await list({ productCode: 'ecs', region: REGION })).data!.totalCount, 7);
        assert.equal((await list({ productCode: 'ecs', region: 'cn-beijing' })).data!.totalCount, 0);
        assert.equal((await list({ renewStatus: 'AutoRenewal' })).data!.totalCount, 0);
        const page = await list({ pageNum: 2, pageSize: 5 });
        assert.equal(page.data!.totalCount, 7);
        assert.equal(page.data!.instanceList!.length, 2);
        const e = await refused(bss.queryAvailableInstances(new Bss.QueryAvailableInstancesRequest({ region: REGION })), 'MissingParameter', 400);
        assert.equal(e.data.Message, 'The specified parameter ProductCode is mandatory for this request.');
        await refused(bss.queryAvailableInstances(new Bss.QueryAvailableInstancesRequest({ subscriptionType: 'Monthly' })), 'InvalidParameter', 400);
      });

      test("Terraform's start-up probe (vipcloudfw) finds nothing: the account reads as Domestic", async () => {
        const body = await list({ productCode: 'vipcloudfw', productType: 'vipcloudfw', subscriptionType: 'Subscription', pageNum: 1, pageSize: 50 });
        assert.equal(body.success, true);
        assert.equal(body.data!.totalCount, 0);
        assert.deepEqual(body.data!.instanceList, []);
      });

      test('an expired subscription is Expired with its StopTime; one ending within 7 days WaitForExpire', async () => {
        await loadWorld((w) => {
          const db = w.aliyun.instances.find((i: any) => i.id === DB01);
          delete db.expires_in_days;
          db.expires_at = '2024-01-31T16:00:00Z';
          db.created_at = '2023-12-31T16:00:00Z';
          w.aliyun.instances.push({ ...db, id: 'i-bp1soon0001', name: 'soon', expires_at: undefined, expires_in_days: 3 });
        });
        const byId = new Map((await list({ subscriptionType: 'Subscription' })).data!.instanceList!.map((i) => [i.instanceID, i]));
        assert.equal(byId.get(DB01)!.status, 'Expired');
        assert.equal(byId.get(DB01)!.stopTime, '2024-01-31T16:00:00Z');
        assert.equal(byId.get(DB01)!.endTime, '2024-01-31T16:00:00Z');
        assert.equal(byId.get('i-bp1soon0001')!.status, 'WaitForExpire');
        assert.equal(byId.get('i-bp1soon0001')!.stopTime, undefined);
        const ending = await list({ endTimeStart: '2024-01-01T00:00:00Z', endTimeEnd: '2024-02-15T00:00:00Z' });
        assert.deepEqual(ending.data!.instanceList!.map((i) => i.instanceID), [DB01]);
      });

      test("another account's instances are invisible", async () => {
        await loadWorld((w) => w.accounts.push({ name: 'other', access_keys: [{ cloud: 'aliyun', ...OTHER }] }));
        const other = bssClient(live.port, sig.algorithm, OTHER);
        assert.equal((await list({}, other)).data!.totalCount, 0);
        assert.equal((await list({ instanceIDs: DB01 }, other)).data!.totalCount, 0);
      });
    });
  });
}

describe('bssopenapi20171214 on the manual clock', () => {
  let live: LiveServer;
  before(async () => {
    live = await startLiveServer({ timing: 'manual' });
  });
  after(() => live.close());

  test('QueryOrders without a time range shows the last hour only', async () => {
    const ecs = ecsClient(live.port, undefined);
    const bss = bssClient(live.port, undefined);
    const r = await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: DB01, instanceType: 'ecs.r6.xlarge', autoPay: false }));
    const orderId = r.body!.orderId!;
    const ids = async (init: ConstructorParameters<typeof Bss.QueryOrdersRequest>[0] = {}) =>
      (await bss.queryOrders(new Bss.QueryOrdersRequest(init))).body!.data!.orderList!.order!.map((o) => o.orderId);
    assert.deepEqual(await ids(), [orderId]);
    const created = (await bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body!.data!.orderList!.order![0]!.createTime!;
    await live.control('clock/advance', { seconds: 59 * 60 });
    assert.deepEqual(await ids(), [orderId]);
    await live.control('clock/advance', { seconds: 2 * 60 });
    assert.deepEqual(await ids(), []);
    // a range that holds it still finds it; a start alone runs to now
    assert.deepEqual(await ids({ createTimeStart: created }), [orderId]);
    assert.deepEqual(await ids({ createTimeStart: created, createTimeEnd: created }), [orderId]);
    // an end alone looks an hour back from it
    const end = new Date(Date.parse(created) + 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.deepEqual(await ids({ createTimeEnd: end }), [orderId]);
  });
});

test('the BSS example (docs/aliyun-bss.md) lists the unpaid order, pays it and reads the balance', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const live = await startLiveServer({ timing: 'instant' });
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [`${root}examples/aliyun-bss-orders.mjs`], { env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint }, cwd: root });
    const m = /^(\d{15}) Upgrade Unpaid (\d+\.\d{2}) USD$/m.exec(stdout);
    assert.ok(m, stdout);
    assert.match(stdout, /^Paid \["i-bp1specshiftdemo0003"\] InstanceType:\[InstanceType:ecs\.r6\.xlarge;Region:cn-hangzhou;\]$/m);
    const balance = /^balance (\d+\.\d{2}) USD$/m.exec(stdout);
    assert.ok(balance, stdout);
    assert.equal(Math.round(Number(balance[1]) * 100), 100000 - Math.round(Number(m[2]) * 100));
  } finally {
    await live.close();
  }
});

test('@alicloud/pop-core with apiVersion 2017-12-14, GET and POST', async () => {
  const live = await startLiveServer({ timing: 'instant' });
  try {
    const pop = new PopCore({ accessKeyId: AK, accessKeySecret: SK, endpoint: live.endpoint, apiVersion: '2017-12-14' });
    const balance: any = await pop.request('QueryAccountBalance', {});
    assert.equal(balance.Code, '200');
    assert.equal(balance.Data.AvailableAmount, '1000.00');
    const orders: any = await pop.request('QueryOrders', { PageSize: 5 }, { method: 'POST' });
    assert.deepEqual(orders.Data.OrderList.Order, []);
    assert.equal(orders.Data.PageSize, 5);
  } finally {
    await live.close();
  }
});
