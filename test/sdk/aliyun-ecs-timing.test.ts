// Alibaba status transitions on the manual clock, through the official SDK with both signatures:
// StopInstance / StartInstance reply at once and the instance shows Stopping / Starting until the
// job engine finishes (reference §10); asynchronous type changes show the old type until done.
// Durations are specshift's realistic ones: 0.5 s dispatch, 2 s stop, 2 s start, 3 s type change.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const REGION = 'cn-hangzhou';
const WEB01 = 'i-bp1specshiftdemo0001'; // Stopped, pay-as-you-go
const WEB02 = 'i-bp1specshiftdemo0002'; // Running, pay-as-you-go
const DB01 = 'i-bp1specshiftdemo0003'; // Running, subscription

type Client = InstanceType<typeof Ecs.default>;

for (const algorithm of [undefined, 'v2'] as const) {
  describe(`manual clock, ${algorithm ?? 'ACS3-HMAC-SHA256'} signature`, () => {
    let live: LiveServer;
    let ecs: Client;

    before(async () => {
      live = await startLiveServer({ timing: 'manual' });
      const config = new OpenApi.Config({
        accessKeyId: 'LTAIspecshiftDemo0001',
        accessKeySecret: 'specshiftDemoAliyunSecret000000001',
        endpoint: `127.0.0.1:${live.port}`,
        protocol: 'http',
        ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
      });
      ecs = new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
    });
    after(() => live.close());
    beforeEach(() => live.control('world/reset', {}));

    const advance = (ms: number) => live.control('clock/advance', { ms });
    const status = async (id: string) =>
      (await ecs.describeInstanceStatus(new Ecs.DescribeInstanceStatusRequest({ regionId: REGION, instanceId: [id] }))).body!.instanceStatuses!.instanceStatus![0]!.status;
    const attr = async (id: string) => (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }))).body!;
    const code = async (call: Promise<unknown>) => {
      try {
        await call;
        return 'OK';
      } catch (e) {
        return `${(e as any).statusCode} ${(e as any).code}`;
      }
    };

    test('StopInstance: Stopping at once, Stopped 2.5 s later; StartInstance: Starting, then Running', async () => {
      await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: WEB02 }));
      assert.equal(await status(WEB02), 'Stopping');
      const listed = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, status: 'Stopping' }));
      assert.deepEqual(listed.body!.instances!.instance!.map((i) => i.instanceId), [WEB02]);
      // while it stops, neither another stop nor a start nor a bandwidth change is accepted
      assert.equal(await code(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: WEB02 }))), '403 IncorrectInstanceStatus');
      assert.equal(await code(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: WEB02 }))), '403 IncorrectInstanceStatus');
      assert.equal(await code(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB02, internetMaxBandwidthOut: 20 }))), '403 InvalidStatus.ValueNotSupported');
      assert.equal(await code(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB02, instanceType: 'ecs.g6.xlarge' }))), '400 InvalidInstanceStatus.NotStopped');
      await advance(2000);
      assert.equal(await status(WEB02), 'Stopping');
      await advance(500);
      assert.equal(await status(WEB02), 'Stopped');

      await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: WEB02 }));
      assert.equal(await status(WEB02), 'Starting');
      await advance(2499);
      assert.equal(await status(WEB02), 'Starting');
      await advance(1);
      assert.equal(await status(WEB02), 'Running');
    });

    test('ModifyInstanceSpec Async=true: the old type until the job completes, and the instance is held meanwhile', async () => {
      const token = 'async-change-1';
      await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB01, instanceType: 'ecs.g6.xlarge', async: true, clientToken: token }));
      assert.equal((await attr(WEB01)).instanceType, 'ecs.g6.large');
      assert.equal(await code(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB01, instanceType: 'ecs.c6.xlarge' }))), '403 InvalidStatus.ValueNotSupported');
      // the same request again while the first still runs
      assert.equal(
        await code(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB01, instanceType: 'ecs.g6.xlarge', async: true, clientToken: token }))),
        '403 LastTokenProcessing',
      );
      // bandwidth is independent of the type change
      await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB01, internetMaxBandwidthOut: 8 }));
      await advance(3500);
      const a = await attr(WEB01);
      assert.deepEqual([a.instanceType, a.status, a.internetMaxBandwidthOut], ['ecs.g6.xlarge', 'Stopped', 8]);
      assert.equal(await code(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: WEB01, instanceType: 'ecs.g6.xlarge', async: true, clientToken: token }))), 'OK');
    });

    test('ModifyPrepayInstanceSpec RebootWhenFinished: new type in 3.5 s, then Stopping, Starting, Running', async () => {
      await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: DB01, instanceType: 'ecs.r6.xlarge', rebootWhenFinished: true }));
      assert.deepEqual([(await attr(DB01)).instanceType, await status(DB01)], ['ecs.r6.large', 'Running']);
      await advance(3500);
      assert.deepEqual([(await attr(DB01)).instanceType, await status(DB01)], ['ecs.r6.xlarge', 'Stopping']);
      await advance(2000);
      assert.equal(await status(DB01), 'Starting');
      await advance(2000);
      assert.equal(await status(DB01), 'Running');
    });

    test('ModifyPrepayInstanceSpec without a reboot: the type changes, the instance keeps running', async () => {
      await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: DB01, instanceType: 'ecs.r6.xlarge' }));
      await advance(3500);
      assert.deepEqual([(await attr(DB01)).instanceType, await status(DB01)], ['ecs.r6.xlarge', 'Running']);
    });
  });
}
