// Huawei ECS resize (seeds 001 and 002, v1 per ecs_02_0210) through the official SDK, unmodified,
// against a live server. Each rule's test names the seed it comes from.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { CUSTOMER, DEMO, PARTNER } from '../helpers/demo.js';

let live: LiveServer;
let client: any;

before(async () => {
  live = await startLiveServer({ timing: 'instant' });
  client = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

function resizeV11(serverId: string, flavorRef: string, opts: { mode?: string; dryRun?: boolean; autoPay?: string; deh?: string; threads?: number } = {}) {
  const option = new ecsSdk.ResizePrePaidServerOption().withFlavorRef(flavorRef);
  if (opts.mode) option.withMode(opts.mode);
  if (opts.autoPay) option.withExtendparam(new ecsSdk.ResizeServerExtendParam().withIsAutoPay(opts.autoPay));
  if (opts.deh) option.withDedicatedHostId(opts.deh);
  if (opts.threads) option.withCpuOptions(new ecsSdk.CpuOptions().withHwCpuThreads(opts.threads));
  const body = new ecsSdk.ResizeServerRequestBody().withResize(option);
  if (opts.dryRun !== undefined) body.withDryRun(opts.dryRun);
  return new ecsSdk.ResizeServerRequest().withServerId(serverId).withBody(body);
}

function resizeV1(serverId: string, flavorRef: string, opts: { mode?: string; dryRun?: boolean } = {}) {
  const option = new ecsSdk.ResizePostPaidServerOption().withFlavorRef(flavorRef);
  if (opts.mode) option.withMode(opts.mode);
  const body = new ecsSdk.ResizePostPaidServerRequestBody().withResize(option);
  if (opts.dryRun !== undefined) body.withDryRun(opts.dryRun);
  return new ecsSdk.ResizePostPaidServerRequest().withServerId(serverId).withBody(body);
}

const showServer = (c: any, id: string) => c.showServer(new ecsSdk.ShowServerRequest().withServerId(id));
const showJob = (c: any, id: string) => c.showJob(new ecsSdk.ShowJobRequest().withJobId(id));

async function settle(): Promise<void> {
  await live.control('jobs/settle', {});
}

async function expectError(call: () => Promise<unknown>, status: number, code: string): Promise<any> {
  const r = await attempt(call);
  assert.equal(r.ok, false, `expected ${code}, got success`);
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, status, `status for ${code}: ${e.errorMsg}`);
  assert.equal(e.errorCode, code, e.errorMsg);
  assert.match(String(e.requestId), /^[0-9a-f]{32}$/);
  return e;
}

describe('v1.1 resize (seed 001)', () => {
  test('a stopped pay-per-use server is resized; the job runs to SUCCESS and the flavor changes', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.web01, 's6.xlarge.2'));
    assert.equal(r.httpStatusCode, 200);
    assert.match(r.job_id, /^ff8080[0-9a-f]{26}$/);
    assert.equal(r.order_id, undefined);
    await settle();
    const job = await showJob(client, r.job_id);
    assert.equal(job.status, 'SUCCESS');
    assert.equal(job.job_type, 'resizeServer');
    assert.equal(job.entities.server_id, DEMO.servers.web01);
    assert.equal(job.error_code, null);
    assert.match(job.begin_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(job.end_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const s = await showServer(client, DEMO.servers.web01);
    assert.equal(s.server.flavor.id, 's6.xlarge.2');
    assert.equal(s.server.flavor.vcpus, '4');
    assert.equal(s.server.flavor.ram, '8192');
    assert.equal(s.server.status, 'SHUTOFF');
  });

  test('a running server is refused unless mode=withStopServer (seed 001 constraint)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web02, 's6.xlarge.2')), 400, 'Ecs.0100');
  });

  test('mode=withStopServer stops, resizes and starts a running server again (seeds 000/001)', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.web02, 's6.xlarge.2', { mode: 'withStopServer' }));
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
    const s = await showServer(client, DEMO.servers.web02);
    assert.equal(s.server.status, 'ACTIVE');
    assert.equal(s.server.flavor.id, 's6.xlarge.2');
  });

  test('spot servers are refused with Ecs.0704 (seed 001 constraint)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.spot01, 's6.xlarge.2')), 400, 'Ecs.0704');
  });

  test('Windows servers are refused (seed 001: no longer provides Windows images)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.win01, 's6.xlarge.2')), 400, 'Ecs.0802');
  });

  test('the same flavor is refused with Ecs.0810 (seeds 001/002)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web01, 's6.large.2')), 400, 'Ecs.0810');
  });

  test('an unknown flavor is refused with Ecs.0029 (seed 001 flavorRef)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web01, 'zz9.huge.99')), 400, 'Ecs.0029');
  });

  test('a flavor sold out in the server AZ is refused with Ecs.0018 (flavorRef: resize_flavors availability)', async () => {
    // c7.2xlarge.2 is sellout in cn-north-4a (web-01) but normal in cn-north-4b (api-01)
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web01, 'c7.2xlarge.2')), 400, 'Ecs.0018');
    const ok = await client.resizeServer(resizeV11(DEMO.servers.api01, 'c7.2xlarge.2'));
    assert.equal(ok.httpStatusCode, 200);
  });

  test('a flavor withdrawn from sale is refused with Ecs.0019 (seed 001 flavorRef)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web01, 'm6.large.8')), 400, 'Ecs.0019');
  });

  test('a server on a DeH needs dedicated_host_id, Ecs.0803 (seed 001 dedicated_host_id)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.deh01, 'c7.xlarge.2')), 400, 'Ecs.0803');
    const r = await client.resizeServer(resizeV11(DEMO.servers.deh01, 'c7.xlarge.2', { deh: '459a2b9d-804a-4745-ab19-a113bb1b4ddc' }));
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
    const s = await showServer(client, DEMO.servers.deh01);
    assert.deepEqual(s.server['os:scheduler_hints'].dedicated_host_id, ['459a2b9d-804a-4745-ab19-a113bb1b4ddc']);
  });

  test('a locked server is refused with Ecs.0605', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.locked01, 's6.xlarge.2')), 400, 'Ecs.0605');
  });

  test('dry_run checks everything, answers 202 and changes nothing (seed 001 dry_run)', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.web01, 's6.xlarge.2', { dryRun: true }));
    assert.equal(r.httpStatusCode, 202);
    assert.equal(r.job_id, undefined);
    const s = await showServer(client, DEMO.servers.web01);
    assert.equal(s.server.flavor.id, 's6.large.2');
    const jobs = await live.control('jobs');
    assert.equal(jobs.jobs.length, 0);
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.spot01, 's6.xlarge.2', { dryRun: true })), 400, 'Ecs.0704');
  });

  test('a server busy with another change refuses a second one with Ecs.0100', async () => {
    const manual = await startLiveServer({ timing: 'manual' });
    try {
      const c = ecsClient(manual.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
      const first = await c.resizeServer(resizeV11(DEMO.servers.web01, 's6.xlarge.2'));
      await expectError(() => c.resizeServer(resizeV11(DEMO.servers.web01, 's6.2xlarge.4')), 400, 'Ecs.0100');
      await manual.control('clock/advance', { seconds: 60 });
      assert.equal((await showJob(c, first.job_id)).status, 'SUCCESS');
    } finally {
      await manual.close();
    }
  });

  test('normal accounts may downsize (seed 001 has no such limit)', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.web01, 's6.medium.2'));
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
  });

  test('hw:cpu_threads=1 needs a dedicated flavor with hw:cpu_threads=2 (seed 001 cpu_options)', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.web01, 's6.xlarge.2', { threads: 1 })), 400, 'Ecs.0005');
    const flavors = (await client.listFlavors(new ecsSdk.ListFlavorsRequest().withAvailabilityZone('cn-north-4b'))).flavors;
    const dedicated = flavors.find((f: any) => f.id !== 'c7.large.2' && f.os_extra_specs['hw:cpu_policy'] === 'dedicated' && f.os_extra_specs['hw:cpu_threads'] === '2');
    assert.ok(dedicated, 'the catalog has a dedicated-CPU flavor');
    const r = await client.resizeServer(resizeV11(DEMO.servers.api01, dedicated.id, { threads: 1 }));
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
    const s = await showServer(client, DEMO.servers.api01);
    assert.deepEqual(s.server.cpu_options, { 'hw:cpu_threads': 1 });
  });

  test('another account\'s server is invisible: the same 404 as a missing one', async () => {
    await expectError(() => client.resizeServer(resizeV11(PARTNER.server, 's6.2xlarge.2')), 404, 'Ecs.0114');
    await expectError(() => client.resizeServer(resizeV11('00000000-0000-4000-8000-000000000000', 's6.xlarge.2')), 404, 'Ecs.0114');
    await expectError(() => showServer(client, PARTNER.server), 404, 'Ecs.0114');
  });

  test('a server of the same account in another project is invisible from this project', async () => {
    await expectError(() => client.resizeServer(resizeV11(DEMO.servers.hk01, 's6.xlarge.2')), 404, 'Ecs.0114');
  });
});

