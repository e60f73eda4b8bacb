// Authentication (foundation issue, item 7): SDK-HMAC-SHA256 by a known AK/SK or an IAM token,
// Huawei's gateway codes for every refusal, projects and accounts kept apart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, coreSdk, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { send, signedSend } from '../helpers/raw-huawei.js';
import { DEMO, PARTNER } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());

const resizeBody = JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } });
const resizePath = `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.web01}/resize`;

function assertGateway(r: { status: number; json: any; headers: any }, status: number, code: string) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.deepEqual(Object.keys(r.json).sort(), ['error_code', 'error_msg', 'request_id']);
  assert.equal(r.json.error_code, code);
  assert.equal(r.json.request_id, r.headers['x-request-id']);
}

async function noJobs() {
  assert.equal((await live.control('jobs')).jobs.length, 0, 'nothing was applied');
}

describe('SDK-HMAC-SHA256', () => {
  test('a correctly signed request is accepted (control case for the refusals below)', async () => {
    const r = await signedSend(live.endpoint, { ...DEMO }, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.server.id, DEMO.servers.web01);
  });

  test('an unknown access key is refused with APIGW.0301 (401)', async () => {
    const c = ecsClient(live.endpoint, 'UNKNOWNAK00000000000', DEMO.sk, DEMO.project);
    const r = await attempt(() => c.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01)));
    assert.equal(r.ok, false);
    assert.equal((r as any).error.httpStatusCode, 401);
    assert.equal((r as any).error.errorCode, 'APIGW.0301');
  });

  test('a wrong secret key is refused with APIGW.0301 (401)', async () => {
    const c = ecsClient(live.endpoint, DEMO.ak, 'not-the-secret-key', DEMO.project);
    const r = await attempt(() => c.resizeServer(new ecsSdk.ResizeServerRequest().withServerId(DEMO.servers.web01).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2')))));
    assert.equal((r as any).error.errorCode, 'APIGW.0301');
    await noJobs();
  });

  test('a tampered body, path or header is refused and nothing is applied', async () => {
    assertGateway(await signedSend(live.endpoint, DEMO, 'POST', resizePath, resizeBody, { tamperBody: JSON.stringify({ resize: { flavorRef: 's6.2xlarge.4' } }) }), 401, 'APIGW.0301');
    assertGateway(await signedSend(live.endpoint, DEMO, 'POST', resizePath, resizeBody, { tamperPath: `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.api01}/resize` }), 401, 'APIGW.0301');
    assertGateway(await signedSend(live.endpoint, DEMO, 'POST', resizePath, resizeBody, { extraHeaders: { 'x-project-id': DEMO.hkProject } }), 401, 'APIGW.0301');
    await noJobs();
  });

  test('X-Sdk-Date more than 15 minutes off, either way, is refused with APIGW.0303', async () => {
    assertGateway(await signedSend(live.endpoint, DEMO, 'POST', resizePath, resizeBody, { date: Date.now() - 16 * 60_000 }), 401, 'APIGW.0303');
    assertGateway(await signedSend(live.endpoint, DEMO, 'POST', resizePath, resizeBody, { date: Date.now() + 16 * 60_000 }), 401, 'APIGW.0303');
    const ok = await signedSend(live.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`, '', { date: Date.now() - 14 * 60_000 });
    assert.equal(ok.status, 200);
    await noJobs();
  });

  test('no credentials at all are refused with APIGW.0301', async () => {
    assertGateway(await send(live.endpoint, 'GET', `/v1/${DEMO.project}/cloudservers/detail`, {}), 401, 'APIGW.0301');
  });

  test('a malformed Authorization header is refused, not crashed on', async () => {
    for (const a of ['SDK-HMAC-SHA256', 'SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature=', 'Bearer x', 'SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=zz'.padEnd(5000, 'z')]) {
      assertGateway(await send(live.endpoint, 'GET', `/v1/${DEMO.project}/cloudservers/detail`, { authorization: a, 'x-sdk-date': '20260101T000000Z' }), 401, 'APIGW.0301');
    }
  });
});

describe('projects and accounts', () => {
  test("another account's project in the path is refused with Common.0018", async () => {
    const c = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, PARTNER.project);
    const r = await attempt(() => c.showServer(new ecsSdk.ShowServerRequest().withServerId(PARTNER.server)));
    assert.equal((r as any).error.httpStatusCode, 401); // X-Project-Id names a project the key does not own
    const r2 = await signedSend(live.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, 'GET', `/v1/${PARTNER.project}/cloudservers/${PARTNER.server}`);
    assert.equal(r2.status, 400);
    assert.deepEqual(r2.json, { error: { code: 'Common.0018', message: 'The project ID in the token does not match that in the URL.' } });
  });

  test('the SDK given only a region looks the project up through IAM GET /v3/projects', async () => {
    const credentials = new coreSdk.BasicCredentials().withAk(DEMO.ak).withSk(DEMO.sk).withIamEndpoint(live.endpoint);
    const c = ecsSdk.EcsClient.newBuilder()
      .withCredential(credentials)
      .withRegion(new coreSdk.Region('cn-north-4', live.endpoint))
      .build();
    const s = await c.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01));
    assert.equal(s.server.tenant_id, DEMO.project);
  });
});

describe('IAM tokens', () => {
  async function token(scope: object, password = DEMO.password) {
    const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password, domain: { name: 'demo' } } } }, scope } });
    return send(live.endpoint, 'POST', '/v3/auth/tokens?nocatalog=true', { 'content-type': 'application/json;charset=utf8' }, body);
  }

  test('a password token (201, X-Subject-Token) drives ECS with X-Auth-Token', async () => {
    const t = await token({ project: { name: 'cn-north-4' } });
    assert.equal(t.status, 201);
    const subject = t.headers['x-subject-token'] as string;
    assert.ok(subject.length > 100);
    assert.equal(t.json.token.project.id, DEMO.project);
    assert.deepEqual(t.json.token.methods, ['password']);
    const r = await send(live.endpoint, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`, { 'x-auth-token': subject });
    assert.equal(r.status, 200);
    const wrongProject = await send(live.endpoint, 'GET', `/v1/${DEMO.hkProject}/cloudservers/${DEMO.servers.hk01}`, { 'x-auth-token': subject });
    assert.equal(wrongProject.status, 400);
    assert.equal(wrongProject.json.error.code, 'Common.0018');
  });

  test('a wrong password is refused with 401 and no token', async () => {
    const t = await token({ project: { name: 'cn-north-4' } }, 'wrong');
    assert.equal(t.status, 401);
    assert.equal(t.headers['x-subject-token'], undefined);
    assert.deepEqual(t.json, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
  });

  test('an unknown or forged token is refused with APIGW.0301', async () => {
    assertGateway(await send(live.endpoint, 'GET', `/v1/${DEMO.project}/cloudservers/detail`, { 'x-auth-token': 'MIIT-forged' }), 401, 'APIGW.0301');
  });

  test('tokens survive a restart (they live in the store)', async () => {
    const t = await token({ project: { id: DEMO.project } });
    await live.restart();
    const r = await send(live.endpoint, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`, { 'x-auth-token': t.headers['x-subject-token'] as string });
    assert.equal(r.status, 200);
  });
});
