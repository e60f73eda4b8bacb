// Batch resize (seed 000) and yearly/monthly orders with payment through the official SDK's
// batchResizeServers and showJob, and the BSS billing API signed by the core SDK.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, ecsClient, ecsSdk, globalClient } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';

const ACCOUNT = { ak: 'BATCHTESTAK000000001', sk: 'batchTestSecret00000000000000000000000001', project: 'aa00000000000000000000000000000a' };
const POOR = { ak: 'BATCHPOORAK000000001', sk: 'batchPoorSecret00000000000000000000000001', project: 'bb00000000000000000000000000000b' };
const id = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function server(n: number, extra: Record<string, unknown> = {}) {
  return { id: id(n), name: `batch-${n}`, account: 'batch', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'SHUTOFF', ...extra };
}

const world = {
  accounts: [
    { name: 'batch', balance: '10000.00', access_keys: [{ ak: ACCOUNT.ak, sk: ACCOUNT.sk }], projects: [{ id: ACCOUNT.project, region: 'cn-north-4' }] },
    { name: 'poor', balance: '1.00', access_keys: [{ ak: POOR.ak, sk: POOR.sk }], projects: [{ id: POOR.project, region: 'cn-north-4' }] },
  ],
  huawei: {
    regions: [{ id: 'cn-north-4', zones: ['cn-north-4a', 'cn-north-4b'] }],
    servers: [
      ...Array.from({ length: 60 }, (_, i) => server(i + 1)),
      server(101, { status: 'ACTIVE' }),
      server(102, { status: 'ACTIVE' }),
      server(103, { az: 'cn-north-4b' }),
      server(104, { flavor: 's6.xlarge.2' }),
      server(105, { billing: 'prepaid' }),
      server(106, { billing: 'prepaid' }),
      server(107, { billing: 'prepaid', image: { type: 'market', name: 'Marketplace LAMP' } }),
      server(108, { dedicated_host_id: '459a2b9d-804a-4745-ab19-a113bb1b4ddc' }),
      server(109, { spot: true }),
      server(110, { os_type: 'Windows' }),
      { ...server(201), account: 'poor' },
      { ...server(202, { billing: 'prepaid' }), account: 'poor' },
    ],
  },
};

let live: LiveServer;
let ecs: any;
let bss: ReturnType<typeof globalClient>;

