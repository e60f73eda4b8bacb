// Every kind of scripted fault, provoked through the official SDKs, and the SDK's own retry seen
// to recover where it has one: @alicloud/ecs20140526 (openapi-core retryOptions: by exception
// name and error code, waiting x-acs-retry-after), and the Huawei core SDK (one retry on a reset
// connection or a 504, to its second endpoint). The request log shows what fired.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ecs from '@alicloud/ecs20140526';
import { createRequire } from 'node:module';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { DEMO } from '../helpers/demo.js';
import { attempt, ecsClient, ecsSdk, coreSdk, quiet } from '../helpers/huawei-sdk.js';

const require = createRequire(import.meta.url);
const { RetryOptions } = require('@darabonba/typescript') as { RetryOptions: new (o: unknown) => unknown };
// the Config of @alicloud/openapi-core, which the v7 client runs on: it carries retryOptions (the older openapi-client Config drops them)
const { $OpenApiUtil } = require('@alicloud/openapi-core') as { $OpenApiUtil: { Config: new (o: unknown) => unknown } };

const ALI = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001', region: 'cn-hangzhou' };
const I = { web01: 'i-bp1specshiftdemo0001', web02: 'i-bp1specshiftdemo0002', db01: 'i-bp1specshiftdemo0003' };

/** The Alibaba SDK with its own retry switched on for what these faults answer. */
function aliyun(port: number, retry = true) {
  const config = new $OpenApiUtil.Config({
    accessKeyId: ALI.ak,
    accessKeySecret: ALI.sk,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(retry
      ? {
          retryOptions: new RetryOptions({
            retryable: true,
            retryCondition: [
              {
                maxAttempts: 3,
                exception: ['ThrottlingError'],
                errorCode: ['InternalError', 'UnknownError', 'ServiceUnavailable', 'LastRequestProcessing', 'LastOrderProcessing', 'OperationConflict', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'],
                backoff: { policy: 'Fixed', period: 10 },
                maxDelay: 50,
              },
            ],
          }),
        }
      : {}),
  } as never);
  return new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
}

/** The Huawei SDK given the same specshift twice: its retry goes to the second endpoint. */
function huaweiWithBackup(endpoint: string) {
  const credentials = new coreSdk.BasicCredentials().withAk(DEMO.ak).withSk(DEMO.sk).withProjectId(DEMO.project);
  return ecsSdk.EcsClient.newBuilder().withCredential(credentials).withEndpoint([endpoint, endpoint]).withOptions(quiet).build();
}

const typeOf = async (ecs: ReturnType<typeof aliyun>, id: string) =>
  (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: ALI.region, instanceIds: JSON.stringify([id]) }))).body!.instances!.instance![0]!;

const resizeHw = (ecs: any, server: string, flavor: string, mode?: string) =>
  ecs.resizeServer(
    new ecsSdk.ResizeServerRequest().withServerId(server).withBody(new ecsSdk.ResizeServerRequestBody().withResize(Object.assign(new ecsSdk.ResizePrePaidServerOption().withFlavorRef(flavor), mode ? { mode } : {}))),
  );

let live: LiveServer;
const log = (q: string) => live.control(`requests?${q}`).then((r: any) => r.requests as any[]);
const arm = async (rule: Record<string, unknown>) => {
  const r = await live.control('faults', rule);
  assert.ok(r.id, JSON.stringify(r));
  return r;
};

