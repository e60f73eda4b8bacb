// Several specshift nodes on one PostgreSQL schema act as one (issue 12): three real processes,
// requests spread over all three through the official SDKs. Conflicting changes are accepted once,
// an order taken on one node is paid on another and run on a third, a job accepted on a node that
// dies is finished by another, a world or clock change through one node is seen by the others at
// once, and a replayed Alibaba request or ClientToken is refused (or answered once) across nodes.
// Skipped without DATABASE_URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { acsDate, signAcs3 } from '../../bench/lib/acs3-signer.js';
import { uuidFrom } from '../../src/core/derived-ids.js';
import { databaseUrl } from '../store/engines.js';
import { attempt, ecsClient, ecsSdk, globalClient } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';
import { clusterWorld, control, PREPAID, STOPPED_PREFIX, startCluster, type Cluster } from './cluster.js';

const require = createRequire(import.meta.url);
const Ecs = require('@alicloud/ecs20140526');
const OpenApi = require('@alicloud/openapi-client');

const ALIYUN = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001' };
const serverId = (prefix: string, n: number) => uuidFrom(`server/demo/${prefix}/${n}`);
const DOMAIN = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';

describe('three nodes on one PostgreSQL schema', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  let c: Cluster;
  let ecs: any[];
  before(async () => {
    c = await startCluster(databaseUrl!, { timing: 'manual', perState: 20 });
    ecs = c.nodes.map((n) => ecsClient(n.endpoint, DEMO.ak, DEMO.sk, DEMO.project));
  });
  after(() => c?.dispose());

  const resize = (client: any, id: string, flavor: string) =>
    attempt(() => client.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(id).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef(flavor)))));
  const showJob = (client: any, id: string) => client.showJob(new ecsSdk.ShowJobRequest().withJobId(id));
  const flavorOf = async (client: any, id: string) => (await client.showServer(new ecsSdk.ShowServerRequest().withServerId(id))).server.flavor.id;

  test('the same servers resized through all three nodes at once: exactly one change accepted per server', async () => {
    const ids = Array.from({ length: 10 }, (_, n) => serverId(STOPPED_PREFIX, n));
    const outcomes = await Promise.all(ids.flatMap((id) => ecs.map((client, i) => resize(client, id, i === 0 ? 's6.xlarge.2' : i === 1 ? 's6.large.4' : 's6.xlarge.4').then((r) => ({ id, r })))));
    for (const id of ids) {
      const mine = outcomes.filter((o) => o.id === id);
      assert.equal(mine.filter((o) => o.r.ok).length, 1, `server ${id}: one of the three accepted`);
      for (const o of mine.filter((x) => !x.r.ok)) assert.equal((o.r as any).error.errorCode, 'Ecs.0100');
    }
    await control(c.nodes[2]!, 'clock/advance', { seconds: 30 });
    for (const id of ids) {
      const accepted = outcomes.find((o) => o.id === id && o.r.ok)!;
      const job = await showJob(ecs[1], (accepted.r as any).value.job_id);
      assert.equal(job.status, 'SUCCESS');
      assert.notEqual(await flavorOf(ecs[0], id), 's6.large.2');
    }
  });

  test('an order taken on one node is paid on another and its batch runs on a third; the balance moves once', async () => {
    const balance = async () => (await c.sql<{ doc: string }>("SELECT doc FROM accounts WHERE id = $1", [DOMAIN])).map((r) => JSON.parse(r.doc).balanceCents)[0];
    const before = await balance();
    const batch = await ecs[0].batchResizeServers(
      new ecsSdk.BatchResizeServersRequest().withBody(new ecsSdk.BatchResizeServersReq().withResize(new ecsSdk.BatchResizeServersOption().withFlavorRef('s6.xlarge.2').withServers(PREPAID.map((id) => new ecsSdk.ServerId().withId(id))))),
    );
    assert.ok(batch.order_id);
    const bss = [1, 2].map((i) => globalClient(c.nodes[i]!.endpoint, DEMO.ak, DEMO.sk, DOMAIN));
    // paid on node 1 and node 2 at once: one payment
    const paid = await Promise.all(bss.map((b) => attempt(() => b.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: batch.order_id, use_coupon: 'NO', use_discount: 'NO' } }))));
    assert.equal(paid.filter((p) => p.ok).length, 1);
    await control(c.nodes[2]!, 'clock/advance', { seconds: 30 });
    assert.equal((await showJob(ecs[2], batch.job_id)).status, 'SUCCESS');
    for (const id of PREPAID) assert.equal(await flavorOf(ecs[1], id), 's6.xlarge.2');
    const detail = await bss[0]!.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: batch.order_id } });
    assert.equal(Math.round(detail.order_info.amount_after_discount * 100), before - (await balance()));
  });

  test('a job accepted on a node that dies right after its 200 is finished by another node', async () => {
    const id = serverId(STOPPED_PREFIX, 15);
    const r = await resize(ecs[2], id, 's6.xlarge.2');
    assert.ok(r.ok);
    await c.nodes[2]!.kill9();
    try {
      await control(c.nodes[0]!, 'clock/advance', { seconds: 30 });
      assert.equal((await showJob(ecs[1], (r as any).value.job_id)).status, 'SUCCESS');
      assert.equal(await flavorOf(ecs[0], id), 's6.xlarge.2');
      // and the server is free for the next change, through the survivor
      assert.ok((await resize(ecs[0], id, 's6.large.2')).ok);
    } finally {
      await c.restart(2);
      ecs[2] = ecsClient(c.nodes[2]!.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    }
  });

  test('a clock moved through one node is every node\'s clock at once', async () => {
    const before = await control(c.nodes[1]!, 'clock');
    const moved = await control(c.nodes[0]!, 'clock/advance', { seconds: 3600 });
    assert.equal(moved.epoch_ms - before.epoch_ms >= 3_600_000, true);
    for (const node of c.nodes) {
      let seen = await control(node, 'clock');
      for (let i = 0; i < 20 && seen.epoch_ms < moved.epoch_ms; i++) {
        await new Promise((r) => setTimeout(r, 25));
        seen = await control(node, 'clock');
      }
      assert.equal(seen.epoch_ms, moved.epoch_ms, `node ${node.endpoint}`);
    }
    // advances through two nodes at once add up
    const [a, b] = await Promise.all([control(c.nodes[1]!, 'clock/advance', { seconds: 10 }), control(c.nodes[2]!, 'clock/advance', { seconds: 10 })]);
    assert.equal(Math.max(a.epoch_ms, b.epoch_ms), moved.epoch_ms + 20_000);
  });

  test('Alibaba: one signed request replayed to all three nodes at once passes once; a ClientToken makes one order', async () => {
    // behind a load balancer every node sees the same Host, which the signature covers
    const host = 'specshift.test';
    const signed = signAcs3(ALIYUN, { action: 'DescribeRegions', version: '2014-05-26', params: {}, host, date: acsDate(Date.now()) });
    const send = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(c.nodes[i]!.endpoint);
        const req = request({ host: u.hostname, port: u.port, method: signed.method, path: signed.path, headers: signed.headers, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const statuses = await Promise.all(Array.from({ length: 21 }, (_, k) => send(k % 3)));
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 400).length, 20);

    const clients = c.nodes.map((n) => new Ecs.default(new OpenApi.Config({ accessKeyId: ALIYUN.ak, accessKeySecret: ALIYUN.sk, endpoint: n.endpoint.replace('http://', ''), protocol: 'http' })));
    const token = `mn-${Date.now()}`;
    const replies = await Promise.all(
      clients.map((client: any) =>
        client
          .modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: 'cn-hangzhou', instanceId: 'i-bp1specshiftdemo0003', instanceType: 'ecs.g6.xlarge', clientToken: token, autoPay: false }))
          .then((r: any) => r.body.orderId),
      ),
    );
    assert.equal(new Set(replies).size, 1, `one order for one token: ${replies.join(', ')}`);
    const orders = (await control(c.nodes[0]!, 'orders')).orders.filter((o: any) => o.cloud === 'aliyun');
    assert.equal(orders.length, 1);
  });

  test('a world loaded through one node is served by the others at once: a new key works everywhere', async () => {
    const world = clusterWorld(2);
    world.accounts.push({ name: 'late', balance: '10.00', access_keys: [{ ak: 'SPECSHIFTLATEAK00001', sk: 'specshiftLateSecret00000000000000000001' }], projects: [{ region: 'cn-north-4' }] });
    const summary = await control(c.nodes[0]!, 'world', world);
    const late = summary.accounts.find((a: any) => a.name === 'late');
    for (const node of c.nodes) {
      const client = ecsClient(node.endpoint, 'SPECSHIFTLATEAK00001', 'specshiftLateSecret00000000000000000001', late.projects[0].id);
      const r = await attempt(() => client.listServersDetails(new ecsSdk.ListServersDetailsRequest()));
      assert.ok(r.ok, `node ${node.endpoint}: ${JSON.stringify((r as any).error?.errorMsg ?? '')}`);
    }
    // and a server of the old world is gone everywhere
    for (const client of ecs) assert.equal(((await resize(client, serverId(STOPPED_PREFIX, 5), 's6.xlarge.2')) as any).error.errorCode, 'Ecs.0114');
  });

  test('every node reports its database in /_specshift/health', async () => {
    for (const node of c.nodes) {
      const r = await fetch(`${node.endpoint}/_specshift/health`);
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { database: string }).database, 'ok');
    }
  });
});