before(async () => {
  live = await startLiveServer({ timing: 'instant', world });
  ecs = ecsClient(live.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
  bss = globalClient(live.endpoint, ACCOUNT.ak, ACCOUNT.sk);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

function batch(ids: string[], flavorRef: string, opts: { mode?: string; threads?: number; promotion?: { type: string; id: string } } = {}) {
  const option = new ecsSdk.BatchResizeServersOption().withFlavorRef(flavorRef).withServers(ids.map((x) => new ecsSdk.ServerId().withId(x)));
  if (opts.mode) option.withMode(opts.mode);
  if (opts.threads) option.withCpuOptions(new ecsSdk.CpuOptions().withHwCpuThreads(opts.threads));
  if (opts.promotion) option.withPromotion(new ecsSdk.Promotion().withType(opts.promotion.type).withId(opts.promotion.id));
  return new ecsSdk.BatchResizeServersRequest().withBody(new ecsSdk.BatchResizeServersReq().withResize(option));
}

const showJob = (c: any, jobId: string) => c.showJob(new ecsSdk.ShowJobRequest().withJobId(jobId));
const flavorOf = async (c: any, serverId: string) => (await c.showServer(new ecsSdk.ShowServerRequest().withServerId(serverId))).server.flavor.id;
const settle = () => live.control('jobs/settle', {});

async function refused(call: () => Promise<unknown>, status: number, code: string, names?: string[]) {
  const r = await attempt(call);
  assert.equal(r.ok, false, `expected ${code}`);
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, status, e.errorMsg);
  assert.equal(e.errorCode, code, e.errorMsg);
  for (const n of names ?? []) assert.ok(String(e.errorMsg).includes(n), `message names ${n}: ${e.errorMsg}`);
  return e;
}

async function nothingChanged(ids: string[]) {
  const jobs = await live.control('jobs');
  assert.equal(jobs.jobs.length, 0, 'no job recorded');
  for (const x of ids) assert.equal(await flavorOf(ecs, x), x === id(104) ? 's6.xlarge.2' : 's6.large.2');
}

describe('batch resize constraints (seed 000)', () => {
  test('three stopped servers: a parent job with one sub-job per server, all SUCCESS', async () => {
    const ids = [id(1), id(2), id(3)];
    const r = await ecs.batchResizeServers(batch(ids, 's6.xlarge.2'));
    assert.equal(r.httpStatusCode, 200);
    assert.match(r.job_id, /^ff8080[0-9a-f]{26}$/);
    assert.equal(r.order_id, undefined);
    await settle();
    const job = await showJob(ecs, r.job_id);
    assert.equal(job.status, 'SUCCESS');
    assert.equal(job.entities.sub_jobs_total, 3);
    assert.deepEqual(job.entities.sub_jobs.map((s: any) => s.entities.server_id).sort(), ids);
    for (const s of job.entities.sub_jobs) assert.equal(s.status, 'SUCCESS');
    for (const x of ids) assert.equal(await flavorOf(ecs, x), 's6.xlarge.2');
  });

  test('at most 50 servers: 51 are refused with Ecs.0118 and nothing changes', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => id(i + 1));
    await refused(() => ecs.batchResizeServers(batch(ids, 's6.xlarge.2')), 400, 'Ecs.0118');
    await nothingChanged(ids.slice(0, 3));
    const ok = await ecs.batchResizeServers(batch(ids.slice(0, 50), 's6.xlarge.2'));
    await settle();
    assert.equal((await showJob(ecs, ok.job_id)).entities.sub_jobs_total, 50);
  });

  test('billing modes must match', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(105)], 's6.xlarge.2')), 400, 'Ecs.0005', [id(105)]);
    await nothingChanged([id(1)]);
  });

  test('all servers must be in one AZ', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(103)], 's6.xlarge.2')), 400, 'Ecs.0005', [id(103)]);
  });

  test('all servers must share the current flavor', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(104)], 's6.2xlarge.4')), 400, 'Ecs.0005', [id(104)]);
    await nothingChanged([id(1), id(104)]);
  });

  test('servers on a DeH cannot be batch modified', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(108)], 's6.xlarge.2')), 400, 'Ecs.0803', [id(108)]);
  });

  test('spot servers cannot be batch modified', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(109)], 's6.xlarge.2')), 400, 'Ecs.0704', [id(109)]);
  });

  test('Windows servers cannot be batch modified', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(110)], 's6.xlarge.2')), 400, 'Ecs.0802', [id(110)]);
  });

  test('yearly/monthly servers from a paid public image are refused', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(105), id(107)], 's6.xlarge.2')), 400, 'Ecs.0802', [id(107)]);
  });

  test('a duplicated, unknown or foreign server refuses the whole batch', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(1)], 's6.xlarge.2')), 400, 'Ecs.0005', [id(1)]);
    await refused(() => ecs.batchResizeServers(batch([id(1), id(999)], 's6.xlarge.2')), 404, 'Ecs.0114', [id(999)]);
    await refused(() => ecs.batchResizeServers(batch([id(1), id(201)], 's6.xlarge.2')), 404, 'Ecs.0114', [id(201)]);
    await nothingChanged([id(1)]);
  });

  test('a busy server refuses the whole batch with Ecs.0100', async () => {
    const manual = await startLiveServer({ timing: 'manual', world });
    try {
      const c = ecsClient(manual.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
      await c.batchResizeServers(batch([id(1)], 's6.xlarge.2'));
      await refused(() => c.batchResizeServers(batch([id(2), id(1)], 's6.xlarge.2')), 400, 'Ecs.0100', [id(1)]);
      const jobs = await manual.control('jobs');
      assert.equal(jobs.jobs.filter((j: any) => j.parentId === null).length, 1);
    } finally {
      await manual.close();
    }
  });

  test('running servers need mode withStopServer, which stops and starts them again', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(101), id(102)], 's6.xlarge.2')), 400, 'Ecs.0100');
    const r = await ecs.batchResizeServers(batch([id(101), id(102)], 's6.xlarge.2', { mode: 'withStopServer' }));
    await settle();
    assert.equal((await showJob(ecs, r.job_id)).status, 'SUCCESS');
    for (const x of [id(101), id(102)]) {
      const s = (await ecs.showServer(new ecsSdk.ShowServerRequest().withServerId(x))).server;
      assert.equal(s.status, 'ACTIVE');
      assert.equal(s.flavor.id, 's6.xlarge.2');
    }
  });

  test('cpu_options follows the single-resize rule', async () => {
    await refused(() => ecs.batchResizeServers(batch([id(1), id(2)], 's6.xlarge.2', { threads: 1 })), 400, 'Ecs.0005');
  });

  test('one failing server: the parent FAILs naming it, the others keep their results', async () => {
    await live.control('faults', { server_id: id(2), message: 'host capacity lost' });
    const r = await ecs.batchResizeServers(batch([id(1), id(2), id(3)], 's6.xlarge.2'));
    await settle();
    const job = await showJob(ecs, r.job_id);
    assert.equal(job.status, 'FAIL');
    assert.equal(job.error_code, 'Ecs.0207');
    assert.ok(job.fail_reason.includes(id(2)));
    const failed = job.entities.sub_jobs.find((s: any) => s.entities.server_id === id(2));
    assert.equal(failed.status, 'FAIL');
    assert.match(failed.entities.errorcode_message, /host capacity lost/);
    assert.equal(await flavorOf(ecs, id(1)), 's6.xlarge.2');
    assert.equal(await flavorOf(ecs, id(2)), 's6.large.2');
    assert.equal(await flavorOf(ecs, id(3)), 's6.xlarge.2');
    const s2 = (await ecs.showServer(new ecsSdk.ShowServerRequest().withServerId(id(2)))).server;
    assert.equal(s2.status, 'SHUTOFF');
    // the failed server is free again
    const again = await ecs.batchResizeServers(batch([id(2)], 's6.xlarge.2'));
    await settle();
    assert.equal((await showJob(ecs, again.job_id)).status, 'SUCCESS');
  });
});

