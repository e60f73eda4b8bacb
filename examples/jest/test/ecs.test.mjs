// specshift is an ES module: Jest runs it natively with --experimental-vm-modules (package.json).
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startSpecshift } from 'specshift';

const WEB01 = 'a0c1e2f3-0001-4a5b-8c6d-000000000001'; // web-01, stopped, s6.large.2

/** @type {import('specshift').Specshift} */
let cloud;
beforeAll(async () => {
  cloud = await startSpecshift({ timing: 'manual' });
});
beforeEach(() => cloud.reset());
afterAll(() => cloud.close());

const resize = (client, flavor) =>
  client.resizeServer(
    new ecs.ResizeServerRequest().withServerId(WEB01).withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(flavor))),
  );

test('a Huawei resize succeeds once the virtual clock moves', async () => {
  const client = cloud.huawei.ecsClient(ecs, core);
  const { job_id } = await resize(client, 's6.xlarge.2');
  expect((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status).toBe('INIT');
  await cloud.advance(10);
  expect((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status).toBe('SUCCESS');
});

test('reset() gave this test web-01 as the world declares it', async () => {
  const { server } = await cloud.huawei.ecsClient(ecs, core).showServer(new ecs.ShowServerRequest().withServerId(WEB01));
  expect(server.flavor.id).toBe('s6.large.2');
});

test('Alibaba Cloud: the bandwidth of a running instance changes at once', async () => {
  const client = cloud.aliyun.client(Ecs.default, OpenApi.Config);
  await client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0002', internetMaxBandwidthOut: 20 }));
  const { body } = await client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: 'i-bp1specshiftdemo0002' }));
  expect(body.internetMaxBandwidthOut).toBe(20);
});
