// Read the order a subscription type change leaves, pay it, and read the balance, with the
// official Alibaba Cloud SDKs. Run `npm start` first (demo world), then: node examples/aliyun-bss-orders.mjs
import Bss from '@alicloud/bssopenapi20171214';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';

const endpoint = (process.env.SPECSHIFT_ENDPOINT ?? 'http://127.0.0.1:4600').replace(/^https?:\/\//, '');
const config = new OpenApi.Config({
  accessKeyId: 'LTAIspecshiftDemo0001',
  accessKeySecret: 'specshiftDemoAliyunSecret000000001',
  endpoint, // host:port, for ECS and BSS alike
  protocol: 'http', // the SDKs default to HTTPS
});
const ecs = new Ecs.default(config);
const bss = new Bss.default(config);

// db-01 is a subscription instance: its type change is an order, left unpaid here
const placed = await ecs.modifyPrepayInstanceSpec(
  new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: 'cn-hangzhou', instanceId: 'i-bp1specshiftdemo0003', instanceType: 'ecs.r6.xlarge', autoPay: false }),
);
const orderId = placed.body.orderId;
const unpaid = await bss.queryOrders(new Bss.QueryOrdersRequest({ productCode: 'ecs', paymentStatus: 'Unpaid' }));
for (const o of unpaid.body.data.orderList.order) console.log(o.orderId, o.orderType, o.paymentStatus, o.pretaxAmount, o.currency);

// pay it as the console would (specshift's control API), then read it back
await fetch(`http://${endpoint}/_specshift/aliyun/orders/${orderId}/pay`, { method: 'POST' });
const detail = (await bss.getOrderDetail(new Bss.GetOrderDetailRequest({ orderId }))).body.data.orderList.order[0];
console.log(detail.paymentStatus, detail.instanceIDs, detail.config);
const balance = (await bss.queryAccountBalance()).body.data;
console.log('balance', balance.availableAmount, balance.currency);