describe('yearly/monthly batches, orders and payment', () => {
  test('a prepaid batch gets an order and waits in PENDING_PAYMENT until it is paid', async () => {
    const r = await ecs.batchResizeServers(batch([id(105), id(106)], 's6.xlarge.2', { promotion: { type: 'discount', id: 'promo-1' } }));
    assert.match(r.order_id, /^CS\d{10}[A-Z0-9]{5}$/);
    await settle();
    assert.equal((await showJob(ecs, r.job_id)).status, 'PENDING_PAYMENT');
    assert.equal(await flavorOf(ecs, id(105)), 's6.large.2');

    const detail = await bss.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.order_id } });
    assert.equal(detail.order_info.status, 6);
    assert.ok(detail.order_info.amount_after_discount > 0);
    const orders = await live.control('orders');
    assert.deepEqual(orders.orders.find((o: any) => o.id === r.order_id).detail.promotion, { type: 'discount', id: 'promo-1' });

    const paid = await bss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: r.order_id, use_coupon: 'NO', use_discount: 'NO' } });
    assert.equal(paid.httpStatusCode, 204);
    await settle();
    assert.equal((await showJob(ecs, r.job_id)).status, 'SUCCESS');
    assert.equal(await flavorOf(ecs, id(105)), 's6.xlarge.2');
    const after = await bss.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.order_id } });
    assert.equal(after.order_info.status, 5);
    await refused(() => bss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: r.order_id, use_coupon: 'NO', use_discount: 'NO' } }), 400, 'CBC.0100');
  });

  test('a downgrade order refunds the balance when it is paid', async () => {
    const r = await ecs.batchResizeServers(batch([id(105)], 's6.medium.2'));
    const detail = await bss.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.order_id } });
    assert.ok(detail.order_info.amount_after_discount < 0, 'a downgrade refunds');
    await bss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: r.order_id, use_coupon: 'NO', use_discount: 'NO' } });
    await settle();
    assert.equal((await showJob(ecs, r.job_id)).status, 'SUCCESS');
  });

  test('auto-pay is refused for prepaid batches', async () => {
    const r = await attempt(() =>
      globalClient(live.endpoint, ACCOUNT.ak, ACCOUNT.sk).send('POST', `/v1/${ACCOUNT.project}/cloudservers/batch-resize`, {
        data: { resize: { flavorRef: 's6.xlarge.2', servers: [{ id: id(105) }], extendparam: { isAutoPay: 'true' } } },
      }),
    );
    assert.equal(r.ok, false);
    assert.equal((r as any).error.errorCode, 'Ecs.0005');
  });

  test('a payment the balance does not cover is refused with CBC.99005003 and changes nothing', async () => {
    const poorEcs = ecsClient(live.endpoint, POOR.ak, POOR.sk, POOR.project);
    const poorBss = globalClient(live.endpoint, POOR.ak, POOR.sk);
    const r = await poorEcs.batchResizeServers(batch([id(202)], 's6.2xlarge.4'));
    await refused(() => poorBss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: r.order_id, use_coupon: 'NO', use_discount: 'NO' } }), 400, 'CBC.99005003');
    const detail = await poorBss.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.order_id } });
    assert.equal(detail.order_info.status, 6);
    await settle();
    assert.equal((await showJob(poorEcs, r.job_id)).status, 'PENDING_PAYMENT');
    assert.equal(await flavorOf(poorEcs, id(202)), 's6.large.2');
  });

  test("another account's order is invisible", async () => {
    const r = await ecs.batchResizeServers(batch([id(105)], 's6.xlarge.2'));
    const poorBss = globalClient(live.endpoint, POOR.ak, POOR.sk);
    await refused(() => poorBss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: r.order_id, use_coupon: 'NO', use_discount: 'NO' } }), 400, 'CBC.0100');
  });

  test('a cancelled order leaves its job in PENDING_PAYMENT, frees its servers, and the job is purged after 14 days', async () => {
    const manual = await startLiveServer({ timing: 'manual', world });
    try {
      const c = ecsClient(manual.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
      const b = globalClient(manual.endpoint, ACCOUNT.ak, ACCOUNT.sk);
      const r = await c.batchResizeServers(batch([id(105), id(106)], 's6.xlarge.2'));
      const cancelled = await b.send('PUT', '/v2/orders/customer-orders/cancel', { data: { order_id: r.order_id, action_id: 'cancel' } });
      assert.equal(cancelled.httpStatusCode, 204);
      const detail = await b.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: r.order_id } });
      assert.equal(detail.order_info.status, 4);
      await manual.control('clock/advance', { seconds: 60 });
      assert.equal((await showJob(c, r.job_id)).status, 'PENDING_PAYMENT');
      // the servers take another change at once
      const again = await c.batchResizeServers(batch([id(105)], 's6.2xlarge.4'));
      assert.ok(again.order_id);
      await manual.control('clock/advance', { seconds: 14 * 24 * 3600 });
      await refused(() => showJob(c, r.job_id), 400, 'Common.0011');
    } finally {
      await manual.close();
    }
  });

  test('finished jobs disappear from ShowJob a day after they end', async () => {
    const manual = await startLiveServer({ timing: 'manual', world });
    try {
      const c = ecsClient(manual.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
      const r = await c.batchResizeServers(batch([id(1)], 's6.xlarge.2'));
      await manual.control('clock/advance', { seconds: 60 });
      assert.equal((await showJob(c, r.job_id)).status, 'SUCCESS');
      await manual.control('clock/advance', { seconds: 23 * 3600 });
      assert.equal((await showJob(c, r.job_id)).status, 'SUCCESS');
      await manual.control('clock/advance', { seconds: 3600 });
      await refused(() => showJob(c, r.job_id), 400, 'Common.0011');
    } finally {
      await manual.close();
    }
  });
});

describe('concurrency', () => {
  test('two batches that touch the same server, fired together: exactly one is accepted', async () => {
    const manual = await startLiveServer({ timing: 'manual', world });
    try {
      const c = ecsClient(manual.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
      for (let round = 0; round < 5; round++) {
        const shared = id(10 + round);
        const results = await Promise.all([
          attempt(() => c.batchResizeServers(batch([id(20 + round), shared], 's6.xlarge.2'))),
          attempt(() => c.batchResizeServers(batch([shared, id(30 + round)], 's6.xlarge.2'))),
          attempt(() => c.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(shared).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.2xlarge.4'))))),
        ]);
        assert.equal(results.filter((x) => x.ok).length, 1, `round ${round}: exactly one accepted`);
        for (const x of results.filter((y) => !y.ok)) assert.equal((x as any).error.errorCode, 'Ecs.0100');
      }
    } finally {
      await manual.close();
    }
  });
});

void DEMO;
