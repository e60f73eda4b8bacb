// The server, flavor and power APIs a client needs around resize, through the official SDK.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
let client: any;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
  client = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const list = (req: any) => client.listServersDetails(req);
const names = (r: any) => r.servers.map((s: any) => s.name).sort();

describe('GET /v1/{project_id}/cloudservers/detail', () => {
  test('lists the project\'s servers only, with count', async () => {
    const r = await list(new ecsSdk.ListServersDetailsRequest());
    assert.equal(r.count, 8);
    assert.equal(r.servers.length, 8);
    assert.ok(!names(r).includes('hk-01'), 'another project\'s server is not listed');
    assert.ok(!names(r).includes('partner-app-01'), 'another account\'s server is not listed');
  });

  test('filters by status, name (fuzzy), flavor and tags', async () => {
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withStatus('ACTIVE'))), ['web-02']);
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withName('web'))), ['web-01', 'web-02']);
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withFlavor('c7.large.2'))), ['api-01', 'deh-01']);
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withTags('app=web'))), ['web-01', 'web-02']);
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withNotTags('app=web'))).count, 6);
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withName("%' OR 1=1 --"))), []);
  });

  test('pages with limit and offset (page number), and server_id overrides', async () => {
    const p1 = await list(new ecsSdk.ListServersDetailsRequest().withLimit(3).withOffset(1));
    const p2 = await list(new ecsSdk.ListServersDetailsRequest().withLimit(3).withOffset(2));
    const p3 = await list(new ecsSdk.ListServersDetailsRequest().withLimit(3).withOffset(3));
    assert.equal(p1.count, 8);
    assert.deepEqual([p1, p2, p3].map((p) => p.servers.length), [3, 3, 2]);
    const all = new Set([...p1.servers, ...p2.servers, ...p3.servers].map((s: any) => s.id));
    assert.equal(all.size, 8);
    const one = await list(new ecsSdk.ListServersDetailsRequest().withServerId(DEMO.servers.api01).withName('web'));
    assert.deepEqual(names(one), ['api-01']);
  });

  test('filters by ip (fuzzy), ip_eq (exact) and reservation_id, each read back from a listed server', async () => {
    const all = (await list(new ecsSdk.ListServersDetailsRequest())).servers;
    const web01 = all.find((s: any) => s.name === 'web-01');
    const addr: string = (Object.values(web01.addresses)[0] as any[])[0].addr;
    const ipOf = (s: any) => (Object.values(s.addresses)[0] as any[])[0].addr as string;
    const exact = await list(new ecsSdk.ListServersDetailsRequest().withIpEq(addr));
    assert.deepEqual(exact.servers.map((s: any) => s.id), all.filter((s: any) => ipOf(s) === addr).map((s: any) => s.id));
    assert.ok(exact.servers.some((s: any) => s.id === web01.id));
    assert.equal(exact.count, exact.servers.length);
    // fuzzy: every server whose address contains the fragment, and only those
    const fragment = addr.slice(addr.lastIndexOf('.') - 1);
    const fuzzy = await list(new ecsSdk.ListServersDetailsRequest().withIp(fragment));
    assert.deepEqual(names(fuzzy), all.filter((s: any) => ipOf(s).includes(fragment)).map((s: any) => s.name).sort());
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withIp('168.'))).count, all.length);
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withIpEq('10.0.0.1'))).count, 0);
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withIp("1' OR '1'='1"))).count, 0);
    const rsv = web01['OS-EXT-SRV-ATTR:reservation_id'];
    const sameReservation = all.filter((s: any) => s['OS-EXT-SRV-ATTR:reservation_id'] === rsv).map((s: any) => s.name).sort();
    assert.ok(sameReservation.includes('web-01'));
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withReservationId(rsv))), sameReservation);
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withReservationId('r-zzzzzzzz'))).count, 0);
    // every demo server has its own address
    assert.equal(new Set(all.map(ipOf)).size, all.length);
    // filters combine: the address and reservation of web-01 find it, with another reservation nothing
    assert.deepEqual(names(await list(new ecsSdk.ListServersDetailsRequest().withIpEq(addr).withReservationId(rsv))), ['web-01']);
    assert.equal((await list(new ecsSdk.ListServersDetailsRequest().withIpEq(addr).withReservationId('r-00000000'))).count, 0);
  });

  test('RESIZE servers match status=SHUTOFF too (ECS Statuses)', async () => {
    const manual = await startLiveServer({ timing: 'manual' });
    try {
      const c = ecsClient(manual.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
      await c.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(DEMO.servers.web01).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))));
      await manual.control('clock/advance', { ms: 600 });
      const resize = await c.listServersDetails(new ecsSdk.ListServersDetailsRequest().withStatus('RESIZE'));
      assert.deepEqual(resize.servers.map((s: any) => s.id), [DEMO.servers.web01]);
      const shutoff = await c.listServersDetails(new ecsSdk.ListServersDetailsRequest().withStatus('SHUTOFF'));
      assert.ok(shutoff.servers.some((s: any) => s.id === DEMO.servers.web01));
    } finally {
      await manual.close();
    }
  });
});