describe('yearly/monthly resize through v1.1 (seed 001 isAutoPay)', () => {
  test('without auto-pay the order waits and the job stays PENDING_PAYMENT', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.db01, 'm7.xlarge.8'));
    assert.match(r.order_id, /^CS\d{10}[A-Z0-9]{5}$/);
    assert.match(r.job_id, /^ff8080/);
    await settle();
    const job = await showJob(client, r.job_id);
    assert.equal(job.status, 'PENDING_PAYMENT');
    const s = await showServer(client, DEMO.servers.db01);
    assert.equal(s.server.flavor.id, 'm7.large.8');
    const orders = await live.control('orders');
    const order = orders.orders.find((o: any) => o.id === r.order_id);
    assert.equal(order.status, 'pending_payment');
    assert.ok(order.amountCents > 0, 'an upgrade costs money');
  });

  test('isAutoPay "true" pays from the balance and the job runs to SUCCESS', async () => {
    const r = await client.resizeServer(resizeV11(DEMO.servers.db01, 'm7.xlarge.8', { autoPay: 'true' }));
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
    const orders = await live.control('orders');
    assert.equal(orders.orders.find((o: any) => o.id === r.order_id).status, 'completed');
    assert.equal((await showServer(client, DEMO.servers.db01)).server.flavor.id, 'm7.xlarge.8');
  });

  test('isAutoPay "true" with a balance that does not cover the price leaves the order waiting', async () => {
    // demo-customer has 200.00; a jump to the largest m7 costs more than that for the rest of the month
    const c = ecsClient(live.endpoint, CUSTOMER.ak, CUSTOMER.sk, CUSTOMER.project);
    const flavors = (await c.listFlavors(new ecsSdk.ListFlavorsRequest())).flavors.filter((f: any) => f.id.startsWith('m7.'));
    const big = flavors.sort((a: any, b: any) => b.ram - a.ram)[0];
    const r = await c.resizeServer(resizeV11(CUSTOMER.prepaidServer, big.id, { autoPay: 'true' }));
    await settle();
    assert.equal((await showJob(c, r.job_id)).status, 'PENDING_PAYMENT');
  });
});

