// Batch-resize the demo's yearly/monthly server, pay the order through the billing API, poll the job.
// Run `npm start` first (demo world), then: node examples/huawei-batch-pay.mjs
import core from '@huaweicloud/huaweicloud-sdk-core';
import ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import { createRequire } from 'node:module';

const { ClientBuilder } = createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
const endpoint = process.env.SPECSHIFT_ENDPOINT ?? 'http://127.0.0.1:4600';
const ak = 'SPECSHIFTDEMOAK00001';
const sk = 'specshiftDemoSecretKey00000000000000000001';

const client = ecs.EcsClient.newBuilder()
  .withCredential(new core.BasicCredentials().withAk(ak).withSk(sk).withProjectId('0a1b2c3d4e5f40718293a4b5c6d7e8f9'))
  .withEndpoint(endpoint)
  .build();
// No Node package exists for the billing (BSS) API: the core SDK signs a plain request definition.
const bss = new ClientBuilder((hc) => hc)
  .withCredential(new core.GlobalCredentials().withAk(ak).withSk(sk).withDomainId('5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d'))
  .withEndpoint(endpoint)
  .build();

const { job_id, order_id } = await client.batchResizeServers(
  new ecs.BatchResizeServersRequest().withBody(
    new ecs.BatchResizeServersReq().withResize(
      new ecs.BatchResizeServersOption()
        .withFlavorRef('m7.xlarge.8')
        .withServers([new ecs.ServerId().withId('a0c1e2f3-0004-4a5b-8c6d-000000000004')]), // db-01, yearly/monthly
    ),
  ),
);
console.log('job', job_id, 'order', order_id);
console.log((await client.showJob(new ecs.ShowJobRequest().withJobId(job_id))).status);

await bss.sendRequest({
  method: 'POST',
  url: '/v3/orders/customer-orders/pay',
  contentType: 'application/json',
  queryParams: {},
  pathParams: {},
  headers: {},
  data: { order_id, use_coupon: 'NO', use_discount: 'NO' },
});
console.log('paid');

for (;;) {
  const job = await client.showJob(new ecs.ShowJobRequest().withJobId(job_id));
  if (job.status === 'SUCCESS' || job.status === 'FAIL') {
    console.log(job.status, job.entities.sub_jobs.map((s) => `${s.entities.server_id}:${s.status}`).join(' '));
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
