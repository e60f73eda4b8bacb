// One world account may hold both clouds' keys (the demo account does). Each cloud's billing sees
// only its own orders: an unpaid Alibaba order is invisible to Huawei's BSS API, a Huawei order to
// Alibaba's (BssOpenApi), and the reverse control call refuses a Huawei order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import PopCore from '@alicloud/pop-core';
import Bss from '@alicloud/bssopenapi20171214';
import OpenApi from '@alicloud/openapi-client';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { ecsClient, ecsSdk, globalClient } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());

test('an Alibaba order of the demo account is not a Huawei BSS order', async () => {
  const pop = new PopCore({ accessKeyId: 'LTAIspecshiftDemo0001', accessKeySecret: 'specshiftDemoAliyunSecret000000001', endpoint: live.endpoint, apiVersion: '2014-05-26' });
  const r: any = await pop.request(
    'ModifyPrepayInstanceSpec',
    { RegionId: 'cn-hangzhou', InstanceId: 'i-bp1specshiftdemo0003', InstanceType: 'ecs.r6.xlarge', AutoPay: false },
    { method: 'POST' },
  );
  assert.match(r.OrderId, /^\d{15}$/);
  const bss = globalClient(live.endpoint, DEMO.ak, DEMO.sk);
  const list = await bss.send('GET', '/v2/orders/customer-orders', { queryParams: { limit: 100 } });
  assert.ok(!list.order_infos.some((o: any) => o.order_id === r.OrderId), 'Huawei BSS lists no Alibaba order');
  assert.equal(list.total_count, list.order_infos.length);
  // the Huawei console's view of an Alibaba order id: absent
  await assert.rejects(
    bss.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.OrderId } }),
    (e: any) => e.httpStatusCode >= 400 && e.httpStatusCode < 500,
  );
  // still payable where it belongs
  const paid = await live.control(`aliyun/orders/${r.OrderId}/pay`, {});
  assert.equal((paid as any).order_id, r.OrderId);
});

test('a Huawei order of the demo account is not an Alibaba BSS order', async () => {
  const huawei = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
  const option = new ecsSdk.ResizePrePaidServerOption().withFlavorRef('m7.xlarge.8');
  const r = await huawei.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(DEMO.servers.db01).withBody(new ecsSdk.ResizeServerRequestBody().withResize(option)));
  assert.match(r.order_id, /^CS/);
  const config = new OpenApi.Config({ accessKeyId: 'LTAIspecshiftDemo0001', accessKeySecret: 'specshiftDemoAliyunSecret000000001', endpoint: `127.0.0.1:${live.port}`, protocol: 'http' });
  const bss = new Bss.default(config as unknown as ConstructorParameters<typeof Bss.default>[0]);
  const list = await bss.queryOrders(new Bss.QueryOrdersRequest({}));
  assert.ok(!list.body!.data!.orderList!.order!.some((o) => o.orderId === r.order_id), 'Alibaba BSS lists no Huawei order');
  await assert.rejects(bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId: r.order_id })), (e: any) => e.code === 'InvalidParameter' && e.statusCode === 400);
});
