// Alibaba Cloud ECS through the official, unmodified @alicloud/ecs20140526 SDK against a live
// server, every test run twice: with the SDK's default signature (ACS3-HMAC-SHA256) and with the
// legacy one (signatureAlgorithm 'v2', HMAC-SHA1). Rule tests name seed 004 (ModifyInstanceSpec)
// or the reference section (shared/reference/aliyun-ecs.md) they come from.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const AK = 'LTAIspecshiftDemo0001';
const SK = 'specshiftDemoAliyunSecret000000001';
const REGION = 'cn-hangzhou';
const I = {
  web01: 'i-bp1specshiftdemo0001', // Stopped, PostPaid, ecs.g6.large, zone h, 5 Mbit/s
  web02: 'i-bp1specshiftdemo0002', // Running, PostPaid, ecs.g6.large, zone h, PayByBandwidth 10 Mbit/s
  db01: 'i-bp1specshiftdemo0003', // Running, PrePaid, ecs.r6.large, zone i
  deh01: 'i-bp1specshiftdemo0004', // Stopped, PostPaid, on a dedicated host
  locked01: 'i-bp1specshiftdemo0005', // Stopped, locked for security
  eip01: 'i-bp1specshiftdemo0006', // Running, with an EIP
  legacy01: 'i-bp1specshiftdemo0007', // Stopped, retired ecs.sn2ne.large, not I/O optimized, zone j
};

type Client = InstanceType<typeof Ecs.default>;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const demoWorld = (): any => JSON.parse(readFileSync(`${root}data/demo-world.json`, 'utf8'));

const SIGNATURES = [
  { name: 'ACS3-HMAC-SHA256 (default)', algorithm: undefined },
  { name: "HMAC-SHA1 (signatureAlgorithm 'v2')", algorithm: 'v2' },
] as const;

function makeClient(port: number, algorithm: string | undefined, init: { ak?: string; sk?: string; securityToken?: string } = {}): Client {
  const config = new OpenApi.Config({
    accessKeyId: init.ak ?? AK,
    accessKeySecret: init.sk ?? SK,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
    ...(init.securityToken ? { securityToken: init.securityToken } : {}),
  });
  return new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
}

