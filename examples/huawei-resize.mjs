// Resize a demo server with the official Huawei Cloud SDK and poll its job to SUCCESS.
// Run `npm start` first (demo world), then: node examples/huawei-resize.mjs
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';

const endpoint = process.env.SPECSHIFT_ENDPOINT ?? 'http://127.0.0.1:4600';
const credentials = new core.BasicCredentials()
  .withAk('SPECSHIFTDEMOAK00001')
  .withSk('specshiftDemoSecretKey00000000000000000001')
  .withProjectId('0a1b2c3d4e5f40718293a4b5c6d7e8f9');
const client = ecs.EcsClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).build();

const serverId = 'a0c1e2f3-0001-4a5b-8c6d-000000000001'; // web-01, stopped, s6.large.2
const target = process.argv[2] ?? 's6.xlarge.2';
const { job_id } = await client.resizeServer(
  new ecs.ResizeServerRequest()
    .withServerId(serverId)
    .withBody(new ecs.ResizeServerRequestBody().withResize(new ecs.ResizePrePaidServerOption().withFlavorRef(target))),
);
console.log('job', job_id);

for (;;) {
  const job = await client.showJob(new ecs.ShowJobRequest().withJobId(job_id));
  console.log(job.status);
  if (job.status === 'SUCCESS' || job.status === 'FAIL') break;
  await new Promise((r) => setTimeout(r, 500));
}
const { server } = await client.showServer(new ecs.ShowServerRequest().withServerId(serverId));
console.log(server.name, server.status, server.flavor.id);