describe('a node that loses its database connection', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  test('answers the cloud\'s retryable error (never a 500), reconnects, keeps hearing the others, and loses nothing', async () => {
    const c = await startCluster(databaseUrl!, { timing: 'instant', perState: 4 });
    try {
      const a = ecsClient(c.nodes[0]!.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
      const accepted = await a.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(serverId(STOPPED_PREFIX, 0)).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))));
      // every connection of this schema's nodes cut at once, as a database restart or a network blip does
      await c.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", [`specshift ${c.schema.name}`]);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await fetch(`${c.nodes[0]!.endpoint}/_specshift/health`);
        statuses.push(r.status);
        const call = await attempt(() => a.showJob(new ecsSdk.ShowJobRequest().withJobId(accepted.job_id)));
        if (!call.ok) {
          assert.equal((call as any).error.httpStatusCode, 502, 'the gateway\'s "backend unavailable", not a 500');
          assert.equal((call as any).error.errorCode, 'APIGW.0201');
        } else {
          // the change accepted before the cut is there, and its job runs on to the end
          let status = (call as any).value.status;
          for (let k = 0; k < 40 && status !== 'SUCCESS'; k++) {
            await new Promise((r) => setTimeout(r, 50));
            status = (await a.showJob(new ecsSdk.ShowJobRequest().withJobId(accepted.job_id))).status;
          }
          assert.equal(status, 'SUCCESS');
          break;
        }
      }
      assert.ok(statuses.every((s) => s === 200 || s === 503));
      assert.equal((await fetch(`${c.nodes[0]!.endpoint}/_specshift/health`)).status, 200, 'reconnected');
      // its LISTEN connection came back too: a clock move through another node reaches it
      const moved = await control(c.nodes[1]!, 'world', clusterWorld(1));
      assert.ok(moved.accounts);
      const r = await attempt(() => a.showServer(new ecsSdk.ShowServerRequest().withServerId(serverId(STOPPED_PREFIX, 3))));
      assert.equal((r as any).error?.errorCode, 'Ecs.0114', 'node 0 serves the world node 1 loaded');
    } finally {
      await c.dispose();
    }
  });
});

