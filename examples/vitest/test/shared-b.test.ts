// Test files sharing one server (global-setup.ts), in parallel: each test gets an account of its
// own, a copy of the demo account with its own keys and server ids, instead of a reset() that would
// take the other files' accounts away.
import { beforeAll, beforeEach, expect, inject, test } from 'vitest';
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import { connectSpecshift, type Specshift, type WorldView } from 'specshift';

const WEB01 = 'a0c1e2f3-0001-4a5b-8c6d-000000000001';
let cloud: Specshift;
let tenant: WorldView;
beforeAll(async () => {
  cloud = await connectSpecshift(inject('specshift'));
});
beforeEach(async () => {
  tenant = await cloud.tenant();
});

test.each(['s6.xlarge.2', 's6.2xlarge.4'])('file b: web-01 of this tenant becomes %s, whatever the other files do', async (flavor) => {
  const client = tenant.huawei.ecsClient(ecs, core);
  const serverId = tenant.id(WEB01); // the tenant's copy of web-01
  await client.resizeServer(
    new ecs.ResizeServerRequest().withServerId(serverId).withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(flavor))),
  );
  await cloud.settle();
  const { server } = await client.showServer(new ecs.ShowServerRequest().withServerId(serverId));
  expect(server?.flavor?.id).toBe(flavor);
  const { servers } = await client.listServersDetails(new ecs.ListServersDetailsRequest());
  expect(servers?.every((s) => s.id !== WEB01)).toBe(true);
});
