// specshift inside the test process, an official SDK pointed at it: node --test harness.test.mjs
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import { startSpecshift } from 'specshift';

let cloud;
before(async () => (cloud = await startSpecshift({ timing: 'manual' }))); // the demo world, in memory
beforeEach(() => cloud.reset()); // back to the world as it started, in milliseconds
after(() => cloud.close());

test('a resize finishes when the virtual clock moves', async () => {
  const client = cloud.huawei.ecsClient(ecs, core); // keys, project and endpoint of the demo account
  const { job_id } = await client.resizeServer(
    new ecs.ResizeServerRequest()
      .withServerId('a0c1e2f3-0001-4a5b-8c6d-000000000001') // web-01
      .withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))),
  );
  await cloud.advance(10); // ten simulated seconds: the job's steps run now
  assert.equal((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status, 'SUCCESS');
});