describe('scripted faults through the official SDKs', () => {
  before(async () => {
    live = await startLiveServer({ timing: 'instant' });
  });
  after(() => live.close());
  beforeEach(async () => {
    await live.control('world/reset', {});
    await fetch(`${live.endpoint}/_specshift/requests`, { method: 'DELETE' });
    await fetch(`${live.endpoint}/_specshift/faults`, { method: 'DELETE' });
  });

  test('Alibaba Throttling (400, x-acs-retry-after): the SDK waits and retries, and the third call goes through', async () => {
    await arm({ kind: 'throttle', cloud: 'aliyun', operation: 'ModifyInstanceSpec', count: 2, retry_after_ms: 20 });
    const ecs = aliyun(live.port);
    await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }));
    const calls = await log('operation=ModifyInstanceSpec');
    assert.deepEqual(calls.map((c) => [c.status, c.error_code]), [[400, 'Throttling'], [400, 'Throttling'], [200, null]]);
    assert.match(calls[0].faults[0], / throttle$/);
    assert.equal((await typeOf(ecs, I.web01)).instanceType, 'ecs.g6.xlarge');
    // without retries the SDK surfaces ThrottlingError with the wait the reply asked for
    await arm({ kind: 'throttle', cloud: 'aliyun', operation: 'DescribeInstances', count: 1, retry_after_ms: 1500 });
    const err = await aliyun(live.port, false).describeInstances(new Ecs.DescribeInstancesRequest({ regionId: ALI.region })).catch((e: any) => e);
    assert.equal(err.name, 'ThrottlingError');
    assert.equal(err.code, 'Throttling');
    assert.equal(err.retryAfter, 1500);
  });

  test('Alibaba InternalError and UnknownError (500), LastRequestProcessing: retried by the SDK and recovered; nothing changed by the failed tries', async () => {
    for (const [kind, code, status] of [
      ['error', 'InternalError', 500],
      ['error', 'UnknownError', 500],
      ['conflict', 'LastRequestProcessing', 400],
      ['conflict', 'LastOrderProcessing', 400],
    ] as const) {
      await live.control('world/reset', {});
      await fetch(`${live.endpoint}/_specshift/requests`, { method: 'DELETE' });
      await arm({ kind, cloud: 'aliyun', code, operation: 'ModifyInstanceSpec', count: 1 });
      const ecs = aliyun(live.port);
      const target = 'ecs.g6.xlarge';
      await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: I.web01, instanceType: target }));
      const calls = await log('operation=ModifyInstanceSpec');
      assert.deepEqual(calls.map((c) => [c.status, c.error_code]), [[status, code], [200, null]], code);
      assert.equal((await typeOf(ecs, I.web01)).instanceType, target);
    }
  });

  test('a dropped connection after the change committed: the SDK retries with its ClientToken and gets the same answer', async () => {
    await arm({ kind: 'drop', cloud: 'aliyun', operation: 'ModifyPrepayInstanceSpec', count: 1 });
    const ecs = aliyun(live.port);
    const placed = await ecs.modifyPrepayInstanceSpec(
      new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: ALI.region, instanceId: I.db01, instanceType: 'ecs.r6.xlarge', autoPay: false, clientToken: 'drop-test-token-1' }),
    );
    const calls = await log('operation=ModifyPrepayInstanceSpec');
    assert.deepEqual(calls.map((c) => c.status), [0, 200], 'the first answer was never sent; the retry was answered');
    assert.match(calls[0].reason, /dropped/);
    // one order: the retry answered the committed change, it did not place a second one
    const orders = (await live.control('orders?cloud=aliyun')).orders as any[];
    assert.equal(orders.length, 1);
    assert.equal(placed.body!.orderId, orders[0].id);
  });

  test('latency: the answer comes late, by at least the added time', async () => {
    await arm({ kind: 'latency', cloud: 'aliyun', operation: 'DescribeRegions', latency_ms: 300, count: 1 });
    const ecs = aliyun(live.port);
    const t0 = Date.now();
    await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}));
    assert.ok(Date.now() - t0 >= 300);
    const [call] = await log('operation=DescribeRegions');
    assert.ok(call.latency_ms >= 300, String(call.latency_ms));
    assert.match(call.faults[0], / latency$/);
  });

  test('stock runs out in a zone and comes back (Alibaba zone stock, Huawei flavor sale state per AZ)', async () => {
    const ecs = aliyun(live.port, false);
    const zone = (await typeOf(ecs, I.web01)).zoneId!;
    await live.control('faults/stock', { cloud: 'aliyun', flavor: 'ecs.g6.xlarge', zone, state: 'sold-out' });
    const err = await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' })).catch((e: any) => e);
    assert.ok(err instanceof Error, 'refused while sold out');
    assert.match((err as unknown as { code: string }).code, /NoStock|OutOfStock|ResourceNotAvailable|Stock/i);
    await live.control('faults/stock', { cloud: 'aliyun', flavor: 'ecs.g6.xlarge', zone, state: 'available' });
    await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }));

    const hw = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    const az = (await hw.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01))).server['OS-EXT-AZ:availability_zone'];
    await live.control('faults/stock', { cloud: 'huawei', flavor: 's6.xlarge.2', zone: az, state: 'sold-out' });
    const refused = await attempt(() => resizeHw(hw, DEMO.servers.web01, 's6.xlarge.2'));
    assert.equal(refused.ok, false);
    assert.equal((refused as any).error.errorCode, 'Ecs.0018');
    await live.control('faults/stock', { cloud: 'huawei', flavor: 's6.xlarge.2', zone: az, state: 'available' });
    assert.ok((await resizeHw(hw, DEMO.servers.web01, 's6.xlarge.2')).job_id);
  });

  test('Huawei: APIGW.0308 (429) is surfaced; a 504 and a reset connection are retried by the SDK on its second endpoint', async () => {
    const hw = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    await arm({ kind: 'throttle', cloud: 'huawei', operation: 'ShowServer', count: 1 });
    const throttled = await attempt(() => hw.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01)));
    assert.equal(throttled.ok, false);
    assert.equal((throttled as any).error.httpStatusCode, 429);
    assert.equal((throttled as any).error.errorCode, 'APIGW.0308');
    // the node core SDK has no retry for 429: the caller's next call goes through
    assert.ok((await hw.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01))).server);

    const backed = huaweiWithBackup(live.endpoint);
    await arm({ kind: 'error', cloud: 'huawei', operation: 'ShowServer', code: 'APIGW.0201', status: 504, count: 1 });
    assert.ok((await backed.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01))).server);
    await arm({ kind: 'drop', cloud: 'huawei', operation: 'ShowServer', count: 1 });
    assert.ok((await backed.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01))).server);
    const calls = await log('operation=ShowServer');
    assert.deepEqual(calls.map((c) => [c.status, c.error_code]), [[429, 'APIGW.0308'], [200, null], [504, 'APIGW.0201'], [200, null], [0, null], [200, null]]);

    // the service's own internal error, in its envelope
    await arm({ kind: 'error', cloud: 'huawei', operation: 'ListServersDetails', count: 1 });
    const failed = await attempt(() => hw.listServersDetails(new ecsSdk.ListServersDetailsRequest()));
    assert.equal((failed as any).error.httpStatusCode, 500);
    assert.equal((failed as any).error.errorCode, 'Common.0001');
  });

  test('a job that fails at a chosen step: the stop of a withStopServer resize fails, the server keeps running', async () => {
    const hw = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    await arm({ kind: 'job-fail', cloud: 'huawei', resource: DEMO.servers.web02, step: 'stopping', count: 1, message: 'the guest did not shut down' });
    const { job_id } = await resizeHw(hw, DEMO.servers.web02, 's6.xlarge.2', 'withStopServer');
    await live.control('jobs/settle', {});
    const job = await hw.showJob(new ecsSdk.ShowJobRequest().withJobId(job_id));
    assert.equal(job.status, 'FAIL');
    assert.equal(job.error_code, 'Ecs.0207');
    assert.match(job.fail_reason, /the guest did not shut down/);
    const server = (await hw.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web02))).server;
    assert.equal(server.status, 'ACTIVE');
    assert.equal(server.flavor.id, 's6.large.2');
  });

  test('an order that stays unpaid: auto-pay does not happen, the change waits; paying it (the console) lets it run', async () => {
    await arm({ kind: 'order-unpaid', cloud: 'aliyun', count: 1 });
    const ecs = aliyun(live.port, false);
    const placed = await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: ALI.region, instanceId: I.db01, instanceType: 'ecs.r6.xlarge', autoPay: true }));
    await live.control('jobs/settle', {});
    assert.equal((await typeOf(ecs, I.db01)).instanceType, 'ecs.r6.large');
    const order = (await live.control('orders?cloud=aliyun')).orders.find((o: any) => o.id === placed.body!.orderId);
    assert.equal(order.status, 'pending_payment');
    const paid = await live.control(`orders/${order.id}/pay`, {});
    assert.equal(paid.status, 'completed');
    await live.control('jobs/settle', {});
    assert.equal((await typeOf(ecs, I.db01)).instanceType, 'ecs.r6.xlarge');
  });

  test('scope and replay: account, resource, seeded probability (the same calls fire on a replay) and a time window', async () => {
    const hw = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    const show = (id: string) => attempt(() => hw.showServer(new ecsSdk.ShowServerRequest().withServerId(id)));
    await arm({ kind: 'error', cloud: 'huawei', resource: DEMO.servers.web02, account: 'demo' });
    assert.equal((await show(DEMO.servers.web01)).ok, true);
    assert.equal((await show(DEMO.servers.web02)).ok, false);
    await fetch(`${live.endpoint}/_specshift/faults`, { method: 'DELETE' });

    const pattern = async () => {
      await fetch(`${live.endpoint}/_specshift/faults`, { method: 'DELETE' });
      await arm({ kind: 'error', cloud: 'huawei', operation: 'ShowServer', probability: 0.5, seed: 42 });
      const out: boolean[] = [];
      for (let i = 0; i < 16; i++) out.push((await show(DEMO.servers.web01)).ok);
      return out;
    };
    const first = await pattern();
    assert.ok(first.includes(true) && first.includes(false), JSON.stringify(first));
    assert.deepEqual(await pattern(), first);
    await fetch(`${live.endpoint}/_specshift/faults`, { method: 'DELETE' });
    const windowed = await arm({ kind: 'error', cloud: 'huawei', operation: 'ShowServer', from: '2000-01-01T00:00:00Z', until: '2000-01-02T00:00:00Z' });
    assert.equal(windowed.until, '2000-01-02T00:00:00.000Z');
    assert.equal((await show(DEMO.servers.web01)).ok, true, 'a window in the past does not fire');
  });

  test('rules are checked: unknown kinds, codes of another cloud and unknown fields are refused', async () => {
    for (const bad of [{ kind: 'meteor' }, { kind: 'error', cloud: 'huawei', code: 'InternalError' }, { kind: 'error', cloud: 'aliyun', code: 'Common.0001' }, { kind: 'throttle', colour: 'red' }, { kind: 'latency' }]) {
      const res = await fetch(`${live.endpoint}/_specshift/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
  });

  test('the world file\'s faults section arms rules at load', async () => {
    const world = JSON.parse(JSON.stringify((live.server.ctx.initialWorld as object)));
    world.faults = [{ id: 'from-the-world', kind: 'throttle', cloud: 'aliyun', operation: 'DescribeRegions', count: 1, retry_after_ms: 0 }];
    await live.control('world', world);
    const rules = (await live.control('faults')).faults;
    assert.deepEqual(rules.map((r: any) => r.id), ['from-the-world']);
    await aliyun(live.port).describeRegions(new Ecs.DescribeRegionsRequest({}));
    assert.deepEqual((await log('operation=DescribeRegions')).map((c) => c.status), [400, 200]);
  });
});
