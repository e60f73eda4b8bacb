// specshift in a container, started by testcontainers; the harness connects to it over HTTP.
// Build the image first (docs/container.md): docker build -t specshift:local <unpacked package>
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { GenericContainer, Wait } from 'testcontainers';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import { connectSpecshift } from 'specshift';

const IMAGE = process.env.SPECSHIFT_IMAGE ?? 'specshift:local';
let container;
let cloud;

before(async () => {
  container = await new GenericContainer(IMAGE)
    .withEnvironment({ SPECSHIFT_TIMING: 'manual', SPECSHIFT_IN_MEMORY: '1' })
    .withExposedPorts(4600)
    .withWaitStrategy(Wait.forHttp('/_specshift/health', 4600).forStatusCode(200))
    .start();
  cloud = await connectSpecshift(`http://${container.getHost()}:${container.getMappedPort(4600)}`);
});
beforeEach(() => cloud.reset());
after(async () => {
  await cloud?.close();
  await container?.stop();
});

test('a resize in the container finishes when the virtual clock moves', async () => {
  const client = cloud.huawei.ecsClient(ecs, core);
  const { job_id } = await client.resizeServer(
    new ecs.ResizeServerRequest()
      .withServerId('a0c1e2f3-0001-4a5b-8c6d-000000000001')
      .withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))),
  );
  await cloud.advance(10);
  assert.equal((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status, 'SUCCESS');
});
