// The official SDKs against specshift running inside this test process. Each test starts from the
// world as it was loaded: reset() before every test restores it in milliseconds.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startSpecshift, type Specshift, type WorldFile } from 'specshift';

const WEB01 = 'a0c1e2f3-0001-4a5b-8c6d-000000000001'; // demo world: web-01, stopped, s6.large.2
type EcsClient = InstanceType<typeof ecs.EcsClient>;

function resize(client: EcsClient, serverId: string, flavor: string) {
  return client.resizeServer(
    new ecs.ResizeServerRequest()
      .withServerId(serverId)
      .withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(flavor))),
  );
}
async function flavorOf(client: EcsClient, serverId: string): Promise<string | undefined> {
  const reply = await client.showServer(new ecs.ShowServerRequest().withServerId(serverId));
  return reply.server?.flavor?.id;
}

describe('the demo world, manual clock', () => {
  let cloud: Specshift;
  before(async () => {
    cloud = await startSpecshift({ timing: 'manual' });
  });
  beforeEach(() => cloud.reset());
  after(() => cloud.close());

  test('a Huawei resize stays INIT until the clock moves, then succeeds', async () => {
    const client = cloud.huawei.ecsClient(ecs, core); // an EcsClient, typed
    const reply = await resize(client, WEB01, 's6.xlarge.2');
    // the SDK returns the wire JSON: job_id, as the real cloud sends it
    const jobId = (reply as unknown as { job_id: string }).job_id;
    assert.equal((await client.showJob(new ecs.ShowJobRequest().withJobId(jobId))).status, 'INIT');
    await cloud.advance(10);
    assert.equal((await client.showJob(new ecs.ShowJobRequest().withJobId(jobId))).status, 'SUCCESS');
    assert.equal(await flavorOf(client, WEB01), 's6.xlarge.2');
  });

  test('the next test finds web-01 as the world declares it', async () => {
    assert.equal(await flavorOf(cloud.huawei.ecsClient(ecs, core), WEB01), 's6.large.2');
  });

  test('an injected fault fails the resize job', async () => {
    const client = cloud.huawei.ecsClient(ecs, core);
    await cloud.fault({ server_id: WEB01, message: 'host maintenance' });
    const jobId = ((await resize(client, WEB01, 's6.xlarge.2')) as unknown as { job_id: string }).job_id;
    await cloud.advance(10);
    assert.equal((await client.showJob(new ecs.ShowJobRequest().withJobId(jobId))).status, 'FAIL');
    assert.equal(await flavorOf(client, WEB01), 's6.large.2');
  });

  test('Alibaba Cloud ModifyInstanceSpec through the harness configuration', async () => {
    const client = cloud.aliyun.client(Ecs.default, OpenApi.Config);
    await client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-bp1specshiftdemo0001', instanceType: 'ecs.g6.xlarge' }));
    const { body } = await client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: 'i-bp1specshiftdemo0001' }));
    assert.equal(body?.instanceType, 'ecs.g6.xlarge');
  });
});

describe('a world written in the test, typed from the schema', () => {
  const world: WorldFile = {
    accounts: [
      {
        name: 'acme',
        access_keys: [{ cloud: 'huawei', ak: 'ACMEHUAWEIAK00000001', sk: 'acme-huawei-secret-0000000000000000001' }],
        projects: [{ region: 'cn-north-4' }],
      },
    ],
    huawei: {
      regions: [{ id: 'cn-north-4', zones: ['cn-north-4a'] }],
      flavor_availability: { 's6.xlarge.2': { status: 'sellout' } },
      servers: [{ name: 'app-01', account: 'acme', region: 'cn-north-4', flavor: 's6.large.2', status: 'SHUTOFF' }],
    },
  };
  let cloud: Specshift;
  before(async () => {
    cloud = await startSpecshift({ world, timing: 'instant' });
  });
  beforeEach(() => cloud.reset());
  after(() => cloud.close());

  test('a sold-out flavor is refused with Ecs.0018', async () => {
    const client = cloud.huawei.ecsClient(ecs, core);
    const { servers } = await client.listServersDetails(new ecs.ListServersDetailsRequest());
    const id = servers![0]!.id!;
    await assert.rejects(resize(client, id, 's6.xlarge.2'), (err: { errorCode?: string }) => err.errorCode === 'Ecs.0018');
    await resize(client, id, 's6.2xlarge.4');
    await cloud.settle();
    assert.equal(await flavorOf(client, id), 's6.2xlarge.4');
  });
});