describe('v1 resize (pay-per-use only, ecs_02_0210)', () => {
  test('a pay-per-use server is resized through v1', async () => {
    const r = await client.resizePostPaidServer(resizeV1(DEMO.servers.web01, 's6.xlarge.2'));
    assert.equal(r.httpStatusCode, 200);
    assert.equal(r.order_id, undefined);
    await settle();
    assert.equal((await showJob(client, r.job_id)).status, 'SUCCESS');
  });

  test('v1 refuses yearly/monthly servers with Ecs.0112', async () => {
    await expectError(() => client.resizePostPaidServer(resizeV1(DEMO.servers.db01, 'm7.xlarge.8')), 400, 'Ecs.0112');
  });

  test('v1 dry_run answers 202', async () => {
    const r = await client.resizePostPaidServer(resizeV1(DEMO.servers.web01, 's6.xlarge.2', { dryRun: true }));
    assert.equal(r.httpStatusCode, 202);
  });
});

describe('partner edition (seed 002)', () => {
  test('a partner may not reduce vCPUs or memory', async () => {
    const c = ecsClient(live.endpoint, PARTNER.ak, PARTNER.sk, PARTNER.project);
    await expectError(() => c.resizeServer(resizeV11(PARTNER.server, 's6.large.2')), 400, 'Ecs.0804');
    await expectError(() => c.resizeServer(resizeV11(PARTNER.server, 's6.xlarge.2')), 400, 'Ecs.0810');
    const r = await c.resizeServer(resizeV11(PARTNER.server, 's6.2xlarge.4'));
    await settle();
    assert.equal((await showJob(c, r.job_id)).status, 'SUCCESS');
  });

  test("a partner's customer gets the partner rules too", async () => {
    const c = ecsClient(live.endpoint, CUSTOMER.ak, CUSTOMER.sk, CUSTOMER.project);
    await expectError(() => c.resizeServer(resizeV11(CUSTOMER.server, 's6.large.2')), 400, 'Ecs.0804');
    const r = await c.resizeServer(resizeV11(CUSTOMER.server, 's6.2xlarge.4'));
    assert.equal(r.httpStatusCode, 200);
  });
});