describe('flavors', () => {
  test('ListFlavors gives os_extra_specs and filters by AZ sale state', async () => {
    const all = await client.listFlavors(new ecsSdk.ListFlavorsRequest());
    const c7 = all.flavors.find((f: any) => f.id === 'c7.2xlarge.2');
    assert.equal(c7.os_extra_specs['cond:operation:az'], 'cn-north-4a(sellout), cn-north-4b(normal)');
    assert.equal(typeof c7.vcpus, 'string');
    assert.equal(typeof c7.ram, 'number');
    assert.ok(c7.attachableQuantity);
    const inA = await client.listFlavors(new ecsSdk.ListFlavorsRequest().withAvailabilityZone('cn-north-4a'));
    assert.ok(!inA.flavors.some((f: any) => f.id === 'c7.2xlarge.2'), 'sold out in cn-north-4a');
    assert.ok(!inA.flavors.some((f: any) => f.id === 's6.2xlarge.2'), 'sold out region-wide');
    const inB = await client.listFlavors(new ecsSdk.ListFlavorsRequest().withAvailabilityZone('cn-north-4b'));
    assert.ok(inB.flavors.some((f: any) => f.id === 'c7.2xlarge.2'));
  });

  test('ListResizeFlavors by instance: every target but the current flavor, sorted, paged', async () => {
    const r = await client.listResizeFlavors(new ecsSdk.ListResizeFlavorsRequest().withInstanceUuid(DEMO.servers.web01));
    const ids = r.flavors.map((f: any) => f.id);
    assert.ok(!ids.includes('s6.large.2'));
    assert.ok(!ids.includes('m6.large.8'), 'withdrawn flavors are not offered');
    assert.ok(ids.includes('s6.xlarge.2'));
    assert.deepEqual(ids, [...ids].sort());
    assert.ok(r.flavors[0].extra_specs, 'resize_flavors items carry extra_specs');
    const byVcpus = await client.listResizeFlavors(new ecsSdk.ListResizeFlavorsRequest().withSourceFlavorId('s6.large.2').withSortKey('vcpus').withSortDir('desc').withLimit(5));
    assert.equal(byVcpus.flavors.length, 5);
    const v = byVcpus.flavors.map((f: any) => Number(f.vcpus));
    assert.deepEqual(v, [...v].sort((a, b) => b - a));
    const next = await client.listResizeFlavors(new ecsSdk.ListResizeFlavorsRequest().withSourceFlavorId('s6.large.2').withMarker(ids[2]).withLimit(2));
    assert.deepEqual(next.flavors.map((f: any) => f.id), ids.slice(3, 5));
  });

  test('ListResizeFlavors needs one source: none is Ecs.0005, an unknown one Ecs.0029', async () => {
    const none = await attempt(() => client.listResizeFlavors(new ecsSdk.ListResizeFlavorsRequest()));
    assert.equal((none as any).error.errorCode, 'Ecs.0005');
    const unknown = await attempt(() => client.listResizeFlavors(new ecsSdk.ListResizeFlavorsRequest().withSourceFlavorId('nope.large.2')));
    assert.equal((unknown as any).error.errorCode, 'Ecs.0029');
  });
});

describe('POST /v1/{project_id}/cloudservers/action (os-start, os-stop)', () => {
  const servers = (ids: string[]) => ids.map((id) => new ecsSdk.ServerId().withId(id));

  test('os-stop then os-start move the server through jobs with sub-jobs', async () => {
    const stop = await client.batchStopServers(new ecsSdk.BatchStopServersRequest().withBody(new ecsSdk.BatchStopServersRequestBody().withOsStop(new ecsSdk.BatchStopServersOption().withServers(servers([DEMO.servers.web02])).withType('HARD'))));
    await live.control('jobs/settle', {});
    const job = await client.showJob(new ecsSdk.ShowJobRequest().withJobId(stop.job_id));
    assert.equal(job.status, 'SUCCESS');
    assert.equal(job.job_type, 'batchStopServers');
    assert.equal(job.entities.sub_jobs_total, 1);
    assert.equal(job.entities.sub_jobs[0].job_type, 'stopServer');
    let s = await client.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web02));
    assert.equal(s.server.status, 'SHUTOFF');
    const start = await client.batchStartServers(new ecsSdk.BatchStartServersRequest().withBody(new ecsSdk.BatchStartServersRequestBody().withOsStart(new ecsSdk.BatchStartServersOption().withServers(servers([DEMO.servers.web02, DEMO.servers.web01])))));
    await live.control('jobs/settle', {});
    assert.equal((await client.showJob(new ecsSdk.ShowJobRequest().withJobId(start.job_id))).status, 'SUCCESS');
    s = await client.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01));
    assert.equal(s.server.status, 'ACTIVE');
  });

  test('an unknown server refuses the whole action with Ecs.0114', async () => {
    const r = await attempt(() => client.batchStopServers(new ecsSdk.BatchStopServersRequest().withBody(new ecsSdk.BatchStopServersRequestBody().withOsStop(new ecsSdk.BatchStopServersOption().withServers(servers([DEMO.servers.web02, '00000000-0000-4000-8000-000000000000'])))))) ;
    assert.equal((r as any).error.errorCode, 'Ecs.0114');
    assert.equal((await live.control('jobs')).jobs.length, 0);
  });

  test('a locked server refuses os-start and os-stop with Ecs.0605, and nothing starts (issue 13)', async () => {
    const start = await attempt(() => client.batchStartServers(new ecsSdk.BatchStartServersRequest().withBody(new ecsSdk.BatchStartServersRequestBody().withOsStart(new ecsSdk.BatchStartServersOption().withServers(servers([DEMO.servers.web01, DEMO.servers.locked01]))))));
    assert.equal((start as any).error.httpStatusCode, 400);
    assert.equal((start as any).error.errorCode, 'Ecs.0605');
    const stop = await attempt(() => client.batchStopServers(new ecsSdk.BatchStopServersRequest().withBody(new ecsSdk.BatchStopServersRequestBody().withOsStop(new ecsSdk.BatchStopServersOption().withServers(servers([DEMO.servers.locked01]))))));
    assert.equal((stop as any).error.errorCode, 'Ecs.0605');
    assert.equal((await live.control('jobs')).jobs.length, 0);
    const s = await client.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01));
    assert.equal(s.server.status, 'SHUTOFF', 'the other server of the refused batch did not start');
  });
});
