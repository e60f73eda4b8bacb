// Alibaba RPC on the wire, with requests signed by hand (HMAC-SHA1 "v2" and ACS3-HMAC-SHA256):
// whole reply bodies pinned with deepEqual on a world whose ids and times are all fixed, every
// gateway refusal in its exact envelope, and hostile input that must never earn a 5xx.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { percentEncode, v2StringToSign } from '../../src/providers/aliyun/shared/rpc-request.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const AK = 'LTAIwireTest00000001';
const SK = 'wireSecret0000000001';
const ID = 'i-bp1wire0001';

const WORLD = {
  accounts: [{ name: 'wire', id: '0123456789abcdef0123456789abcdef', balance: '100.00', access_keys: [{ cloud: 'aliyun', ak: AK, sk: SK }] }],
  aliyun: {
    regions: [{ id: 'cn-hangzhou', local_name: 'China (Hangzhou)', zones: [{ id: 'cn-hangzhou-h', local_name: 'Hangzhou Zone H' }] }],
    rate_limits: { DescribeRegions: { calls: 3, period_seconds: 60 } },
    instances: [
      {
        id: ID,
        name: 'wire-01',
        account: 'wire',
        region: 'cn-hangzhou',
        instance_type: 'ecs.g6.large',
        status: 'Running',
        bandwidth_out: 5,
        created_at: '2024-01-02T03:04:05Z',
        vpc_id: 'vpc-bp1wire',
        vswitch_id: 'vsw-bp1wire',
        private_ip: '172.16.0.10',
        public_ip: '47.96.1.2',
        security_group_ids: ['sg-bp1wire'],
        host_name: 'wire-host',
        description: 'pinned',
        tags: { env: 'test' },
      },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: live.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const timestamp = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A v2 (HMAC-SHA1) call: every parameter in the query (GET) or in a form body (POST). */
function v2(action: string, params: Record<string, string>, opts: { method?: 'GET' | 'POST'; version?: string; secret?: string; ts?: string; nonce?: string } = {}) {
  const method = opts.method ?? 'GET';
  const all = new Map<string, string>(
    Object.entries({
      Action: action,
      Version: opts.version ?? '2014-05-26',
      Format: 'JSON',
      AccessKeyId: AK,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: opts.nonce ?? randomUUID(),
      Timestamp: opts.ts ?? timestamp(),
      ...params,
    }),
  );
  const signature = createHmac('sha1', `${opts.secret ?? SK}&`).update(v2StringToSign(method, all)).digest('base64');
  all.set('Signature', signature);
  const encoded = [...all].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return method === 'GET' ? send('GET', `/?${encoded}`, {}) : send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, encoded);
}

/** An ACS3-HMAC-SHA256 call as the default SDK path sends it: operation parameters in the query. */
function acs3(action: string, params: Record<string, string>, opts: { version?: string; extraHeaders?: Record<string, string> } = {}) {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${percentEncode(params[k]!)}`)
    .join('&');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${live.port}`,
    'x-acs-action': action,
    'x-acs-version': opts.version ?? '2014-05-26',
    'x-acs-date': timestamp(),
    'x-acs-signature-nonce': createHash('sha256').update(randomUUID()).digest('hex'),
    'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
    ...(opts.extraHeaders ?? {}),
  };
  const signed = Object.keys(headers).sort();
  const canonical = ['POST', '/', query, signed.map((h) => `${h}:${headers[h]}\n`).join(''), signed.join(';'), headers['x-acs-content-sha256']].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', SK).update(stringToSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return send('POST', query ? `/?${query}` : '/', headers);
}

/** The RequestId of a reply is X-Request-Id in Alibaba's layout. */
function requestIdOf(r: Reply): string {
  const hex = String(r.headers['x-request-id']).toUpperCase();
  assert.match(hex, /^[0-9A-F]{32}$/);
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  assert.equal(r.headers['x-acs-request-id'], id);
  return id;
}

function envelope(r: Reply, status: number, code: string, message: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const rid = requestIdOf(r);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  assert.deepEqual(r.body, {
    RequestId: rid,
    HostId: `127.0.0.1:${live.port}`,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs&requestId=${rid}`,
  });
}

beforeEach(() => live.control('world/reset', {}));

const INSTANCE_ATTRIBUTE = {
  InstanceId: ID,
  InstanceName: 'wire-01',
  Description: 'pinned',
  HostName: 'wire-host',
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-h',
  InstanceType: 'ecs.g6.large',
  Cpu: 2,
  Memory: 8192,
  Status: 'Running',
  InstanceChargeType: 'PostPaid',
  InternetChargeType: 'PayByTraffic',
  InternetMaxBandwidthOut: 5,
  InternetMaxBandwidthIn: 10,
  ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
  IoOptimized: 'optimized',
  InstanceNetworkType: 'vpc',
  StoppedMode: 'Not-applicable',
  CreationTime: '2024-01-02T03:04Z',
  ExpiredTime: '2099-12-31T15:59Z',
  SerialNumber: 'SERIAL',
  ClusterId: '',
  VlanId: '',
  CreditSpecification: '',
  EnableJumboFrame: false,
  DedicatedHostAttribute: { DedicatedHostId: '', DedicatedHostName: '' },
  VpcAttributes: { VpcId: 'vpc-bp1wire', VSwitchId: 'vsw-bp1wire', NatIpAddress: '', PrivateIpAddress: { IpAddress: ['172.16.0.10'] } },
  InnerIpAddress: { IpAddress: [] },
  PublicIpAddress: { IpAddress: ['47.96.1.2'] },
  EipAddress: { AllocationId: '', IpAddress: '', Bandwidth: 0, InternetChargeType: '' },
  SecurityGroupIds: { SecurityGroupId: ['sg-bp1wire'] },
  OperationLocks: { LockReason: [] },
};

describe('replies, byte for byte', () => {
  test('DescribeInstanceAttribute (v2, GET)', async () => {
    const r = await v2('DescribeInstanceAttribute', { InstanceId: ID });
    assert.equal(r.status, 200);
    assert.match(r.body.SerialNumber, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(r.body, { RequestId: requestIdOf(r), ...INSTANCE_ATTRIBUTE, SerialNumber: r.body.SerialNumber });
  });

  test('DescribeInstances (ACS3): the one instance, every field', async () => {
    const r = await acs3('DescribeInstances', { RegionId: 'cn-hangzhou' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const inst = r.body.Instances.Instance[0];
    assert.deepEqual(r.body, {
      RequestId: requestIdOf(r),
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      NextToken: '',
      Instances: {
        Instance: [
          {
            InstanceId: ID,
            InstanceName: 'wire-01',
            Description: 'pinned',
            HostName: 'wire-host',
            RegionId: 'cn-hangzhou',
            ZoneId: 'cn-hangzhou-h',
            InstanceType: 'ecs.g6.large',
            InstanceTypeFamily: 'ecs.g6',
            Cpu: 2,
            Memory: 8192,
            GPUAmount: 0,
            GPUSpec: '',
            CpuOptions: { CoreCount: 1, ThreadsPerCore: 2, Numa: '' },
            CreditSpecification: '',
            Status: 'Running',
            InstanceChargeType: 'PostPaid',
            SpotStrategy: 'NoSpot',
            SpotPriceLimit: 0,
            SpotDuration: 0,
            SpotInterruptionBehavior: 'Terminate',
            InternetChargeType: 'PayByTraffic',
            InternetMaxBandwidthOut: 5,
            InternetMaxBandwidthIn: 10,
            OSType: 'linux',
            OSName: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
            OSNameEn: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
            ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
            IoOptimized: true,
            InstanceNetworkType: 'vpc',
            StoppedMode: 'Not-applicable',
            CreationTime: '2024-01-02T03:04Z',
            StartTime: '2024-01-02T03:04Z',
            ExpiredTime: '2099-12-31T15:59Z',
            AutoReleaseTime: '',
            DeletionProtection: false,
            DeviceAvailable: true,
            Recyclable: false,
            SerialNumber: inst.SerialNumber,
            ResourceGroupId: '',
            KeyPairName: '',
            ClusterId: '',
            DeploymentSetId: '',
            HpcClusterId: '',
            VlanId: '',
            LocalStorageAmount: 0,
            LocalStorageCapacity: 0,
            DedicatedHostAttribute: { DedicatedHostId: '', DedicatedHostName: '', DedicatedHostClusterId: '' },
            DedicatedInstanceAttribute: { Affinity: '', Tenancy: '' },
            EcsCapacityReservationAttr: { CapacityReservationId: '', CapacityReservationPreference: '' },
            HibernationOptions: { Configured: false },
            MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional', HttpPutResponseHopLimit: 0 },
            VpcAttributes: { VpcId: 'vpc-bp1wire', VSwitchId: 'vsw-bp1wire', NatIpAddress: '', PrivateIpAddress: { IpAddress: ['172.16.0.10'] } },
            NetworkInterfaces: {
              NetworkInterface: [
                {
                  NetworkInterfaceId: 'eni-bp1wire0001',
                  MacAddress: inst.NetworkInterfaces.NetworkInterface[0].MacAddress,
                  PrimaryIpAddress: '172.16.0.10',
                  Type: 'Primary',
                  PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }] },
                },
              ],
            },
            InnerIpAddress: { IpAddress: [] },
            PublicIpAddress: { IpAddress: ['47.96.1.2'] },
            EipAddress: { AllocationId: '', IpAddress: '', Bandwidth: 0, InternetChargeType: '' },
            SecurityGroupIds: { SecurityGroupId: ['sg-bp1wire'] },
            OperationLocks: { LockReason: [] },
            Tags: { Tag: [{ TagKey: 'env', TagValue: 'test' }] },
          },
        ],
      },
    });
    assert.match(inst.NetworkInterfaces.NetworkInterface[0].MacAddress, /^00:16:3e(:[0-9a-f]{2}){3}$/);
    // derived values are stable: the same on every call
    const again = await acs3('DescribeInstances', { RegionId: 'cn-hangzhou' });
    assert.equal(again.body.Instances.Instance[0].SerialNumber, inst.SerialNumber);
  });

  test('DescribeInstanceStatus, DescribeRegions, ModifyInstanceSpec (v2 POST form)', async () => {
    const s = await v2('DescribeInstanceStatus', { RegionId: 'cn-hangzhou', 'InstanceId.1': ID }, { method: 'POST' });
    assert.deepEqual(s.body, { RequestId: requestIdOf(s), TotalCount: 1, PageNumber: 1, PageSize: 10, InstanceStatuses: { InstanceStatus: [{ InstanceId: ID, Status: 'Running' }] } });
    const g = await v2('DescribeRegions', {});
    assert.deepEqual(g.body, {
      RequestId: requestIdOf(g),
      Regions: { Region: [{ RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)', RegionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com', Status: 'available' }] },
    });
    const m = await v2('ModifyInstanceSpec', { InstanceId: ID, InternetMaxBandwidthOut: '20' }, { method: 'POST' });
    assert.equal(m.status, 200);
    assert.deepEqual(m.body, { RequestId: requestIdOf(m) });
  });

  test('DescribeInstanceTypes returns the catalog record without its non-wire fields', async () => {
    const r = await acs3('DescribeInstanceTypes', { 'InstanceTypes.1': 'ecs.sn2ne.large' });
    assert.deepEqual(r.body.NextToken, '');
    const rec = r.body.InstanceTypes.InstanceType[0];
    assert.equal(rec.InstanceTypeId, 'ecs.sn2ne.large');
    assert.equal('price' in rec || 'status' in rec, false);
  });
});

describe('refusals in the exact Alibaba envelope', () => {
  test('unknown Action: InvalidAction.NotFound (404); other Version: InvalidVersion (400)', async () => {
    envelope(await v2('RebootInstances', {}), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    envelope(await acs3('RebootInstances', {}), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    envelope(await v2('DescribeRegions', {}, { version: '2016-03-14' }), 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    envelope(await acs3('DescribeRegions', {}, { version: '2014-05-27' }), 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  });

  test('business refusals: InvalidInstanceId.NotFound (404), DryRunOperation (400)', async () => {
    envelope(await v2('ModifyInstanceSpec', { InstanceId: 'i-bp1nosuch', InstanceType: 'ecs.g6.xlarge' }), 404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
    envelope(await acs3('StopInstance', { InstanceId: ID, DryRun: 'true' }), 400, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.');
  });

  test('a replayed request is SignatureNonceUsed; the nonce is kept for the window', async () => {
    const nonce = randomUUID();
    const ts = timestamp();
    assert.equal((await v2('DescribeRegions', {}, { nonce, ts })).status, 200);
    envelope(await v2('DescribeRegions', {}, { nonce, ts }), 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    // another key's nonce space is separate; the same nonce with a new timestamp is still a replay
    envelope(await v2('DescribeRegions', {}, { nonce }), 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  });

  test('eight copies of one signed request sent at once: one is answered, seven are SignatureNonceUsed', async () => {
    const nonce = randomUUID();
    const ts = timestamp();
    const replies = await Promise.all(Array.from({ length: 8 }, () => v2('DescribeRegions', {}, { nonce, ts })));
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400, 400, 400]);
    for (const r of replies.filter((x) => x.status === 400)) assert.equal(r.body.Code, 'SignatureNonceUsed');
  });

  test('a Timestamp 16 minutes off is InvalidTimeStamp.Expired; a malformed one InvalidTimeStamp.Format', async () => {
    envelope(await v2('DescribeRegions', {}, { ts: timestamp(Date.now() - 16 * 60 * 1000) }), 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    envelope(await v2('DescribeRegions', {}, { ts: timestamp(Date.now() + 16 * 60 * 1000) }), 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    envelope(await v2('DescribeRegions', {}, { ts: '2024-13-01T00:00:00Z' }), 400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  });

  test('a wrong secret is SignatureDoesNotMatch with the server string to sign', async () => {
    const r = await v2('DescribeRegions', {}, { secret: 'nope' });
    assert.equal(r.status, 400);
    assert.equal(r.body.Code, 'SignatureDoesNotMatch');
    assert.match(r.body.Message, /^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&AccessKeyId%3DLTAIwireTest00000001%26Action%3DDescribeRegions/);
  });

  test('no credentials at all: MissingParameter naming AccessKeyId', async () => {
    envelope(await send('GET', '/?Action=DescribeRegions&Version=2014-05-26', {}), 400, 'MissingParameter', 'The input parameter "AccessKeyId" that is mandatory for processing this request is not supplied.');
    envelope(await send('POST', '/', {}), 400, 'MissingParameter', 'The input parameter "AccessKeyId" that is mandatory for processing this request is not supplied.');
  });

  test('x-acs-action disagreeing with the signed Action is InvalidParameter "Action or Version"', async () => {
    const r = await acs3('DescribeRegions', { Action: 'StopInstance' });
    envelope(r, 400, 'InvalidParameter', 'The specified parameter "Action or Version" is not valid.');
  });

  test('beyond the rate limit: Throttling (400) with x-acs-retry-after in ms', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await v2('DescribeRegions', {})).status, 200);
    const r = await v2('DescribeRegions', {});
    envelope(r, 400, 'Throttling', 'Request was denied due to request throttling, please try again after 5 minutes.');
    const wait = Number(r.headers['x-acs-retry-after']);
    assert.ok(wait > 0 && wait <= 60_000, String(wait));
  });

  test('InternalError (500) only for an injected fault', async () => {
    await live.control('faults', { server_id: ID, message: 'switch reboot' });
    const r = await v2('ModifyInstanceSpec', { InstanceId: ID, InternetMaxBandwidthOut: '7' });
    envelope(r, 500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure. (switch reboot)');
    assert.equal((await v2('ModifyInstanceSpec', { InstanceId: ID, InternetMaxBandwidthOut: '7' })).status, 200);
  });

  test('a body over the server limit is RequestEntityTooLarge (413) in the Alibaba envelope', async () => {
    const big = `Action=DescribeRegions&Pad=${'x'.repeat(1024 * 1024 + 10)}`;
    envelope(await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, big), 413, 'RequestEntityTooLarge', 'The request body is too large.');
  });

  test('another method on / answers in the Alibaba envelope too', async () => {
    const r = await send('PUT', '/?Action=DescribeRegions', {});
    assert.equal(r.status, 404);
    assert.equal(r.body.Code, 'InvalidAction.NotFound');
  });
});

describe('hostile input never earns a 5xx', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['a 5000-character InstanceId', { InstanceId: 'i-'.padEnd(5000, 'a'), InstanceType: 'ecs.g6.xlarge' }, 'InvalidParameter'],
    ['a bandwidth of 1e309', { InstanceId: ID, InternetMaxBandwidthOut: '1e309' }, 'InvalidParameter'],
    ['a bandwidth of 99999999999999999999', { InstanceId: ID, InternetMaxBandwidthOut: '99999999999999999999' }, 'InvalidParameter'],
    ['a boolean that is not one', { InstanceId: ID, InstanceType: 'ecs.g6.xlarge', DryRun: '1' }, 'InvalidParameter'],
    ['__proto__ as a parameter', { __proto__x: '1', ['__proto__']: '{"polluted":true}', InstanceId: ID, InternetMaxBandwidthOut: '6', DryRun: 'true' } as Record<string, string>, 'DryRunOperation'],
    ['NUL and emoji in a type', { InstanceId: ID, InstanceType: 'ecs.\u0000😀' }, 'InvalidInstanceStatus.NotStopped'],
  ];
  for (const [name, params, code] of cases) {
    test(name, async () => {
      const r = await v2('ModifyInstanceSpec', params, { method: 'POST' });
      assert.ok(r.status < 500, `${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(r.body.Code, code, JSON.stringify(r.body));
    });
  }

  test('DescribeInstances: a huge Tag index, broken JSON, a forged NextToken', async () => {
    const codes = [];
    for (const params of <Record<string, string>[]>[{ 'Tag.999999.Key': 'a' }, { InstanceIds: '["i-a",' }, { InstanceIds: '{"a":1}' }, { NextToken: 'Zm9v', MaxResults: '10' }, { PageNumber: '0' }, { PageSize: '-1' }]) {
      const r = await v2('DescribeInstances', { RegionId: 'cn-hangzhou', ...params });
      codes.push(`${r.status} ${r.body.Code}`);
    }
    assert.deepEqual(codes, Array(6).fill('400 InvalidParameter'));
  });

  test('malformed percent-encoding and repeated keys fail the signature, not the server', async () => {
    const r = await send('GET', `/?Action=DescribeRegions&Version=2014-05-26&AccessKeyId=${AK}&Signature=%E0%A4%A&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=${timestamp()}&SignatureNonce=x&Action=StopInstance`, {});
    assert.equal(r.status, 400);
    assert.equal(r.body.Code, 'SignatureDoesNotMatch');
  });
});