describe('fault rules across nodes', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  test('a rule set through one node fires on another, and its count is shared', async () => {
    const c = await startCluster(databaseUrl!, { timing: 'instant', perState: 2 });
    try {
      const rule = await fetch(`${c.nodes[0]!.endpoint}/_specshift/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'throttle', cloud: 'huawei', operation: 'ShowServer', count: 2 }),
      });
      assert.equal(rule.status, 200, await rule.text());
      const clients = c.nodes.map((n) => ecsClient(n.endpoint, DEMO.ak, DEMO.sk, DEMO.project));
      const show = (i: number) => attempt(() => clients[i]!.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01)));
      // two throttled answers in all, whichever nodes they come from; then the calls pass everywhere
      const outcomes = [await show(1), await show(2), await show(1), await show(2)];
      assert.deepEqual(outcomes.map((o) => (o.ok ? 200 : (o as any).error.httpStatusCode)), [429, 429, 200, 200]);
    } finally {
      await c.dispose();
    }
  });
});

// Alibaba changes read the region's shared documents without their row lock (ecs-service.ts
// specState): what still has to run one at a time must still do so across nodes.
describe('Alibaba quota and counted stock across nodes', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  const ids = [1, 2, 3, 4].map((n) => `i-bp1mnquota000${n}`);
  const world = () => {
    const w = clusterWorld(2);
    const region = w.aliyun.regions[0];
    // four 2-vCPU instances use 8 vCPUs: room for one of them to double
    region.quotas = { postpaid_vcpus: 10 };
    w.aliyun.instances = ids.map((id, i) => ({ id, name: `mn-q-${i}`, account: 'demo', region: 'cn-hangzhou', zone: 'cn-hangzhou-j', instance_type: 'ecs.g6.large', status: 'Stopped' }));
    return w;
  };
  const outcome = async (call: Promise<unknown>) => {
    try {
      await call;
      return 'OK';
    } catch (e) {
      return String((e as any).code);
    }
  };

  test('a quota with room for one change: three nodes asked at once accept exactly one; a stock of one is taken once', async () => {
    const c = await startCluster(databaseUrl!, { timing: 'manual', world: world() });
    try {
      const clients = c.nodes.map((n) => new Ecs.default(new OpenApi.Config({ accessKeyId: ALIYUN.ak, accessKeySecret: ALIYUN.sk, endpoint: n.endpoint.replace('http://', ''), protocol: 'http' })));
      const modify = (k: number, instanceId: string, instanceType: string) => outcome(clients[k % 3].modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId, instanceType })));
      const up = await Promise.all(ids.slice(0, 3).map((id, k) => modify(k, id, 'ecs.g6.xlarge')));
      assert.deepEqual([...up].sort(), ['OK', 'QuotaExceed.ElasticQuota', 'QuotaExceed.ElasticQuota'], up.join(', '));
      const after = await c.sql<{ n: string }>("SELECT count(*) AS n FROM servers WHERE flavor_id = 'ecs.g6.xlarge'");
      assert.equal(Number(after[0]!.n), 1);

      // the other three move to a type of the same size whose zone has one left (counted from now on)
      const stock = await control(c.nodes[0]!, 'faults/stock', { cloud: 'aliyun', flavor: 'ecs.c6.large', zone: 'cn-hangzhou-j', state: 'available', count: 1 });
      assert.equal(stock.stock, 1, JSON.stringify(stock));
      const rest = ids.filter((_id, k) => k === 3 || up[k] !== 'OK');
      const moved = await Promise.all(rest.map((id, k) => modify(k, id, 'ecs.c6.large')));
      assert.deepEqual([...moved].sort(), ['OK', 'OperationDenied.NoStock', 'OperationDenied.NoStock'], moved.join(', '));
      const docs = await c.sql<{ doc: string }>("SELECT doc FROM world_docs WHERE kind = 'aliyun-region' AND id = 'cn-hangzhou'");
      const zone = (JSON.parse(docs[0]!.doc) as { zones: { id: string; stock: Record<string, unknown> }[] }).zones.find((z) => z.id === 'cn-hangzhou-j')!;
      assert.equal(zone.stock['ecs.c6.large'], 0);
    } finally {
      await c.dispose();
    }
  });
});
