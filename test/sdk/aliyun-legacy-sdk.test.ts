// Alibaba's legacy JavaScript SDK `aliyun-sdk` (ALY.ECS, 1.12.x) against a live specshift. It signs
// HMAC-SHA1 1.0 with everything in a POST form body and a Timestamp from Date.toISOString(), with
// milliseconds; it was written against the real endpoint, so the gateway takes the fraction.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createHmac, randomUUID } from 'node:crypto';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ALY = require('aliyun-sdk');

const KEY = { ak: 'LTAIlegacySdk0000001', sk: 'legacySdkSecret00000001' };
const REGION = 'cn-hangzhou';
const STOPPED = 'i-bp1legacy0001';
const RUNNING = 'i-bp1legacy0002';

const WORLD = {
  accounts: [{ name: 'legacy', id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa1234', balance: '100.00', access_keys: [{ cloud: 'aliyun', ...KEY }] }],
  aliyun: {
    regions: [{ id: REGION, zones: [{ id: 'cn-hangzhou-h' }] }],
    instances: [
      { id: STOPPED, name: 'legacy-01', account: 'legacy', region: REGION, instance_type: 'ecs.g6.large', status: 'Stopped', bandwidth_out: 5 },
      { id: RUNNING, name: 'legacy-02', account: 'legacy', region: REGION, instance_type: 'ecs.g6.large', status: 'Running' },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());

type Callback = (err: any, data: any) => void;
function client(endpoint: string, secret = KEY.sk): Record<string, (params: Record<string, unknown>) => Promise<any>> {
  const ecs = new ALY.ECS({ accessKeyId: KEY.ak, secretAccessKey: secret, endpoint, apiVersion: '2014-05-26' });
  return new Proxy({}, { get: (_t, name: string) => (params: Record<string, unknown>) => new Promise((resolve, reject) => ecs[name](params, ((err, data) => (err ? reject(err) : resolve(data))) as Callback)) });
}

async function failure(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (e) {
    return e;
  }
  assert.fail('the call succeeded');
}

/** Receives one request the way a server would, answers `{}` and hands back what came. */
async function capture(send: (endpoint: string) => Promise<unknown>): Promise<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> {
  let got: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    await send(`http://127.0.0.1:${port}`);
  } finally {
    server.close();
  }
  return got!;
}

function post(body: string, headers: http.OutgoingHttpHeaders, path = '/', method = 'POST'): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: live.port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('aliyun-sdk (ALY.ECS, legacy)', () => {
  test('it signs a Timestamp with milliseconds; the captured request is taken as it is', async () => {
    const req = await capture((endpoint) => client(endpoint).describeInstances({ RegionId: REGION, InstanceIds: JSON.stringify([STOPPED]) }));
    const form = new URLSearchParams(req.body);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/');
    assert.match(form.get('Timestamp')!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(form.get('SignatureMethod'), 'HMAC-SHA1');
    const replayed = await post(req.body, { 'content-type': String(req.headers['content-type']), host: `127.0.0.1:${live.port}` });
    assert.equal(replayed.status, 200, JSON.stringify(replayed.json));
    assert.equal(replayed.json.Instances.Instance[0].InstanceId, STOPPED);
  });

  test('DescribeRegions, DescribeInstances, DescribeInstanceAttribute', async () => {
    const ecs = client(live.endpoint);
    const regions = await ecs.describeRegions({});
    assert.deepEqual(regions.Regions.Region.map((r: any) => r.RegionId), [REGION]);
    const list = await ecs.describeInstances({ RegionId: REGION, PageSize: 10 });
    assert.equal(list.TotalCount, 2);
    assert.match(list.RequestId, /^[0-9A-F-]{36}$/);
    const one = await ecs.describeInstanceAttribute({ InstanceId: RUNNING });
    assert.deepEqual([one.InstanceId, one.Status, one.IoOptimized], [RUNNING, 'Running', 'optimized']);
  });

  test('ModifyInstanceSpec: a type change and a bandwidth change; a refusal keeps its code and status', async () => {
    const ecs = client(live.endpoint);
    await ecs.modifyInstanceSpec({ InstanceId: STOPPED, InstanceType: 'ecs.g6.xlarge' });
    assert.equal((await ecs.describeInstanceAttribute({ InstanceId: STOPPED })).InstanceType, 'ecs.g6.xlarge');
    await ecs.modifyInstanceSpec({ InstanceId: RUNNING, InternetMaxBandwidthOut: 20 });
    assert.equal((await ecs.describeInstanceAttribute({ InstanceId: RUNNING })).InternetMaxBandwidthOut, 20);
    const err = await failure(ecs.modifyInstanceSpec({ InstanceId: RUNNING, InstanceType: 'ecs.g6.xlarge' }));
    assert.deepEqual([err.code, err.statusCode, err.retryable], ['InvalidInstanceStatus.NotStopped', 400, false]);
    assert.equal(err.message, 'The specified Instance status is not stopped.');
  });

  test('ModifyInstanceNetworkSpec and AllocatePublicIpAddress through the same client', async () => {
    const ecs = client(live.endpoint);
    await ecs.modifyInstanceNetworkSpec({ InstanceId: RUNNING, InternetMaxBandwidthOut: 30 });
    const ip = await ecs.allocatePublicIpAddress({ InstanceId: RUNNING });
    assert.match(ip.IpAddress, /^47\./);
    const i = await ecs.describeInstanceAttribute({ InstanceId: RUNNING });
    assert.deepEqual([i.InternetMaxBandwidthOut, i.PublicIpAddress.IpAddress], [30, [ip.IpAddress]]);
  });

  test('a wrong secret is SignatureDoesNotMatch: the millisecond Timestamp is signed, not waved through', async () => {
    const err = await failure(client(live.endpoint, 'not-the-secret').describeRegions({}));
    assert.deepEqual([err.code, err.statusCode], ['SignatureDoesNotMatch', 400]);
  });
});

describe('v2 Timestamps on the wire, GET and POST form', () => {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  function signed(method: string, ts: string): string {
    const p = new Map(
      Object.entries({ Action: 'DescribeRegions', Version: '2014-05-26', Format: 'JSON', AccessKeyId: KEY.ak, SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: randomUUID(), Timestamp: ts }),
    );
    const canonical = [...p.keys()].sort().map((k) => `${enc(k)}=${enc(p.get(k)!)}`).join('&');
    p.set('Signature', createHmac('sha1', `${KEY.sk}&`).update(`${method}&%2F&${enc(canonical)}`).digest('base64'));
    return [...p].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  }
  const now = () => new Date().toISOString();

  for (const method of ['GET', 'POST'] as const) {
    const call = (ts: string) => {
      const text = signed(method, ts);
      return method === 'GET' ? post('', {}, `/?${text}`, 'GET') : post(text, { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' });
    };
    test(`${method}: milliseconds (and tenths) accepted, malformed fractions refused`, async () => {
      assert.equal((await call(now())).status, 200);
      assert.equal((await call(now().replace(/\.\d{3}Z$/, '.5Z'))).status, 200);
      assert.equal((await call(now().replace(/\.\d{3}Z$/, 'Z'))).status, 200);
      for (const bad of [now().replace(/Z$/, '1Z'), now().replace(/\.\d{3}Z$/, '.Z'), now().replace(/\.(\d{3})Z$/, ',$1Z'), now().replace('T', ' ')]) {
        const r = await call(bad);
        assert.deepEqual([r.status, r.json.Code], [400, 'InvalidTimeStamp.Format'], bad);
      }
      // a stale one with milliseconds is still stale
      const r = await call(new Date(Date.now() - 16 * 60_000).toISOString());
      assert.deepEqual([r.status, r.json.Code], [400, 'InvalidTimeStamp.Expired']);
    });
  }
});
