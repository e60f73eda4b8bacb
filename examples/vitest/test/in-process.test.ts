// A server of this file's own, inside its worker: reset() before every test.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
// Vitest hands a CommonJS module's `default` export to a default import (as bundlers do)
import EcsClient, { ModifyInstanceSpecRequest } from '@alicloud/ecs20140526';
import { Config } from '@alicloud/openapi-client';
import { startSpecshift, type Specshift } from 'specshift';

const WEB01 = 'a0c1e2f3-0001-4a5b-8c6d-000000000001'; // web-01, stopped, s6.large.2

let cloud: Specshift;
beforeAll(async () => {
  cloud = await startSpecshift({ timing: 'manual' });
});
beforeEach(() => cloud.reset());
afterAll(() => cloud.close());

const resize = (client: InstanceType<typeof ecs.EcsClient>, flavor: string) =>
  client.resizeServer(
    new ecs.ResizeServerRequest().withServerId(WEB01).withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(flavor))),
  ) as unknown as Promise<{ job_id: string }>;

test('a Huawei resize runs when the clock moves', async () => {
  const client = cloud.huawei.ecsClient(ecs, core);
  const { job_id } = await resize(client, 's6.xlarge.2');
  expect((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status).toBe('INIT');
  await cloud.advance(10);
  expect((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status).toBe('SUCCESS');
});

test('every test starts from the world as loaded', async () => {
  const { server } = await cloud.huawei.ecsClient(ecs, core).showServer(new ecs.ShowServerRequest().withServerId(WEB01));
  expect(server?.flavor?.id).toBe('s6.large.2');
});

test('Alibaba Cloud: a type change of a running instance is refused', async () => {
  const client = cloud.aliyun.client(EcsClient, Config);
  await expect(
    client.modifyInstanceSpec(new ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0002', instanceType: 'ecs.g6.xlarge' })),
  ).rejects.toMatchObject({ code: 'InvalidInstanceStatus.NotStopped', statusCode: 400 });
});
