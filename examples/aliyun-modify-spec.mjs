// Change the type of a stopped demo instance and the bandwidth of a running one with the official
// Alibaba Cloud SDK. Run `npm start` first (demo world), then: node examples/aliyun-modify-spec.mjs [type]
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';

const endpoint = (process.env.SPECSHIFT_ENDPOINT ?? 'http://127.0.0.1:4600').replace(/^https?:\/\//, '');
const client = new Ecs.default(
  new OpenApi.Config({
    accessKeyId: 'LTAIspecshiftDemo0001',
    accessKeySecret: 'specshiftDemoAliyunSecret000000001',
    endpoint,
    protocol: 'http', // the SDK defaults to HTTPS
  }),
);

// web-01 is Stopped and pay-as-you-go: its instance type can change
const target = process.argv[2] ?? 'ecs.g6.xlarge';
await client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0001', instanceType: target }));
// web-02 is Running: its public bandwidth can change, at once
await client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0002', internetMaxBandwidthOut: 20 }));

const { body } = await client.describeInstances(
  new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify(['i-bp1specshiftdemo0001', 'i-bp1specshiftdemo0002']) }),
);
for (const i of body.instances.instance) console.log(i.instanceName, i.status, i.instanceType, i.internetMaxBandwidthOut);

try {
  // a type change needs a Stopped instance
  await client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0002', instanceType: 'ecs.g6.xlarge' }));
} catch (err) {
  console.log(err.statusCode, err.code, err.data.RequestId);
}