/** Awaits a call that must fail; checks the SDK's error class, code, status and the envelope it kept. */
async function refused(call: Promise<unknown>, code: string, status: number): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, the call succeeded`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.statusCode, status, `${code}: ${err.message}`);
  assert.equal(err.name, code.includes('Throttling') ? 'ThrottlingError' : status >= 500 ? 'ServerError' : 'ClientError');
  assert.match(err.data.RequestId, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  assert.deepEqual(Object.keys(err.data), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  return err;
}

for (const sig of SIGNATURES) {
  describe(`ecs20140526, ${sig.name}`, () => {
    let live: LiveServer;
    let ecs: Client;

    before(async () => {
      live = await startLiveServer({ timing: 'instant' });
      ecs = makeClient(live.port, sig.algorithm);
    });
    after(() => live.close());
    beforeEach(() => live.control('world/reset', {}));

    const settle = () => live.control('jobs/settle', {});
    const loadWorld = async (edit: (w: any) => void) => {
      const w = demoWorld();
      edit(w);
      const r = await live.control('world', w);
      assert.ok(!r.error, JSON.stringify(r.error));
    };
    const attr = async (id: string) => (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }))).body!;
    const modify = (init: ConstructorParameters<typeof Ecs.ModifyInstanceSpecRequest>[0]) => ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest(init));
    const prepay = (init: ConstructorParameters<typeof Ecs.ModifyPrepayInstanceSpecRequest>[0]) =>
      ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, ...init }));
    const orders = async () => (await live.control('orders')).orders as any[];

    describe('ModifyInstanceSpec: instance type (seed 004)', () => {
      test('a Stopped pay-as-you-go instance changes type at once and stays Stopped', async () => {
        const r = await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' });
        assert.equal(r.statusCode, 200);
        assert.match(r.body!.requestId!, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
        const a = await attr(I.web01);
        assert.equal(a.instanceType, 'ecs.g6.xlarge');
        assert.equal(a.cpu, 4);
        assert.equal(a.memory, 16384);
        assert.equal(a.status, 'Stopped');
      });

      test('"The instance status must be Stopped": a Running instance is InvalidInstanceStatus.NotStopped (400)', async () => {
        await refused(modify({ instanceId: I.web02, instanceType: 'ecs.g6.xlarge' }), 'InvalidInstanceStatus.NotStopped', 400);
        assert.equal((await attr(I.web02)).instanceType, 'ecs.g6.large');
      });

      test('"pay-as-you-go": a subscription instance is ChargeTypeViolation (403)', async () => {
        await refused(modify({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge' }), 'ChargeTypeViolation', 403);
      });

      test('an unknown instance, or another account\'s, is InvalidInstanceId.NotFound (404)', async () => {
        await refused(modify({ instanceId: 'i-bp1nosuchinstance', instanceType: 'ecs.g6.xlarge' }), 'InvalidInstanceId.NotFound', 404);
        await loadWorld((w) => {
          w.accounts.push({ name: 'other', access_keys: [{ cloud: 'aliyun', ak: 'LTAIotherAccount0001', sk: 'otherSecret0000000001' }] });
        });
        const other = makeClient(live.port, sig.algorithm, { ak: 'LTAIotherAccount0001', sk: 'otherSecret0000000001' });
        await refused(other.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' })), 'InvalidInstanceId.NotFound', 404);
        const list = await other.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
        assert.equal(list.body!.totalCount, 0);
      });

      test('an unknown type is InvalidInstanceType.ValueNotSupported (400); a retired one InstanceType.Offline (403)', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.nosuch.large' }), 'InvalidInstanceType.ValueNotSupported', 400);
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.sn2ne.xlarge' }), 'InstanceType.Offline', 403);
      });

      test('a type the zone does not offer is InvalidInstanceType.ValueNotSupported (403)', async () => {
        // zone j offers five types; g7 is not among them
        const e = await refused(modify({ instanceId: I.legacy01, instanceType: 'ecs.g7.large', allowMigrateAcrossZone: true }), 'InvalidInstanceType.ValueNotSupported', 403);
        assert.equal(e.data.Message, 'The specified zone does not offer the specified instancetype.');
      });

      test('no stock in the zone is OperationDenied.NoStock (403); ClosedWithStock still sells', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.2xlarge' }), 'OperationDenied.NoStock', 403);
        await modify({ instanceId: I.web01, instanceType: 'ecs.g7.large' });
        assert.equal((await attr(I.web01)).instanceType, 'ecs.g7.large');
      });

      test('a counted stock runs out: the second change into the type is OperationDenied.NoStock', async () => {
        await loadWorld((w) => {
          w.aliyun.regions[0].zones[0].stock['ecs.c6.xlarge'] = 1;
          w.aliyun.instances[3].dedicated_host_id = undefined; // deh-01 becomes a plain instance
          delete w.aliyun.instances[3].dedicated_host_id;
        });
        await modify({ instanceId: I.web01, instanceType: 'ecs.c6.xlarge' });
        await refused(modify({ instanceId: I.deh01, instanceType: 'ecs.c6.xlarge' }), 'OperationDenied.NoStock', 403);
      });

      test('the same type is DependencyViolation.InstanceType (400)', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.large' }), 'DependencyViolation.InstanceType', 400);
      });

      test('an instance on a dedicated host is InvalidAction.NotSupport (400)', async () => {
        const e = await refused(modify({ instanceId: I.deh01, instanceType: 'ecs.c6.xlarge' }), 'InvalidAction.NotSupport', 400);
        assert.equal(e.data.Message, 'The ecs on dedicatedHost not support modify instanceType.');
      });

      test('an instance locked for security is InstanceLockedForSecurity (403)', async () => {
        await refused(modify({ instanceId: I.locked01, instanceType: 'ecs.g6.xlarge' }), 'InstanceLockedForSecurity', 403);
        await refused(modify({ instanceId: I.locked01, internetMaxBandwidthOut: 10 }), 'InstanceLockedForSecurity', 403);
      });

      test('"must not have overdue payments": a negative balance is Account.Arrearage (400)', async () => {
        await loadWorld((w) => {
          w.accounts[0].balance = '-12.50';
        });
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }), 'Account.Arrearage', 400);
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 20 }), 'Account.Arrearage', 400);
      });

      test('an unpaid order on the instance is OperationDenied.UnpaidOrder (403)', async () => {
        await loadWorld((w) => {
          w.aliyun.instances[0].unpaid_order = true;
        });
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }), 'OperationDenied.UnpaidOrder', 403);
      });

      test('a retired type moves to a family on sale only with AllowMigrateAcrossZone, with SystemDisk.Category', async () => {
        await refused(modify({ instanceId: I.legacy01, instanceType: 'ecs.g6.large' }), 'DependencyViolation.InstanceType', 400);
        const was = await attr(I.legacy01);
        assert.equal(was.ioOptimized, 'none');
        await modify({ instanceId: I.legacy01, instanceType: 'ecs.g6.large', allowMigrateAcrossZone: true, systemDisk: { category: 'cloud_ssd' } });
        const now = await attr(I.legacy01);
        assert.equal(now.instanceType, 'ecs.g6.large');
        assert.equal(now.ioOptimized, 'optimized');
      });

      test('SystemDisk.Category other than cloud_efficiency / cloud_ssd is InvalidParam.SystemDiskCategory (400)', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', systemDisk: { category: 'cloud_essd' } }), 'InvalidParam.SystemDiskCategory', 400);
      });

      test('a second downgrade within 5 minutes is Downgrade.NotSupported (400); upgrades are not limited', async () => {
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' });
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.large' }); // downgrade
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.2xlarge' }).catch(() => undefined); // no stock in zone h
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }); // upgrade
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.large' }), 'Downgrade.NotSupported', 400);
      });

      test('the region\'s pay-as-you-go vCPU quota is QuotaExceed.ElasticQuota (403)', async () => {
        await loadWorld((w) => {
          w.aliyun.regions[0].quotas.postpaid_vcpus = 12;
        });
        // demo pay-as-you-go instances: 2+2+2+2+2+2 = 12 vCPUs (legacy-01 included); +2 is one too many
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }), 'QuotaExceed.ElasticQuota', 403);
        await modify({ instanceId: I.web01, instanceType: 'ecs.c6.large' }); // same vCPUs: fits
      });

      test('Async=true answers at once; the new type shows once the job ran', async () => {
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', async: true });
        await settle();
        assert.equal((await attr(I.web01)).instanceType, 'ecs.g6.xlarge');
      });

      test('an injected fault is InternalError (500), consumed once; nothing changes', async () => {
        await live.control('faults', { server_id: I.web01, message: 'rack power lost' });
        const e = await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }), 'InternalError', 500);
        assert.match(e.data.Message, /rack power lost/);
        assert.equal((await attr(I.web01)).instanceType, 'ecs.g6.large');
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' });
      });
    });

    describe('ModifyInstanceSpec: public bandwidth (seed 004)', () => {
      test('a Running instance\'s bandwidth changes at once, inbound following the documented defaults', async () => {
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 50 });
        let a = await attr(I.web02);
        assert.equal(a.status, 'Running');
        assert.equal(a.internetMaxBandwidthOut, 50);
        assert.equal(a.internetMaxBandwidthIn, 10);
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 50, internetMaxBandwidthIn: 40 });
        a = await attr(I.web02);
        assert.equal(a.internetMaxBandwidthIn, 40);
        // 40 in is more than a 5 Mbit/s outbound allows (1-10): it falls back to 10
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 5 });
        a = await attr(I.web02);
        assert.deepEqual([a.internetMaxBandwidthOut, a.internetMaxBandwidthIn], [5, 10]);
      });

      test('a Stopped instance\'s bandwidth changes too; from 0 the instance gets a public IP', async () => {
        await loadWorld((w) => {
          w.aliyun.instances[0].bandwidth_out = 0;
        });
        assert.deepEqual((await attr(I.web01)).publicIpAddress!.ipAddress, []);
        await modify({ instanceId: I.web01, internetMaxBandwidthOut: 3 });
        const a = await attr(I.web01);
        assert.equal(a.internetMaxBandwidthOut, 3);
        assert.equal(a.status, 'Stopped');
        assert.match(a.publicIpAddress!.ipAddress![0]!, /^47\.\d+\.\d+\.\d+$/);
      });

      test('"0 to 100": 101 Mbit/s is InvalidParameter (400) naming InternetMaxBandwidthOut', async () => {
        const e = await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 101 }), 'InvalidParameter', 400);
        assert.equal(e.data.Message, 'The specified parameter "InternetMaxBandwidthOut" is not valid.');
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: -1 }), 'InvalidParameter', 400);
      });

      test('inbound beyond what outbound allows is InvalidParameter.Bandwidth (400)', async () => {
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 8, internetMaxBandwidthIn: 11 }), 'InvalidParameter.Bandwidth', 400);
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 20, internetMaxBandwidthIn: 21 }), 'InvalidParameter.Bandwidth', 400);
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthIn: 0 }), 'InvalidParameter.Bandwidth', 400);
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 20, internetMaxBandwidthIn: 20 });
      });

      test('"only one configuration at a time": type and bandwidth together are InvalidParameter.Mismatch (400)', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', internetMaxBandwidthOut: 10 }), 'InvalidParameter.Mismatch', 400);
        await refused(modify({ instanceId: I.web01 }), 'MissingParameter', 400);
      });

      test('an instance with an EIP is InvalidInstance.EipNotSupport (403)', async () => {
        await refused(modify({ instanceId: I.eip01, internetMaxBandwidthOut: 10 }), 'InvalidInstance.EipNotSupport', 403);
      });

      test('Temporary.* is refused as not public; with an EIP as BandwidthUpgradeDenied.EipBoundInstance', async () => {
        const temporary = { startTime: '2030-01-01T00:00Z', endTime: '2030-01-02T00:00Z', internetMaxBandwidthOut: 50 };
        const e = await refused(modify({ instanceId: I.web02, temporary }), 'InvalidParameter', 400);
        assert.match(e.data.Message, /Temporary\.\w+.*not publicly available/);
        await refused(modify({ instanceId: I.eip01, temporary }), 'BandwidthUpgradeDenied.EipBoundInstance', 400);
      });

      test('the pay-by-bandwidth quota is QuotaExceeded.InternetBandwidth (400)', async () => {
        await loadWorld((w) => {
          w.aliyun.regions[0].quotas.pay_by_bandwidth_mbps = 30;
        });
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 30 });
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 31 }), 'QuotaExceeded.InternetBandwidth', 400);
      });
    });

    describe('ModifyInstanceSpec: DryRun, ClientToken, throttling (seed 004)', () => {
      test('DryRun answers DryRunOperation (400) when the call would succeed and changes nothing', async () => {
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', dryRun: true }), 'DryRunOperation', 400);
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 50, dryRun: true }), 'DryRunOperation', 400);
        assert.equal((await attr(I.web01)).instanceType, 'ecs.g6.large');
        assert.equal((await attr(I.web02)).internetMaxBandwidthOut, 10);
      });

      test('DryRun answers the real error when the call would fail', async () => {
        await refused(modify({ instanceId: I.web02, instanceType: 'ecs.g6.xlarge', dryRun: true }), 'InvalidInstanceStatus.NotStopped', 400);
        await refused(modify({ instanceId: I.web01, instanceType: 'ecs.g6.2xlarge', dryRun: true }), 'OperationDenied.NoStock', 403);
      });

      test('the same ClientToken with the same parameters answers 200 again and changes nothing', async () => {
        const token = '0c593ea1-3bea-11e9-b96b-88e9fe637760';
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', clientToken: token });
        await modify({ instanceId: I.web01, instanceType: 'ecs.g6.large' }); // back, without a token
        const again = await modify({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge', clientToken: token });
        assert.equal(again.statusCode, 200);
        assert.equal((await attr(I.web01)).instanceType, 'ecs.g6.large');
      });

      test('the same ClientToken with other parameters is IdempotenceParamNotMatch (400)', async () => {
        const token = 'token-reused-with-other-parameters';
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 20, clientToken: token });
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 30, clientToken: token }), 'IdempotenceParamNotMatch', 400);
      });

      test('a ClientToken over 64 characters or not ASCII is InvalidClientToken.ValueNotSupported (400)', async () => {
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 20, clientToken: 'x'.repeat(65) }), 'InvalidClientToken.ValueNotSupported', 400);
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 20, clientToken: 'jeton-été' }), 'InvalidClientToken.ValueNotSupported', 400);
      });

      test('beyond the world\'s rate limit the SDK raises ThrottlingError with retryAfter', async () => {
        await loadWorld((w) => {
          w.aliyun.rate_limits = { ModifyInstanceSpec: { calls: 2, period_seconds: 60 } };
        });
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 11 });
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 12 });
        const e = await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 13 }), 'Throttling', 400);
        assert.ok(e.retryAfter > 0 && e.retryAfter <= 60_000, String(e.retryAfter));
        // other actions have their own budget
        await attr(I.web02);
        // the limits are the loaded world's, from its first call on: a world loaded with others
        // counts afresh under them, and a reset brings the demo world's back
        await loadWorld((w) => {
          w.aliyun.rate_limits = { ModifyInstanceSpec: { calls: 1, period_seconds: 60 } };
        });
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 14 });
        await refused(modify({ instanceId: I.web02, internetMaxBandwidthOut: 15 }), 'Throttling', 400);
        await live.control('world/reset', {});
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 16 });
        await modify({ instanceId: I.web02, internetMaxBandwidthOut: 17 });
      });
    });

    describe('StopInstance / StartInstance (reference §9, §10)', () => {
      test('Stop answers at once; the instance goes Stopping -> Stopped; Start brings it back Running', async () => {
        const r = await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02 }));
        assert.equal(r.statusCode, 200);
        await settle();
        assert.equal((await attr(I.web02)).status, 'Stopped');
        assert.equal((await attr(I.web02)).stoppedMode, 'KeepCharging');
        await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: I.web02 }));
        await settle();
        const a = await attr(I.web02);
        assert.equal(a.status, 'Running');
        assert.equal(a.stoppedMode, 'Not-applicable');
        // the value read back is accepted as sent (Terraform sends it): the default applies
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02, stoppedMode: 'Not-applicable', forceStop: false }));
        await settle();
        assert.deepEqual([(await attr(I.web02)).status, (await attr(I.web02)).stoppedMode], ['Stopped', 'KeepCharging']);
        await refused(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web01, stoppedMode: 'Sometimes' })), 'InvalidParameter', 400);
      });

      test('stopping a Stopped instance or starting a Running one is IncorrectInstanceStatus (403)', async () => {
        await refused(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web01 })), 'IncorrectInstanceStatus', 403);
        await refused(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: I.web02 })), 'IncorrectInstanceStatus', 403);
      });

      test('locked, unknown, DryRun', async () => {
        await refused(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: I.locked01 })), 'InstanceLockedForSecurity', 403);
        await refused(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: 'i-bp1nosuchinstance' })), 'InvalidInstanceId.NotFound', 404);
        await refused(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02, dryRun: true })), 'DryRunOperation', 400);
        assert.equal((await attr(I.web02)).status, 'Running');
      });

      test('stop, change type, start: the documented workflow', async () => {
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02 }));
        await settle();
        await modify({ instanceId: I.web02, instanceType: 'ecs.c6.xlarge' });
        await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: I.web02 }));
        await settle();
        const a = await attr(I.web02);
        assert.deepEqual([a.status, a.instanceType, a.cpu, a.memory], ['Running', 'ecs.c6.xlarge', 4, 8192]);
      });

      test('after an economical-mode stop (StopCharging) a start can meet OperationDenied.NoStock', async () => {
        await loadWorld((w) => {
          w.aliyun.regions[0].zones[0].stock['ecs.g6.large'] = 'WithoutStock';
        });
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02, stoppedMode: 'StopCharging' }));
        await settle();
        assert.equal((await attr(I.web02)).stoppedMode, 'StopCharging');
        await refused(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: I.web02 })), 'OperationDenied.NoStock', 403);
      });

      test('a fault injected for a stop makes the stop fail: the instance is Running again', async () => {
        await live.control('faults', { server_id: I.web02, message: 'hypervisor did not answer' });
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.web02 }));
        await settle();
        assert.equal((await attr(I.web02)).status, 'Running');
      });
    });

    describe('DescribeInstances, DescribeInstanceStatus, DescribeInstanceAttribute (reference §8, §9)', () => {
      test('the region\'s instances with the documented shape', async () => {
        const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
        const b = r.body!;
        assert.equal(b.totalCount, 7);
        assert.equal(b.pageNumber, 1);
        assert.equal(b.pageSize, 10);
        assert.equal(b.nextToken, '');
        const web02 = b.instances!.instance!.find((i) => i.instanceId === I.web02)!;
        assert.equal(web02.status, 'Running');
        assert.equal(web02.instanceChargeType, 'PostPaid');
        assert.equal(web02.internetChargeType, 'PayByBandwidth');
        assert.equal(web02.memory, 8192);
        assert.equal(web02.ioOptimized, true);
        assert.deepEqual(web02.tags!.tag!.map((t) => [t.tagKey, t.tagValue]), [['app', 'web']]);
        const eip = b.instances!.instance!.find((i) => i.instanceId === I.eip01)!;
        assert.equal(eip.eipAddress!.ipAddress, '47.98.10.20');
        assert.deepEqual(eip.publicIpAddress!.ipAddress, []);
        const locked = b.instances!.instance!.find((i) => i.instanceId === I.locked01)!;
        assert.deepEqual(locked.operationLocks!.lockReason!.map((l) => l.lockReason), ['security']);
        const deh = b.instances!.instance!.find((i) => i.instanceId === I.deh01)!;
        assert.equal(deh.dedicatedHostAttribute!.dedicatedHostId, 'dh-bp1specshiftdemo01');
        const db = b.instances!.instance!.find((i) => i.instanceId === I.db01)!;
        assert.equal(db.instanceChargeType, 'PrePaid');
        assert.match(db.expiredTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      });

      test('filters: Status, InstanceIds, ZoneId, InstanceChargeType, Tag, InstanceName wildcard', async () => {
        const ids = async (init: ConstructorParameters<typeof Ecs.DescribeInstancesRequest>[0]) =>
          (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, ...init }))).body!.instances!.instance!.map((i) => i.instanceId);
        assert.deepEqual(await ids({ status: 'Running' }), [I.web02, I.db01, I.eip01]);
        assert.deepEqual(await ids({ instanceIds: JSON.stringify([I.web02, I.web01, 'i-bp1unknown']) }), [I.web01, I.web02]);
        assert.deepEqual(await ids({ instanceIds: '[]' }), []);
        assert.deepEqual(await ids({ zoneId: 'cn-hangzhou-i' }), [I.db01, I.eip01]);
        assert.deepEqual(await ids({ instanceChargeType: 'PrePaid' }), [I.db01]);
        assert.deepEqual(await ids({ tag: [{ key: 'app', value: 'web' }] }), [I.web01, I.web02]);
        assert.deepEqual(await ids({ tag: [{ key: 'app' }], status: 'Stopped' }), [I.web01]);
        assert.deepEqual(await ids({ instanceName: 'web-*' }), [I.web01, I.web02]);
        assert.deepEqual(await ids({ instanceName: 'web' }), []);
        assert.deepEqual(await ids({ instanceTypeFamily: 'ecs.c6' }), [I.deh01, I.eip01]);
      });

      test('refusals: bad Status, bad charge type, bad InstanceIds, region missing or unknown, DryRun', async () => {
        const d = (init: ConstructorParameters<typeof Ecs.DescribeInstancesRequest>[0]) => ecs.describeInstances(new Ecs.DescribeInstancesRequest(init));
        await refused(d({ regionId: REGION, status: 'Sleeping' }), 'InvalidStatus.NotFound', 404);
        await refused(d({ regionId: REGION, instanceChargeType: 'Monthly' }), 'InvalidInstanceChargeType.NotFound', 404);
        await refused(d({ regionId: REGION, instanceIds: 'i-abc' }), 'InvalidParameter', 400);
        await refused(d({ regionId: REGION, instanceIds: JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`)) }), 'InvalidParameter', 400);
        await refused(d({}), 'MissingParameter', 400);
        await refused(d({ regionId: 'cn-nowhere' }), 'InvalidRegionId.NotFound', 404);
        await refused(d({ regionId: REGION, dryRun: true }), 'DryRunOperation', 400);
        await refused(d({ regionId: REGION, pageSize: 101 }), 'InvalidParameter', 400);
      });

      test('paging: PageNumber/PageSize, and a NextToken loop that sees every instance once', async () => {
        await loadWorld((w) => {
          for (let n = 0; n < 23; n++) {
            w.aliyun.instances.push({ id: `i-bp1load${String(n).padStart(4, '0')}`, account: 'demo', region: REGION, instance_type: 'ecs.t6-c1m1.large', name: `load-${n}` });
          }
        });
        const page2 = (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, pageNumber: 2, pageSize: 10 }))).body!;
        assert.equal(page2.totalCount, 30);
        assert.equal(page2.instances!.instance!.length, 10);
        assert.equal(page2.instances!.instance![0]!.instanceId, 'i-bp1load0003');
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, maxResults: 12, ...(token ? { nextToken: token } : {}) }));
          seen.push(...r.body!.instances!.instance!.map((i) => i.instanceId!));
          token = r.body!.nextToken || undefined;
          pages++;
        } while (token);
        assert.equal(pages, 3);
        assert.equal(new Set(seen).size, 30);
        // a Status filter pages through the store (the state counters give TotalCount): the same
        // instances as filtering every page by hand, by number and by NextToken
        const all = (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, pageSize: 100 }))).body!.instances!.instance!;
        for (const status of ['Running', 'Stopped', 'Pending']) {
          const want = all.filter((i) => i.status === status).map((i) => i.instanceId!);
          const byNumber = (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, status, pageNumber: 2, pageSize: 4 }))).body!;
          assert.equal(byNumber.totalCount, want.length, status);
          assert.deepEqual(byNumber.instances!.instance!.map((i) => i.instanceId), want.slice(4, 8), status);
          const walked: string[] = [];
          let next: string | undefined;
          do {
            const r = (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, status, maxResults: 10, ...(next ? { nextToken: next } : {}) }))).body!;
            assert.equal(r.totalCount, want.length);
            walked.push(...r.instances!.instance!.map((i) => i.instanceId!));
            next = r.nextToken || undefined;
          } while (next);
          assert.deepEqual(walked, want, status);
        }
        await refused(ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, nextToken: 'not-a-token!' })), 'InvalidParameter', 400);
      });

      test('DescribeInstanceStatus: InstanceId.N, ZoneId and paging', async () => {
        const r = await ecs.describeInstanceStatus(new Ecs.DescribeInstanceStatusRequest({ regionId: REGION, instanceId: [I.web02, I.web01] }));
        assert.deepEqual(
          r.body!.instanceStatuses!.instanceStatus!.map((s) => [s.instanceId, s.status]),
          [
            [I.web01, 'Stopped'],
            [I.web02, 'Running'],
          ],
        );
        const z = await ecs.describeInstanceStatus(new Ecs.DescribeInstanceStatusRequest({ regionId: REGION, zoneId: 'cn-hangzhou-h', pageSize: 2, pageNumber: 2 }));
        assert.equal(z.body!.totalCount, 4);
        assert.deepEqual(z.body!.instanceStatuses!.instanceStatus!.map((s) => s.instanceId), [I.deh01, I.locked01]);
        await refused(ecs.describeInstanceStatus(new Ecs.DescribeInstanceStatusRequest({ regionId: REGION, pageSize: 51 })), 'InvalidParameter', 400);
      });

      test('DescribeInstanceAttribute: flat, IoOptimized as text, EIP details', async () => {
        const a = await attr(I.eip01);
        assert.equal(a.ioOptimized, 'optimized');
        assert.equal(a.eipAddress!.allocationId, 'eip-bp1specshiftdemo01');
        assert.equal(a.eipAddress!.bandwidth, 5);
        assert.equal(a.vpcAttributes!.privateIpAddress!.ipAddress!.length, 1);
        await refused(ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: 'i-bp1nosuchinstance' })), 'InvalidInstanceId.NotFound', 404);
      });
    });

    describe('DescribeInstanceTypes, DescribeResourcesModification, DescribeRegions, DescribeZones', () => {
      test('DescribeInstanceTypes: the shipped catalog, filtered and paged', async () => {
        const catalog = JSON.parse(readFileSync(`${root}data/aliyun-instance-types.json`, 'utf8')).instanceTypes as any[];
        const all = await ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({}));
        assert.equal(all.body!.instanceTypes!.instanceType!.length, catalog.length);
        const two = await ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.g6.large', 'ecs.t6-c1m1.large'] }));
        const g6 = two.body!.instanceTypes!.instanceType!.find((t) => t.instanceTypeId === 'ecs.g6.large')!;
        assert.equal(g6.memorySize, 8);
        assert.equal(g6.cpuCoreCount, 2);
        assert.equal(g6.cpuOptions!.hyperThreadingAdjustable, true);
        assert.equal(two.body!.instanceTypes!.instanceType!.find((t) => t.instanceTypeId === 'ecs.t6-c1m1.large')!.baselineCredit, 40);
        const family = await ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ instanceTypeFamily: 'ecs.c7', minimumCpuCoreCount: 16 }));
        assert.deepEqual(family.body!.instanceTypes!.instanceType!.map((t) => t.cpuCoreCount), [16, 24, 32, 64, 128]);
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const r = await ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ maxResults: 30, ...(token ? { nextToken: token } : {}) }));
          seen.push(...r.body!.instanceTypes!.instanceType!.map((t) => t.instanceTypeId!));
          token = r.body!.nextToken || undefined;
        } while (token);
        assert.equal(new Set(seen).size, catalog.length);
        await refused(ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ instanceTypes: Array.from({ length: 11 }, (_, i) => `ecs.x${i}`) })), 'InvalidParameter', 400);
      });

      test('DescribeResourcesModification: the targets ModifyInstanceSpec accepts, with their stock', async () => {
        const r = await ecs.describeResourcesModification(
          new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId: I.web01, destinationResource: 'InstanceType' }),
        );
        const zones = r.body!.availableZones!.availableZone!;
        assert.equal(zones.length, 1);
        assert.deepEqual([zones[0]!.zoneId, zones[0]!.status, zones[0]!.statusCategory], ['cn-hangzhou-h', 'Available', 'WithStock']);
        const offers = new Map(zones[0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((s) => [s.value, [s.status, s.statusCategory]]));
        assert.equal(zones[0]!.availableResources!.availableResource![0]!.type, 'InstanceType');
        assert.deepEqual(offers.get('ecs.g6.xlarge'), ['Available', 'WithStock']);
        assert.deepEqual(offers.get('ecs.g6.2xlarge'), ['SoldOut', 'WithoutStock']);
        assert.deepEqual(offers.get('ecs.g7.large'), ['Available', 'ClosedWithStock']);
        assert.deepEqual(offers.get('ecs.c6.large'), ['Available', 'WithStock']); // pay-as-you-go: smaller is fine too
        assert.equal(offers.has('ecs.g6.large'), false, 'not the current type');
        assert.equal(offers.has('ecs.sn2ne.large'), false, 'not a retired type');
        const sized = await ecs.describeResourcesModification(
          new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId: I.web01, destinationResource: 'InstanceType', cores: 4, memory: 16 }),
        );
        assert.deepEqual(
          sized.body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((s) => s.value),
          ['ecs.g6.xlarge', 'ecs.g7.xlarge', 'ecs.g7se.xlarge', 'ecs.t6-c1m4.xlarge'],
        );
      });

      test('DescribeResourcesModification: subscription Upgrade / Downgrade, retired types, refusals', async () => {
        const values = async (init: ConstructorParameters<typeof Ecs.DescribeResourcesModificationRequest>[0]) => {
          const r = await ecs.describeResourcesModification(new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, destinationResource: 'InstanceType', ...init }));
          const z = r.body!.availableZones!.availableZone!;
          return z.length ? z[0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((s) => s.value!) : [];
        };
        const up = await values({ resourceId: I.db01, operationType: 'Upgrade' });
        assert.ok(up.includes('ecs.r6.xlarge') && !up.includes('ecs.c6.large'));
        const down = await values({ resourceId: I.db01, operationType: 'Downgrade' });
        assert.ok(down.includes('ecs.c6.large') && !down.includes('ecs.r6.xlarge'));
        assert.deepEqual(await values({ resourceId: I.legacy01 }), []);
        assert.deepEqual(await values({ resourceId: I.legacy01, migrateAcrossZone: true }), ['ecs.g6.large', 'ecs.g6.xlarge', 'ecs.c6.large', 'ecs.c6.xlarge', 'ecs.r6.large']);
        const disks = await ecs.describeResourcesModification(
          new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId: I.web01, destinationResource: 'SystemDisk', instanceType: 'ecs.g6.xlarge' }),
        );
        assert.equal(disks.body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.type, 'SystemDisk');
        const drm = (init: ConstructorParameters<typeof Ecs.DescribeResourcesModificationRequest>[0]) => ecs.describeResourcesModification(new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, ...init }));
        await refused(drm({ resourceId: I.web01 }), 'Invalid.Param', 400);
        await refused(drm({ resourceId: I.web01, destinationResource: 'InstanceType', operationType: 'Downgrade' }), 'InvalidParameter', 400);
        await refused(drm({ resourceId: 'i-bp1nosuchinstance', destinationResource: 'InstanceType' }), 'InvalidResourceId.NotFound', 404);
      });

      test('DescribeRegions and DescribeZones', async () => {
        const regions = await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}));
        assert.deepEqual(regions.body!.regions!.region!.map((r) => [r.regionId, r.localName, r.status]), [['cn-hangzhou', 'China (Hangzhou)', 'available']]);
        const zones = await ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: REGION }));
        const z = zones.body!.zones!.zone!;
        assert.deepEqual(z.map((x) => x.zoneId), ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j']);
        assert.ok(!z[0]!.availableInstanceTypes!.instanceTypes!.includes('ecs.g6.2xlarge'), 'no stock, not offered');
        assert.deepEqual(z[2]!.availableInstanceTypes!.instanceTypes, ['ecs.g6.large', 'ecs.g6.xlarge', 'ecs.c6.large', 'ecs.c6.xlarge', 'ecs.r6.large']);
        await refused(ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-nowhere' })), 'InvalidRegionId.NotFound', 404);
      });
    });

    describe('ModifyPrepayInstanceSpec (reference §6)', () => {
      test('an upgrade of a Running subscription instance: an order paid from the balance, then the new type', async () => {
        const r = await prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge' });
        assert.match(r.body!.orderId!, /^\d{15}$/);
        const order = (await orders()).find((o) => o.id === r.body!.orderId)!;
        assert.equal(order.status, 'completed');
        assert.ok(order.amountCents > 0);
        await settle();
        const a = await attr(I.db01);
        assert.deepEqual([a.instanceType, a.status], ['ecs.r6.xlarge', 'Running']);
      });

      test('a downgrade needs Stopped (InvalidStatus.NotStopped), refunds, and is limited to three', async () => {
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.c6.large', operatorType: 'downgrade' }), 'InvalidStatus.NotStopped', 400);
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.db01 }));
        await settle();
        const types = ['ecs.g6.large', 'ecs.c6.large', 'ecs.t6-c1m1.large'];
        for (const t of types) {
          const r = await prepay({ instanceId: I.db01, instanceType: t, operatorType: 'downgrade' });
          const order = (await orders()).find((o) => o.id === r.body!.orderId)!;
          assert.ok(order.amountCents < 0, 'a downgrade is a refund');
          await settle();
        }
        assert.equal((await attr(I.db01)).instanceType, 'ecs.t6-c1m1.large');
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.t6-c2m1.large', operatorType: 'downgrade' }), 'InstanceDowngrade.QuotaExceed', 400);
      });

      test('OperatorType must match the change: InvalidParameter.NotMatch (403)', async () => {
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.c6.large', operatorType: 'upgrade' }), 'InvalidParameter.NotMatch', 403);
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge', operatorType: 'downgrade' }), 'InvalidParameter.NotMatch', 403);
      });

      test('a pay-as-you-go instance is InvalidInstanceChargeType.ValueNotSupported (400)', async () => {
        await refused(prepay({ instanceId: I.web01, instanceType: 'ecs.g6.xlarge' }), 'InvalidInstanceChargeType.ValueNotSupported', 400);
      });

      test('AutoPay=false leaves an unpaid order that holds the instance until it is paid', async () => {
        const r = await prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge', autoPay: false });
        const orderId = r.body!.orderId!;
        assert.equal((await orders()).find((o) => o.id === orderId)!.status, 'pending_payment');
        await settle();
        assert.equal((await attr(I.db01)).instanceType, 'ecs.r6.large');
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.r6.2xlarge' }), 'LastOrderProcessing', 400);
        await refused(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.db01 })), 'IncorrectInstanceStatus', 403);
        const paid = await live.control(`aliyun/orders/${orderId}/pay`, {});
        assert.equal(paid.status, 'completed');
        await settle();
        assert.equal((await attr(I.db01)).instanceType, 'ecs.r6.xlarge');
      });

      test('a cancelled unpaid order frees the instance and changes nothing', async () => {
        const r = await prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge', autoPay: false });
        const cancelled = await live.control(`aliyun/orders/${r.body!.orderId}/cancel`, {});
        assert.equal(cancelled.status, 'cancelled');
        await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: I.db01 }));
        await settle();
        const a = await attr(I.db01);
        assert.deepEqual([a.instanceType, a.status], ['ecs.r6.large', 'Stopped']);
        const again = await live.control(`aliyun/orders/${r.body!.orderId}/pay`, {});
        assert.equal(again.error.code, 'Conflict');
        assert.equal((await live.control('aliyun/orders/123/pay', {})).error.code, 'NotFound');
      });

      test('auto-pay the balance cannot cover is InvalidAccountStatus.NotEnoughBalance (403), nothing recorded', async () => {
        await loadWorld((w) => {
          w.accounts[0].balance = '0.01';
        });
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge' }), 'InvalidAccountStatus.NotEnoughBalance', 403);
        assert.equal((await orders()).length, 0);
      });

      test('ClientToken: the same request answers the same OrderId', async () => {
        const a = await prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge', clientToken: 'prepay-token-1' });
        await settle();
        const b = await prepay({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge', clientToken: 'prepay-token-1' });
        assert.equal(b.body!.orderId, a.body!.orderId);
        assert.equal((await orders()).length, 1);
        await refused(prepay({ instanceId: I.db01, instanceType: 'ecs.r6.2xlarge', clientToken: 'prepay-token-1' }), 'IdempotenceParamNotMatch', 400);
      });

      test('RegionId is mandatory and must be the instance\'s', async () => {
        await refused(ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ instanceId: I.db01, instanceType: 'ecs.r6.xlarge' })), 'MissingParameter', 400);
        await refused(prepay({ regionId: 'cn-nowhere', instanceId: I.db01, instanceType: 'ecs.r6.xlarge' }), 'InvalidRegionId.NotFound', 404);
      });
    });

    describe('routing (gateway)', () => {
      // the SDK's generic callApi, as a client built for another API version or operation calls it
      const call = (action: string, version: string) =>
        (ecs as any).callApi(
          { action, version, protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' },
          { query: {} },
          {},
        );

      test('an Action specshift does not serve is InvalidAction.NotFound (404)', async () => {
        const e = await refused(call('RebootInstance', '2014-05-26'), 'InvalidAction.NotFound', 404);
        assert.equal(e.data.Message, 'Specified api is not found, please check your url and method.');
      });

      test('another API version is InvalidVersion (400)', async () => {
        const e = await refused(call('DescribeRegions', '2016-03-14'), 'InvalidVersion', 400);
        assert.equal(e.data.Message, 'Specified parameter Version is not valid.');
        const ok = await call('DescribeRegions', '2014-05-26');
        assert.equal(ok.statusCode, 200);
      });
    });

    describe('authentication (gateway)', () => {
      test('a wrong secret is SignatureDoesNotMatch (400) with the server\'s string to sign', async () => {
        const bad = makeClient(live.port, sig.algorithm, { sk: 'not-the-secret' });
        const e = await refused(bad.describeRegions(new Ecs.DescribeRegionsRequest({})), 'SignatureDoesNotMatch', 400);
        assert.match(e.data.Message, /^Specified signature is not matched with our calculation\. server string to sign is:/);
      });

      test('an unknown key, or a Huawei key, is InvalidAccessKeyId.NotFound (404)', async () => {
        await refused(makeClient(live.port, sig.algorithm, { ak: 'LTAInobody' }).describeRegions(new Ecs.DescribeRegionsRequest({})), 'InvalidAccessKeyId.NotFound', 404);
        const huawei = makeClient(live.port, sig.algorithm, { ak: 'SPECSHIFTDEMOAK00001', sk: 'specshiftDemoSecretKey00000000000000000001' });
        await refused(huawei.describeRegions(new Ecs.DescribeRegionsRequest({})), 'InvalidAccessKeyId.NotFound', 404);
      });

      test('an STS key works with its token only', async () => {
        await loadWorld((w) => {
          w.accounts[0].access_keys.push({ cloud: 'aliyun', ak: 'STS.NSpecshiftTemporary01', sk: 'stsSecret000000000001', security_token: 'CAIS-specshift-token' });
        });
        const sts = (token?: string) => makeClient(live.port, sig.algorithm, { ak: 'STS.NSpecshiftTemporary01', sk: 'stsSecret000000000001', ...(token ? { securityToken: token } : {}) });
        const ok = await sts('CAIS-specshift-token').describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
        assert.equal(ok.body!.totalCount, 7);
        await refused(sts().describeRegions(new Ecs.DescribeRegionsRequest({})), 'MissingSecurityToken', 400);
        await refused(sts('CAIS-someone-else').describeRegions(new Ecs.DescribeRegionsRequest({})), 'InvalidSecurityToken.MismatchWithAccessKey', 400);
      });
    });
  });
}
