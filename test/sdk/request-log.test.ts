// The request log answers "what did my SDK send, and why was it refused": every call with its
// operation, account, project/region, resources, status, code, request id and signature scheme;
// refusals with their reason in plain words; secrets never shown. Plus the SSE stream and metrics.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { DEMO } from '../helpers/demo.js';
import { attempt, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { sdkDate, send, sign, signedSend } from '../helpers/raw-huawei.js';

const ALI = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001', region: 'cn-hangzhou' };
const aliyun = (port: number, sk = ALI.sk, algorithm?: string) =>
  new Ecs.default(
    new OpenApi.Config({ accessKeyId: ALI.ak, accessKeySecret: sk, endpoint: `127.0.0.1:${port}`, protocol: 'http', ...(algorithm ? { signatureAlgorithm: algorithm } : {}) }) as unknown as ConstructorParameters<typeof Ecs.default>[0],
  );

let live: LiveServer;
const log = async (q = '') => (await live.control(`requests?${q}`)).requests as any[];
const last = async (q = '') => (await log(q)).at(-1);

describe('the request log', () => {
  before(async () => {
    live = await startLiveServer({ timing: 'instant' });
  });
  after(() => live.close());
  beforeEach(async () => {
    await fetch(`${live.endpoint}/_specshift/requests`, { method: 'DELETE' });
  });

  test('a resize through the SDK: exactly one ResizeServer, with everything a reader asks about', async () => {
    const ecs = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    await ecs.resizeServer(
      new ecsSdk.ResizeServerRequest().withServerId(DEMO.servers.web01).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))),
    );
    const calls = await log('operation=ResizeServer');
    assert.equal(calls.length, 1);
    const c = calls[0];
    assert.equal(c.cloud, 'huawei');
    assert.equal(c.service, 'ecs');
    assert.equal(c.status, 200);
    assert.equal(c.project, DEMO.project);
    assert.equal(c.region, 'cn-north-4');
    assert.deepEqual(c.resources, [DEMO.servers.web01]);
    assert.equal(c.signature, 'SDK-HMAC-SHA256');
    assert.match(c.account, /^[0-9a-f]{32}$/);
    assert.match(c.request_id, /^[0-9a-f]{32}$/);
    assert.ok(c.latency_ms > 0);
    const d = await live.control(`requests/${c.seq}`);
    assert.match(d.request.headers.authorization, /^SDK-HMAC-SHA256 Access=SPECSHIFTDEMOAK00001, SignedHeaders=[a-z;-]+, Signature=\[redacted\]$/);
    assert.equal(JSON.parse(d.request.body).resize.flavorRef, 's6.xlarge.2');
    assert.match(JSON.parse(d.reply.body).job_id, /^[0-9a-f]{32}$/);
    assert.equal(d.reply.headers['x-request-id'], c.request_id);
    // filters
    assert.equal((await log('status=4xx')).length, 0);
    assert.equal((await log(`since=${c.seq}`)).length, 0);
    assert.equal((await log('cloud=aliyun')).length, 0);
  });

  test('Huawei refusals say why: wrong secret, re-stamped X-Sdk-Date, unsigned body change, expired date, unknown key, token', async () => {
    const path = `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`;
    const wrong = ecsClient(live.endpoint, DEMO.ak, `${DEMO.sk}x`, DEMO.project);
    await attempt(() => wrong.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01)));
    let c = await last();
    assert.equal(c.error_code, 'APIGW.0301');
    assert.match(c.reason, /signature mismatch: no single difference explains it; either the request was not signed with the secret key of access key SPECSHIFTDEMOAK00001/);

    // signed at one second, sent with the header of the next (a proxy re-stamped it)
    const host = new URL(live.endpoint).host;
    const t = Date.now();
    const headers = { 'content-type': 'application/json', host, 'x-project-id': DEMO.project, 'x-sdk-date': sdkDate(t) };
    const authorization = sign({ method: 'GET', path, headers, body: '', ak: DEMO.ak, sk: DEMO.sk });
    await send(live.endpoint, 'GET', path, { ...headers, 'x-sdk-date': sdkDate(t + 1000), authorization });
    c = await last();
    assert.match(c.reason, /^signature mismatch: the canonical request differs in the x-sdk-date header: the signature was made for X-Sdk-Date \d{8}T\d{6}Z, but the request carries \d{8}T\d{6}Z/);

    await signedSend(live.endpoint, { ...DEMO, project: DEMO.project }, 'POST', `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.web01}/resize`, '', { tamperBody: '{"resize":{"flavorRef":"s6.xlarge.2"}}' });
    c = await last();
    assert.match(c.reason, /the client signed an empty body but sent \d+ bytes/);

    await signedSend(live.endpoint, { ...DEMO, project: DEMO.project }, 'GET', path, '', { date: Date.now() - 3600_000 });
    c = await last();
    assert.equal(c.error_code, 'APIGW.0303');
    assert.match(c.reason, /X-Sdk-Date \d{8}T\d{6}Z is -360\d s from the server clock/);

    await signedSend(live.endpoint, { ak: 'NOSUCHKEY00000000000', sk: 'x', project: DEMO.project }, 'GET', path);
    assert.match((await last()).reason, /access key NOSUCHKEY00000000000 is not in the world/);

    await send(live.endpoint, 'GET', path, { 'x-auth-token': 'not-a-token' });
    c = await last();
    assert.equal(c.signature, 'X-Auth-Token');
    assert.match(c.reason, /X-Auth-Token was not issued/);
    const d = await live.control(`requests/${c.seq}`);
    assert.equal(d.request.headers['x-auth-token'], '[redacted]');

    await send(live.endpoint, 'GET', '/v1/nowhere', {});
    c = await last();
    assert.equal(c.status, 404);
    assert.equal(c.operation, null);
    assert.match(c.reason, /no operation takes GET \/v1\/nowhere/);
  });

  test('Alibaba refusals say why, both signatures; passwords and secrets never show', async () => {
    for (const algorithm of [undefined, 'v2']) {
      await attempt(() => aliyun(live.port, `${ALI.sk}x`, algorithm).describeRegions(new Ecs.DescribeRegionsRequest({})));
      const c = await last();
      assert.equal(c.cloud, 'aliyun');
      assert.equal(c.operation, 'DescribeRegions');
      assert.equal(c.error_code, 'SignatureDoesNotMatch');
      assert.equal(c.signature, algorithm ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256');
      assert.match(c.reason, /signature mismatch: no single difference explains it; either the request was not signed with the secret of access key LTAIspecshiftDemo0001/);
      const d = await live.control(`requests/${c.seq}`);
      const all = JSON.stringify(d);
      assert.ok(!all.includes(ALI.sk), 'the secret never shows');
      if (algorithm) assert.match(d.request.url, /Signature=\[redacted\]/);
    }
    // IAM's password token: the password is in the body, and never in the log
    await fetch(`${live.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } }, scope: { project: { id: DEMO.project } } } }),
    });
    const c = await last();
    const d = await live.control(`requests/${c.seq}`);
    assert.ok(!JSON.stringify(d).includes(DEMO.password), 'the password never shows');
    assert.match(d.request.body, /"password": "\[redacted\]"/);
    if (d.reply.headers['x-subject-token']) assert.equal(d.reply.headers['x-subject-token'], '[redacted]');
  });

  test('the stream sends each call as it is logged (server-sent events), resuming after Last-Event-ID', async () => {
    const ac = new AbortController();
    const res = await fetch(`${live.endpoint}/_specshift/requests/stream?cloud=aliyun`, { signal: ac.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    await aliyun(live.port).describeRegions(new Ecs.DescribeRegionsRequest({}));
    let text = '';
    while (!text.includes('DescribeRegions')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const m = /id: (\d+)\nevent: request\ndata: (.*)\n\n/.exec(text)!;
    assert.equal(JSON.parse(m[2]!).operation, 'DescribeRegions');
    const again = await fetch(`${live.endpoint}/_specshift/requests/stream`, { headers: { 'last-event-id': String(Number(m[1]) - 1) }, signal: AbortSignal.timeout(500) }).then(async (r) => {
      const rd = r.body!.getReader();
      return new TextDecoder().decode((await rd.read()).value);
    });
    assert.match(again, new RegExp(`id: ${m[1]}\\n`));
  });

  test('metrics in the Prometheus text format: calls by cloud, operation and status; latency; jobs by status; store transactions', async () => {
    await aliyun(live.port).describeRegions(new Ecs.DescribeRegionsRequest({}));
    const res = await fetch(`${live.endpoint}/_specshift/metrics`);
    assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^specshift_requests_total\{cloud="aliyun",operation="DescribeRegions",status="200"\} [1-9]/m);
    assert.match(text, /^specshift_request_duration_seconds_bucket\{le="0\.5",cloud="aliyun",operation="DescribeRegions"\} [1-9]/m);
    assert.match(text, /^specshift_jobs\{status="SUCCESS"\} \d+/m);
    assert.match(text, /^specshift_store_transaction_seconds_count [1-9]/m);
    assert.match(text, /^specshift_process_cpu_seconds_total/m);
  });
});
