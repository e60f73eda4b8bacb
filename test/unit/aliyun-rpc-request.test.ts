// The official Alibaba Cloud SDKs are pointed at a throw-away local server; the raw requests they
// send are captured and must parse and verify with rpc-request.ts, and stop verifying once
// tampered with. Hand-built requests cover what the SDKs never send (form bodies signed v2,
// garbled auth pieces).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import PopCore from '@alicloud/pop-core';
import {
  EMPTY_BODY_SHA256,
  isTimestampFresh,
  parseAcsTimestamp,
  parseRpcRequest,
  percentEncode,
  TIMESTAMP_WINDOW_MS,
  type RawRpcRequest,
  type RpcCall,
} from '../../src/providers/aliyun/shared/rpc-request.js';
import { ALIYUN_AUTH_ERRORS, signatureMismatchError, type AliyunAuthErrorCode } from '../../src/providers/aliyun/shared/auth-errors.js';

const AK = 'LTAI5tTestAccessKey';
const SECRET = 'test-secret/with+odd=chars';
const STS_AK = 'STS.NTestTemporaryKey';
const STS_TOKEN = 'CAIS+token/with=padding==';
const VERSION = '2014-05-26';

interface Captured {
  method: string;
  rawUrl: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let port = 0;
const captured: Captured[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ method: req.method ?? '', rawUrl: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"RequestId":"x"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(() => {
  // the SDKs keep sockets alive; drop them so the process can exit at once
  server.closeAllConnections();
  server.close();
});

/** Runs one SDK call and returns the single request it sent. */
async function captureOne(call: () => Promise<unknown>): Promise<Captured> {
  const start = captured.length;
  await call();
  assert.equal(captured.length - start, 1, 'the SDK sent exactly one request');
  return captured[start]!;
}

const toRaw = (c: Captured, patch: Partial<RawRpcRequest> = {}): RawRpcRequest => ({
  method: c.method,
  rawUrl: c.rawUrl,
  headers: c.headers,
  body: c.body,
  ...patch,
});

function parseOk(raw: RawRpcRequest): RpcCall {
  const r = parseRpcRequest(raw);
  if (!r.ok) assert.fail(`expected a parsed call, got ${r.error.code}: ${r.error.message}`);
  return r.call;
}

function parseErr(raw: RawRpcRequest, code: AliyunAuthErrorCode, messagePart?: string): void {
  const r = parseRpcRequest(raw);
  if (r.ok) assert.fail(`expected ${code}, got a parsed ${r.call.action}`);
  assert.equal(r.error.code, code);
  assert.equal(r.error.httpStatus, ALIYUN_AUTH_ERRORS[code].httpStatus);
  if (messagePart) assert.ok(r.error.message.includes(messagePart), r.error.message);
}

// ---- SDK clients -------------------------------------------------------------------------------

type EcsConfigInit = { securityToken?: string; signatureAlgorithm?: string; accessKeyId?: string };

function ecsClient(init: EcsConfigInit = {}): InstanceType<typeof Ecs.default> {
  const config = new OpenApi.Config({
    accessKeyId: init.accessKeyId ?? AK,
    accessKeySecret: SECRET,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(init.securityToken ? { securityToken: init.securityToken } : {}),
    ...(init.signatureAlgorithm ? { signatureAlgorithm: init.signatureAlgorithm } : {}),
  });
  // openapi-client's Config and openapi-core's are the same plain model; the types differ by package
  return new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
}

/** Values chosen to hit every encoding corner: space, '+', '*', '~', RFC 3986 sub-delims, UTF-8. */
const ODD = "a b+c*d~e'f!g(h)i/j=k&l ü 中文";

const modifySpec = (client: InstanceType<typeof Ecs.default>) =>
  client.modifyInstanceSpec(
    new Ecs.ModifyInstanceSpecRequest({
      instanceId: 'i-bp67acfmxazb4p****',
      instanceType: 'ecs.g6.large',
      internetMaxBandwidthOut: 10,
      systemDisk: { category: 'cloud_ssd' },
      clientToken: '0c593ea1-3bea-11e9-b96b-88e9fe637760',
      dryRun: true,
      modifyMode: ODD,
    }),
  );

const MODIFY_PARAMS = {
  InstanceId: 'i-bp67acfmxazb4p****',
  InstanceType: 'ecs.g6.large',
  InternetMaxBandwidthOut: '10',
  'SystemDisk.Category': 'cloud_ssd',
  ClientToken: '0c593ea1-3bea-11e9-b96b-88e9fe637760',
  DryRun: 'true',
  ModifyMode: ODD,
};

const describe = (client: InstanceType<typeof Ecs.default>) =>
  client.describeInstances(
    new Ecs.DescribeInstancesRequest({
      regionId: 'cn-hangzhou',
      instanceIds: '["i-a","i-b"]',
      tag: [
        { key: 'env name', value: 'prod+blue' },
        { key: 'owner', value: 'zoë*' },
      ],
    }),
  );

const DESCRIBE_PARAMS = {
  RegionId: 'cn-hangzhou',
  InstanceIds: '["i-a","i-b"]',
  'Tag.1.Key': 'env name',
  'Tag.1.Value': 'prod+blue',
  'Tag.2.Key': 'owner',
  'Tag.2.Value': 'zoë*',
};

const ACS3_SIGNED = 'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version';
const ACS3_SIGNED_STS =
  'host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version';

function assertFresh(call: RpcCall): void {
  assert.ok(isTimestampFresh(call.timestamp, Date.now()), `timestamp ${new Date(call.timestamp).toISOString()} is fresh`);
  assert.equal(call.timestamp % 1000, 0, 'whole seconds');
}

// ---- (1) ACS3-HMAC-SHA256, the SDK default ----------------------------------------------------

test('ecs20140526 default (ACS3): ModifyInstanceSpec parses and verifies', async () => {
  const c = await captureOne(() => modifySpec(ecsClient()));
  // what the SDK sends: POST /, operation params in the query only, empty body
  assert.equal(c.method, 'POST');
  assert.ok(c.rawUrl.startsWith('/?'));
  assert.equal(c.body.length, 0);
  assert.equal(c.headers['content-length'], '0');
  assert.equal(c.headers['content-type'], undefined);
  assert.ok(!/[?&](Action|Version|Signature|AccessKeyId)=/.test(c.rawUrl), 'no common params in the ACS3 query');
  assert.ok(c.rawUrl.includes('%2B') && c.rawUrl.includes('*') && c.rawUrl.includes('%20'), c.rawUrl);
  assert.equal(c.headers['x-acs-content-sha256'], EMPTY_BODY_SHA256);
  assert.equal(c.headers['x-acs-credentials-provider'], 'static_ak');
  assert.match(String(c.headers['x-acs-signature-nonce']), /^[0-9a-f]{64}$/);
  assert.match(String(c.headers['x-acs-date']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.match(String(c.headers.authorization), new RegExp(`^ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${ACS3_SIGNED},Signature=[0-9a-f]{64}$`));

  const call = parseOk(toRaw(c));
  assert.equal(call.scheme, 'ACS3-HMAC-SHA256');
  assert.equal(call.action, 'ModifyInstanceSpec');
  assert.equal(call.version, VERSION);
  assert.equal(call.accessKeyId, AK);
  assert.equal(call.securityToken, undefined);
  assert.equal(call.nonce, c.headers['x-acs-signature-nonce']);
  assert.equal(call.format, undefined);
  assert.equal(call.path, '/');
  assert.deepEqual(call.params, MODIFY_PARAMS);
  assertFresh(call);
  assert.ok(call.stringToSign.startsWith('ACS3-HMAC-SHA256\n'));
  assert.equal(call.verify(SECRET), true);
  assert.equal(call.verify('not-the-secret'), false);
});

test('ecs20140526 default (ACS3): DescribeInstances with InstanceIds JSON text and Tag.N', async () => {
  const c = await captureOne(() => describe(ecsClient()));
  assert.ok(c.rawUrl.includes('InstanceIds=%5B%22i-a%22%2C%22i-b%22%5D'), c.rawUrl);
  const call = parseOk(toRaw(c));
  assert.equal(call.action, 'DescribeInstances');
  assert.deepEqual(call.params, DESCRIBE_PARAMS);
  assert.deepEqual(JSON.parse(call.params.InstanceIds!), ['i-a', 'i-b']);
  assert.equal(call.verify(SECRET), true);
});

// ---- (2) legacy HMAC-SHA1 (signatureAlgorithm: 'v2') -------------------------------------------

test("ecs20140526 signatureAlgorithm 'v2' (HMAC-SHA1): both operations parse and verify", async () => {
  const client = ecsClient({ signatureAlgorithm: 'v2' });
  for (const [run, action, expected] of [
    [modifySpec, 'ModifyInstanceSpec', MODIFY_PARAMS],
    [describe, 'DescribeInstances', DESCRIBE_PARAMS],
  ] as const) {
    const c = await captureOne(() => run(client));
    // still POST with everything, signature included, in the query; headers carry action and
    // version unsigned, and no Authorization
    assert.equal(c.method, 'POST');
    assert.equal(c.body.length, 0);
    assert.equal(c.headers.authorization, undefined);
    assert.equal(c.headers['x-acs-action'], action);
    assert.equal(c.headers['x-acs-version'], VERSION);
    assert.equal(c.headers['x-acs-credentials-provider'], 'static_ak');
    assert.equal(c.headers['x-acs-date'], undefined);
    for (const p of ['Action', 'Format', 'Version', 'Timestamp', 'SignatureNonce', 'SignatureMethod', 'SignatureVersion', 'AccessKeyId', 'Signature']) {
      assert.match(c.rawUrl, new RegExp(`[?&]${p}=`), p);
    }

    const call = parseOk(toRaw(c));
    assert.equal(call.scheme, 'HMAC-SHA1');
    assert.equal(call.action, action);
    assert.equal(call.version, VERSION);
    assert.equal(call.format, 'json');
    assert.equal(call.accessKeyId, AK);
    assert.equal(call.securityToken, undefined);
    assert.match(call.nonce, /^[0-9a-f]{64}$/);
    assert.deepEqual(call.params, expected);
    assertFresh(call);
    assert.ok(call.stringToSign.startsWith('POST&%2F&'));
    assert.equal(call.verify(SECRET), true);
    assert.equal(call.verify(`${SECRET}x`), false);
  }
});

// ---- (3) STS credentials on both paths ---------------------------------------------------------

test('STS token on the ACS3 path travels in signed x-acs-* headers', async () => {
  const c = await captureOne(() => modifySpec(ecsClient({ accessKeyId: STS_AK, securityToken: STS_TOKEN })));
  assert.equal(c.headers['x-acs-security-token'], STS_TOKEN);
  assert.equal(c.headers['x-acs-accesskey-id'], STS_AK);
  assert.equal(c.headers['x-acs-credentials-provider'], 'static_sts');
  assert.ok(String(c.headers.authorization).includes(`SignedHeaders=${ACS3_SIGNED_STS},`));
  assert.ok(!c.rawUrl.includes('SecurityToken'));
  const call = parseOk(toRaw(c));
  assert.equal(call.accessKeyId, STS_AK);
  assert.equal(call.securityToken, STS_TOKEN);
  assert.deepEqual(call.params, MODIFY_PARAMS);
  assert.equal(call.verify(SECRET), true);

  // a swapped token fails; a removed one leaves a signed header missing
  const swapped = parseOk(toRaw(c, { headers: { ...c.headers, 'x-acs-security-token': 'CAIS+other' } }));
  assert.equal(swapped.verify(SECRET), false);
  const { 'x-acs-security-token': _dropped, ...withoutToken } = c.headers;
  parseErr(toRaw(c, { headers: withoutToken }), 'IncompleteSignature');
  parseErr(toRaw(c, { headers: { ...c.headers, 'x-acs-accesskey-id': AK } }), 'IncompleteSignature');
});

test('STS token on the v2 path is a signed SecurityToken query parameter', async () => {
  const c = await captureOne(() => describe(ecsClient({ accessKeyId: STS_AK, securityToken: STS_TOKEN, signatureAlgorithm: 'v2' })));
  assert.ok(c.rawUrl.includes(`SecurityToken=${encodeURIComponent(STS_TOKEN)}`), c.rawUrl);
  assert.equal(c.headers['x-acs-credentials-provider'], 'static_sts');
  const call = parseOk(toRaw(c));
  assert.equal(call.securityToken, STS_TOKEN);
  assert.equal(call.accessKeyId, STS_AK);
  assert.deepEqual(call.params, DESCRIBE_PARAMS);
  assert.equal(call.verify(SECRET), true);

  const swapped = parseOk(toRaw(c, { rawUrl: c.rawUrl.replace(/SecurityToken=[^&]+/, 'SecurityToken=CAIS-other') }));
  assert.equal(swapped.verify(SECRET), false);
  // an STS key with its token stripped is refused before any signature work
  parseErr(toRaw(c, { rawUrl: c.rawUrl.replace(/&SecurityToken=[^&]+/, '') }), 'MissingSecurityToken');
});

// ---- (4) @alicloud/pop-core RPCClient ----------------------------------------------------------

test('pop-core RPCClient: GET by default, everything RFC 3986-encoded in the query', async () => {
  const client = new PopCore({ endpoint: `http://127.0.0.1:${port}`, apiVersion: VERSION, accessKeyId: AK, accessKeySecret: SECRET });
  const c = await captureOne(() => client.request('ModifyInstanceSpec', { InstanceId: 'i-1', InstanceType: ODD, DryRun: true }));
  assert.equal(c.method, 'GET');
  assert.equal(c.body.length, 0);
  assert.ok(c.rawUrl.includes('%2A') && !c.rawUrl.includes('*'), 'pop-core encodes * as %2A');
  assert.equal(c.headers['x-acs-action'], 'ModifyInstanceSpec');
  assert.equal(c.headers['x-acs-version'], VERSION);
  assert.ok(String(c.headers['x-sdk-client']).includes('@alicloud/pop-core'));
  const call = parseOk(toRaw(c));
  assert.equal(call.scheme, 'HMAC-SHA1');
  assert.equal(call.format, 'JSON');
  assert.match(call.nonce, /^[0-9a-f]{32}$/);
  assert.deepEqual(call.params, { InstanceId: 'i-1', InstanceType: ODD, DryRun: 'true' });
  assert.ok(call.stringToSign.startsWith('GET&%2F&'));
  assertFresh(call);
  assert.equal(call.verify(SECRET), true);
  // the HTTP method is part of the v2 string to sign
  assert.equal(parseOk(toRaw(c, { method: 'POST' })).verify(SECRET), false);
});

test("pop-core RPCClient with { method: 'POST' }: a signed form body and a bare '/'", async () => {
  const client = new PopCore({
    endpoint: `http://127.0.0.1:${port}`,
    apiVersion: VERSION,
    accessKeyId: STS_AK,
    accessKeySecret: SECRET,
    securityToken: STS_TOKEN,
  });
  const c = await captureOne(() => client.request('DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: '["i-a"]', Tag: [{ Key: 'k', Value: ODD }] }, { method: 'POST' }));
  assert.equal(c.method, 'POST');
  assert.equal(c.rawUrl, '/');
  assert.equal(c.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.ok(c.body.toString().includes('Signature='));
  const call = parseOk(toRaw(c));
  assert.equal(call.securityToken, STS_TOKEN);
  assert.deepEqual(call.params, { RegionId: 'cn-hangzhou', InstanceIds: '["i-a"]', 'Tag.1.Key': 'k', 'Tag.1.Value': ODD });
  assert.equal(call.verify(SECRET), true);
  // without the form content type the body is not parameters, so nothing is signed
  parseErr(toRaw(c, { contentType: 'text/plain' }), 'MissingParameter', '"AccessKeyId"');
});

// ---- (5) tampering -----------------------------------------------------------------------------

test('tampered ACS3 requests fail verification or parsing', async () => {
  const c = await captureOne(() => modifySpec(ecsClient()));
  assert.equal(parseOk(toRaw(c)).verify(SECRET), true);
  const auth = String(c.headers.authorization);

  const changedParam = parseOk(toRaw(c, { rawUrl: c.rawUrl.replace('InternetMaxBandwidthOut=10', 'InternetMaxBandwidthOut=100') }));
  assert.equal(changedParam.params.InternetMaxBandwidthOut, '100');
  assert.equal(changedParam.verify(SECRET), false);

  const addedParam = parseOk(toRaw(c, { rawUrl: `${c.rawUrl}&AllowMigrateAcrossZone=true` }));
  assert.equal(addedParam.verify(SECRET), false);

  const changedAction = parseOk(toRaw(c, { headers: { ...c.headers, 'x-acs-action': 'StopInstance' } }));
  assert.equal(changedAction.action, 'StopInstance');
  assert.equal(changedAction.verify(SECRET), false);

  const changedDate = parseOk(toRaw(c, { headers: { ...c.headers, 'x-acs-date': '2020-01-01T00:00:00Z' } }));
  assert.equal(changedDate.verify(SECRET), false);
  assert.equal(isTimestampFresh(changedDate.timestamp, Date.now()), false);

  const changedMethod = parseOk(toRaw(c, { method: 'GET' }));
  assert.equal(changedMethod.verify(SECRET), false);

  // a body the client never hashed (x-acs-content-sha256 still says "empty")
  const smuggledBody = parseOk(toRaw(c, { body: 'x' }));
  assert.equal(smuggledBody.verify(SECRET), false);

  assert.equal(parseOk(toRaw(c)).verify('wrong-secret'), false);
  assert.equal(parseOk(toRaw(c)).verify(''), false);

  const truncated = parseOk(toRaw(c, { headers: { ...c.headers, authorization: auth.slice(0, -8) } }));
  assert.equal(truncated.verify(SECRET), false);
  const flipped = auth.slice(0, -1) + (auth.endsWith('0') ? '1' : '0');
  assert.equal(parseOk(toRaw(c, { headers: { ...c.headers, authorization: flipped } })).verify(SECRET), false);

  // an x-acs-* header outside SignedHeaders could be swapped freely: refused outright
  parseErr(toRaw(c, { headers: { ...c.headers, 'x-acs-extra': '1' } }), 'IncompleteSignature');
  parseErr(toRaw(c, { headers: { ...c.headers, 'content-type': 'application/x-www-form-urlencoded' } }), 'IncompleteSignature');
  parseErr(toRaw(c, { headers: { ...c.headers, authorization: auth.replace('SignedHeaders=host;', 'SignedHeaders=') } }), 'IncompleteSignature');
});

test('tampered v2 requests fail verification or parsing', async () => {
  const c = await captureOne(() => modifySpec(ecsClient({ signatureAlgorithm: 'v2' })));
  assert.equal(parseOk(toRaw(c)).verify(SECRET), true);

  const changedParam = parseOk(toRaw(c, { rawUrl: c.rawUrl.replace('InstanceType=ecs.g6.large', 'InstanceType=ecs.g7.large') }));
  assert.equal(changedParam.params.InstanceType, 'ecs.g7.large');
  assert.equal(changedParam.verify(SECRET), false);

  assert.equal(parseOk(toRaw(c, { rawUrl: `${c.rawUrl}&Async=true` })).verify(SECRET), false);
  assert.equal(parseOk(toRaw(c, { rawUrl: c.rawUrl.replace(/Timestamp=[^&]+/, 'Timestamp=2020-01-01T00%3A00%3A00Z') })).verify(SECRET), false);
  assert.equal(parseOk(toRaw(c)).verify('wrong-secret'), false);

  const sig = /Signature=([^&]+)/.exec(c.rawUrl)![1]!;
  assert.equal(parseOk(toRaw(c, { rawUrl: c.rawUrl.replace(`Signature=${sig}`, `Signature=${sig.slice(0, 10)}`) })).verify(SECRET), false);

  // the x-acs-action header is unsigned on this path: it may not contradict the signed Action
  parseErr(toRaw(c, { headers: { ...c.headers, 'x-acs-action': 'StopInstance' } }), 'InvalidParameter', 'Action or Version');
  // only its case may differ (pop-core sends the name as the caller spelled it); the signed one wins
  assert.equal(parseOk(toRaw(c, { headers: { ...c.headers, 'x-acs-action': 'modifyInstanceSpec' } })).action, 'ModifyInstanceSpec');
  // and an unsigned header alone cannot name the operation
  const noAction = c.rawUrl.replace(/[?&]Action=[^&]+/, (m) => (m.startsWith('?') ? '?' : ''));
  parseErr(toRaw(c, { rawUrl: noAction }), 'MissingParameter', '"Action"');
});

// ---- (6) hand-built form-urlencoded POST, signed v2 --------------------------------------------

/** An independent v2 signer, written from the public "Request signatures" page. */
function signV2(method: string, params: Record<string, string>, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
  const canon = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join('&');
  return createHmac('sha1', `${secret}&`).update(`${method}&${enc('/')}&${enc(canon)}`).digest('base64');
}

function v2Common(ts: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Action: 'ModifyInstanceSpec',
    Version: VERSION,
    Format: 'JSON',
    AccessKeyId: AK,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: 'f3b2c1d0-0000-4000-8000-000000000001',
    Timestamp: ts,
    ...extra,
  };
}

test('hand-built form POST signed v2 (URLSearchParams body: + for space) verifies', () => {
  const params = v2Common('2026-01-02T03:04:05Z', { InstanceId: 'i-1', InstanceType: 'ecs.g6.large', ModifyMode: ODD, 'SystemDisk.Category': 'cloud_ssd' });
  const signature = signV2('POST', params, SECRET);
  const body = new URLSearchParams({ ...params, Signature: signature }).toString();
  assert.ok(body.includes('+'), 'URLSearchParams writes spaces as +');
  const call = parseOk({
    method: 'POST',
    rawUrl: '/',
    headers: { host: 'ecs.aliyuncs.com', 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: Buffer.from(body),
  });
  assert.equal(call.scheme, 'HMAC-SHA1');
  assert.equal(call.timestamp, Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(call.nonce, 'f3b2c1d0-0000-4000-8000-000000000001');
  assert.deepEqual(call.params, { InstanceId: 'i-1', InstanceType: 'ecs.g6.large', ModifyMode: ODD, 'SystemDisk.Category': 'cloud_ssd' });
  assert.equal(call.verify(SECRET), true);
  assert.equal(call.verify('other'), false);

  // split between query and body, as some clients do; the body wins a clash, as in openapi-core
  const { Signature: _s, ...withoutSig } = { ...params, Signature: signature };
  const split = parseOk({
    method: 'POST',
    rawUrl: `/?Signature=${percentEncode(signature)}&AccessKeyId=${AK}&InstanceId=i-ignored`,
    headers: {},
    body: new URLSearchParams(withoutSig).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });
  assert.equal(split.params.InstanceId, 'i-1');
  assert.equal(split.verify(SECRET), true);
});

test('the public v2 test vector (DescribeRegions, testsecret) verifies', () => {
  const params = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: VERSION,
  };
  const query = Object.entries({ ...params, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' })
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join('&');
  const call = parseOk({ method: 'GET', rawUrl: `/?${query}`, headers: {}, body: undefined });
  assert.equal(call.action, 'DescribeRegions');
  assert.deepEqual(call.params, {});
  assert.equal(call.verify('testsecret'), true);
  assert.equal(signV2('GET', params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  assert.equal(
    signatureMismatchError(call.stringToSign).message,
    `Specified signature is not matched with our calculation. server string to sign is:${call.stringToSign}`,
  );
});

// ---- missing / garbled auth pieces -------------------------------------------------------------

test('missing or garbled v2 pieces give Alibaba error codes, never a throw', () => {
  const ts = '2026-01-02T03:04:05Z';
  const build = (p: Record<string, string>): RawRpcRequest => ({
    method: 'GET',
    rawUrl: `/?${Object.entries(p).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`,
    headers: {},
    body: undefined,
  });
  const signedWith = (p: Record<string, string>) => ({ ...p, Signature: signV2('GET', p, SECRET) });
  const without = (key: string) => {
    const p = v2Common(ts);
    delete p[key];
    return signedWith(p);
  };

  parseErr({ method: 'GET', rawUrl: '/?Action=DescribeRegions', headers: {}, body: undefined }, 'MissingParameter', '"AccessKeyId"');
  parseErr(build(v2Common(ts)), 'MissingParameter', '"Signature"');
  parseErr(build({ ...signedWith(v2Common(ts)), Signature: '' }), 'MissingParameter', '"Signature"');
  for (const key of ['SignatureMethod', 'SignatureVersion', 'AccessKeyId', 'Timestamp', 'SignatureNonce', 'Action', 'Version']) {
    parseErr(build(without(key)), 'MissingParameter', `"${key}"`);
  }
  parseErr(build(signedWith(v2Common(ts, { SignatureMethod: 'HMAC-SHA256' }))), 'InvalidSignatureMethod');
  parseErr(build(signedWith(v2Common(ts, { SignatureVersion: '2.0' }))), 'InvalidParameter', '"SignatureVersion"');
  for (const bad of ['2016-02-23 12:46:24', '2016-02-30T12:46:24Z', '2016-02-23T24:00:00Z', 'yesterday', '2016-02-23T12:46:24.1234Z', '2016-02-23T12:46:24.Z', '2016-02-23T12:46:24,123Z', '2016-02-30T12:46:24.123Z']) {
    parseErr(build(signedWith(v2Common(bad))), 'InvalidTimeStamp.Format');
  }
  // the legacy aliyun-sdk signs Date.toISOString(): milliseconds are part of a well-formed v2 Timestamp
  assert.equal(parseOk(build(signedWith(v2Common('2016-02-23T12:46:24.194Z')))).timestamp, Date.UTC(2016, 1, 23, 12, 46, 24, 194));
  parseErr(build(signedWith(v2Common(ts, { AccessKeyId: STS_AK }))), 'MissingSecurityToken');

  // malformed percent-encoding is not a crash, just a request that cannot verify
  const garbled = parseOk({ ...build(signedWith(v2Common(ts))), rawUrl: `${build(signedWith(v2Common(ts))).rawUrl}&Bad=%E0%A4%A` });
  assert.equal(garbled.params.Bad, '%E0%A4%A');
  assert.equal(garbled.verify(SECRET), false);
});

test('missing or garbled ACS3 pieces give Alibaba error codes', async () => {
  const c = await captureOne(() => describe(ecsClient()));
  const auth = String(c.headers.authorization);
  const withHeaders = (h: http.IncomingHttpHeaders) => toRaw(c, { headers: h });
  const drop = (name: string) => {
    const h = { ...c.headers };
    delete h[name];
    return h;
  };

  parseErr(withHeaders({ ...c.headers, authorization: 'Bearer abc' }), 'IncompleteSignature');
  parseErr(withHeaders({ ...c.headers, authorization: auth.replace(',SignedHeaders=', ';SignedHeaders=') }), 'IncompleteSignature');
  parseErr(withHeaders({ ...c.headers, authorization: auth.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3') }), 'InvalidSignatureMethod');
  parseErr(withHeaders({ ...c.headers, authorization: auth.replace('ACS3-HMAC-SHA256 ', 'ACS3-RSA-SHA256  ') }), 'InvalidSignatureMethod');
  parseErr(withHeaders({ ...c.headers, authorization: auth.replace('SignedHeaders=host', 'SignedHeaders=HOST') }), 'IncompleteSignature');
  for (const name of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    parseErr(withHeaders(drop(name)), 'MissingParameter', `"${name}"`);
  }
  parseErr(withHeaders(drop('x-acs-action')), 'IncompleteSignature'); // signed but gone
  parseErr(withHeaders({ ...c.headers, 'x-acs-date': '2026-11-23T19:51:05.123Z' }), 'InvalidTimeStamp.Format');
  parseErr(withHeaders({ ...c.headers, authorization: auth.replace(`Credential=${AK}`, `Credential=${STS_AK}`) }), 'MissingSecurityToken');
  // Action in the query must agree with the x-acs-action header
  parseErr(toRaw(c, { rawUrl: `${c.rawUrl}&Action=StopInstance` }), 'InvalidParameter', 'Action or Version');
});

// ---- encodings, clock window, catalogue --------------------------------------------------------

test("query '+' stays literal, form-body '+' is a space; first occurrence of a key wins", () => {
  const raw = (rawUrl: string, body?: string): RawRpcRequest => ({
    method: 'POST',
    rawUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  // parse only: these carry a syntactically complete v2 envelope with a dummy signature
  const env = 'Action=A&Version=V&AccessKeyId=k&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&Timestamp=2026-01-01T00%3A00%3A00Z&Signature=x';
  assert.equal(parseOk(raw(`/?${env}&P=a+b%2Bc%20d`)).params.P, 'a+b+c d');
  assert.equal(parseOk(raw('/', `${env}&P=a+b%2Bc%20d`)).params.P, 'a b+c d');
  assert.equal(parseOk(raw(`/?${env}&P=1&P=2`)).params.P, '1');
  assert.equal(parseOk(raw(`/?${env}&__proto__=x`)).params['__proto__'], 'x');
});

test('isTimestampFresh: a 15-minute window either side; parseAcsTimestamp is strict', () => {
  const now = Date.UTC(2026, 5, 1, 12, 0, 0);
  assert.equal(TIMESTAMP_WINDOW_MS, 15 * 60 * 1000);
  assert.equal(isTimestampFresh(now, now), true);
  assert.equal(isTimestampFresh(now - TIMESTAMP_WINDOW_MS, now), true);
  assert.equal(isTimestampFresh(now + TIMESTAMP_WINDOW_MS, now), true);
  assert.equal(isTimestampFresh(now - TIMESTAMP_WINDOW_MS - 1000, now), false);
  assert.equal(isTimestampFresh(now + TIMESTAMP_WINDOW_MS + 1000, now), false);
  assert.equal(isTimestampFresh(NaN, now), false);
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00Z'), now);
  assert.equal(parseAcsTimestamp('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  assert.ok(Number.isNaN(parseAcsTimestamp('2025-02-29T00:00:00Z')));
  assert.ok(Number.isNaN(parseAcsTimestamp('2026-06-01T12:00:60Z')));
  // fractions only where asked for (the v2 Timestamp), 1 to 3 digits
  assert.ok(Number.isNaN(parseAcsTimestamp('2026-06-01T12:00:00.500Z')));
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00.5Z', true), now + 500);
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00.050Z', true), now + 50);
  assert.ok(Number.isNaN(parseAcsTimestamp('2026-06-01T12:00:00.0500Z', true)));
  // the same text asked twice, with and without fractions allowed: the last answer kept is not
  // reused for the other question
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00.5Z', true), now + 500);
  assert.ok(Number.isNaN(parseAcsTimestamp('2026-06-01T12:00:00.5Z')));
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00.5Z', true), now + 500);
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00Z'), now);
  assert.equal(parseAcsTimestamp('2026-06-01T12:00:00Z'), now);
});

test('percentEncode: unreserved text as it is, everything else as the SDKs encode it', () => {
  for (const plain of ['', 'i-bp1specshiftdemo0001', 'ecs.g6.xlarge', 'cn-hangzhou', 'A-Z_a.z~09']) assert.equal(percentEncode(plain), plain);
  assert.equal(percentEncode("a b*'()!"), 'a%20b%2A%27%28%29%21');
  assert.equal(percentEncode('["i-1","i-2"]'), '%5B%22i-1%22%2C%22i-2%22%5D');
  assert.equal(percentEncode('2026-06-01T12:00:00Z'), '2026-06-01T12%3A00%3A00Z');
  assert.equal(percentEncode('中'), '%E4%B8%AD');
  assert.equal(percentEncode('+/='), '%2B%2F%3D');
});

test('error catalogue: codes match keys, statuses are the published ones', () => {
  for (const [key, spec] of Object.entries(ALIYUN_AUTH_ERRORS)) assert.equal(spec.code, key);
  assert.equal(ALIYUN_AUTH_ERRORS['InvalidAccessKeyId.NotFound'].httpStatus, 404);
  assert.equal(ALIYUN_AUTH_ERRORS.SignatureDoesNotMatch.httpStatus, 400);
  assert.equal(ALIYUN_AUTH_ERRORS['InvalidTimeStamp.Expired'].httpStatus, 400);
  assert.equal(ALIYUN_AUTH_ERRORS.SignatureNonceUsed.httpStatus, 400);
});
