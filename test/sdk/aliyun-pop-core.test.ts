// The older generic client, @alicloud/pop-core (HMAC-SHA1, GET with everything in the query by
// default, or POST with a signed form body), against a live server: the same operations and
// refusals as ecs20140526, plus what only a generic client can ask (unknown actions, versions).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PopCore from '@alicloud/pop-core';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const REGION = 'cn-hangzhou';
const WEB01 = 'i-bp1specshiftdemo0001';
const WEB02 = 'i-bp1specshiftdemo0002';
const DB01 = 'i-bp1specshiftdemo0003';

let live: LiveServer;

function pop(init: { version?: string; ak?: string; sk?: string; securityToken?: string } = {}): InstanceType<typeof PopCore> {
  return new PopCore({
    accessKeyId: init.ak ?? 'LTAIspecshiftDemo0001',
    accessKeySecret: init.sk ?? 'specshiftDemoAliyunSecret000000001',
    endpoint: live.endpoint,
    apiVersion: init.version ?? '2014-05-26',
    ...(init.securityToken ? { securityToken: init.securityToken } : {}),
  });
}

async function refused(call: Promise<unknown>, code: string): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, the call succeeded`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.name, `${code}Error`);
  assert.equal(err.data.Code, code);
  return err;
}

before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const POST = { method: 'POST' } as const;

describe('@alicloud/pop-core RPCClient', () => {
  test('GET (the default): DescribeInstances with filters and DescribeInstanceStatus with a repeat list', async () => {
    const r: any = await pop().request('DescribeInstances', { RegionId: REGION, Status: 'Running', InstanceChargeType: 'PostPaid' });
    assert.deepEqual(
      r.Instances.Instance.map((i: any) => i.InstanceId),
      [WEB02, 'i-bp1specshiftdemo0006'],
    );
    assert.match(r.RequestId, /^[0-9A-F-]{36}$/);
    const s: any = await pop().request('DescribeInstanceStatus', { RegionId: REGION, InstanceId: [WEB01, DB01] });
    assert.deepEqual(
      s.InstanceStatuses.InstanceStatus.map((x: any) => [x.InstanceId, x.Status]),
      [
        [WEB01, 'Stopped'],
        [DB01, 'Running'],
      ],
    );
  });

  test('POST with a form body: ModifyInstanceSpec changes the type, then the bandwidth', async () => {
    await pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.c6.xlarge' }, POST);
    await pop().request('ModifyInstanceSpec', { InstanceId: WEB02, InternetMaxBandwidthOut: 25, InternetMaxBandwidthIn: 25 }, POST);
    const a: any = await pop().request('DescribeInstanceAttribute', { InstanceId: WEB01 });
    assert.equal(a.InstanceType, 'ecs.c6.xlarge');
    const b: any = await pop().request('DescribeInstanceAttribute', { InstanceId: WEB02 }, POST);
    assert.deepEqual([b.InternetMaxBandwidthOut, b.InternetMaxBandwidthIn], [25, 25]);
  });

  test('seed 004 refusals arrive as <Code>Error with the envelope in err.data', async () => {
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB02, InstanceType: 'ecs.g6.xlarge' }, POST), 'InvalidInstanceStatus.NotStopped');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: DB01, InstanceType: 'ecs.r6.xlarge' }), 'ChargeTypeViolation');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.g6.xlarge', DryRun: true }), 'DryRunOperation');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.g6.xlarge', InternetMaxBandwidthOut: 3 }), 'InvalidParameter.Mismatch');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.g6.xlarge', ModifyMode: 'Online' }), 'InvalidParameter');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.g6.xlarge', Async: 'maybe' }), 'InvalidParam.Async');
    await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB01, InstanceType: 'ecs.g6.xlarge', AllowMigrateAcrossZone: 'yes' }), 'InvalidParameter.AllowMigrateAcrossZone');
    const e = await refused(pop().request('ModifyInstanceSpec', { InstanceId: WEB02, InternetMaxBandwidthOut: '10.5' }), 'InvalidParameter');
    assert.equal(e.data.Message, 'The specified parameter "InternetMaxBandwidthOut" is not valid.');
  });

  test('ModifyPrepayInstanceSpec, StopInstance and StartInstance', async () => {
    const r: any = await pop().request('ModifyPrepayInstanceSpec', { RegionId: REGION, InstanceId: DB01, InstanceType: 'ecs.r6.xlarge', AutoPay: true }, POST);
    assert.match(r.OrderId, /^\d{15}$/);
    await pop().request('StopInstance', { InstanceId: WEB02, ForceStop: true }, POST);
    await live.control('jobs/settle', {});
    const a: any = await pop().request('DescribeInstanceAttribute', { InstanceId: WEB02 });
    assert.equal(a.Status, 'Stopped');
    await pop().request('StartInstance', { InstanceId: WEB02 }, POST);
    await refused(pop().request('StopInstance', { InstanceId: WEB02, StoppedMode: 'Sleep' }), 'InvalidParameter');
  });

  test("an action name in lower camel case works: pop-core capitalises Action but not x-acs-action", async () => {
    const r: any = await pop().request('describeRegions', {});
    assert.equal(r.Regions.Region[0].RegionId, REGION);
  });

  test('an unknown Action is InvalidAction.NotFound (404); another API version is InvalidVersion (400)', async () => {
    const e = await refused(pop().request('RebootInstanceNow', { InstanceId: WEB01 }), 'InvalidAction.NotFound');
    assert.equal(e.entry.response.statusCode, 404);
    assert.equal(e.data.Message, 'Specified api is not found, please check your url and method.');
    const v = await refused(pop({ version: '2016-03-14' }).request('DescribeRegions', {}), 'InvalidVersion');
    assert.equal(v.entry.response.statusCode, 400);
    assert.equal(v.data.Message, 'Specified parameter Version is not valid.');
  });

  test('signatures and keys: a wrong secret, an unknown key, an STS token', async () => {
    await refused(pop({ sk: 'wrong' }).request('DescribeRegions', {}), 'SignatureDoesNotMatch');
    await refused(pop({ ak: 'LTAIunknown0001' }).request('DescribeRegions', {}), 'InvalidAccessKeyId.NotFound');
    await refused(pop({ ak: 'STS.NoTokenSent' }).request('DescribeRegions', {}), 'MissingSecurityToken');
    const world = JSON.parse(readFileSync(fileURLToPath(new URL('../../../data/demo-world.json', import.meta.url)), 'utf8'));
    world.accounts[0].access_keys.push({ cloud: 'aliyun', ak: 'STS.NPopCoreKey0001', sk: 'popCoreStsSecret0001', security_token: 'CAIS-pop-core' });
    await live.control('world', world);
    const sts: any = await pop({ ak: 'STS.NPopCoreKey0001', sk: 'popCoreStsSecret0001', securityToken: 'CAIS-pop-core' }).request('DescribeRegions', {}, POST);
    assert.equal(sts.Regions.Region.length, 1);
    await refused(pop({ ak: 'STS.NPopCoreKey0001', sk: 'popCoreStsSecret0001', securityToken: 'CAIS-other' }).request('DescribeRegions', {}), 'InvalidSecurityToken.MismatchWithAccessKey');
  });

  test('DescribeResourcesModification, DescribeInstanceTypes, DescribeRegions, DescribeZones', async () => {
    const r: any = await pop().request('DescribeResourcesModification', { RegionId: REGION, ResourceId: WEB01, DestinationResource: 'InstanceType', Cores: 8 });
    const values = r.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource.map((s: any) => `${s.Value}:${s.Status}`);
    assert.ok(values.includes('ecs.g6.2xlarge:SoldOut') && values.includes('ecs.c6.2xlarge:Available'), values.join(','));
    const t: any = await pop().request('DescribeInstanceTypes', { InstanceTypes: ['ecs.g7.large'] });
    assert.equal(t.InstanceTypes.InstanceType[0].PhysicalProcessorModel, 'Intel Xeon(Ice Lake) Platinum 8369B');
    const regions: any = await pop().request('DescribeRegions', {});
    assert.equal(regions.Regions.Region[0].RegionId, REGION);
    const zones: any = await pop().request('DescribeZones', { RegionId: REGION, Verbose: false });
    assert.deepEqual({ ...zones.Zones.Zone[0] }, { ZoneId: 'cn-hangzhou-h', LocalName: 'Hangzhou Zone H', ZoneType: 'AvailabilityZone' });
  });
});
