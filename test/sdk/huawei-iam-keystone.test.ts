// IAM's Keystone look-ups through the official @huaweicloud/huaweicloud-sdk-iam, unmodified: validating
// a token (KeystoneValidateToken), the service catalog, regions and projects, with the SDK's AK/SK
// signatures (GlobalCredentials and BasicCredentials, endpoint override) and with X-Auth-Token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, coreSdk, quiet } from '../helpers/huawei-sdk.js';
import { send } from '../helpers/raw-huawei.js';
import { DEMO, PARTNER } from '../helpers/demo.js';

const require = createRequire(import.meta.url);
// the package's main also loads its v5 API, which fails on a CommonJS path in 3.1.172; the v3 entry point is the Keystone client
const iamSdk = require('@huaweicloud/huaweicloud-sdk-iam/v3/public-api') as any;

const DEMO_DOMAIN = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';
const KEYSTONE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());

function globalIam(ak = DEMO.ak, sk = DEMO.sk, domain = DEMO_DOMAIN): any {
  const credentials = new coreSdk.GlobalCredentials().withAk(ak).withSk(sk);
  if (domain) credentials.withDomainId(domain);
  return iamSdk.IamClient.newBuilder().withCredential(credentials).withEndpoint(live.endpoint).withOptions(quiet).build();
}

function projectIam(project = DEMO.project): any {
  const credentials = new coreSdk.BasicCredentials().withAk(DEMO.ak).withSk(DEMO.sk).withProjectId(project);
  return iamSdk.IamClient.newBuilder().withCredential(credentials).withEndpoint(live.endpoint).withOptions(quiet).build();
}

async function passwordToken(scope: object, query = ''): Promise<{ subject: string; body: any }> {
  const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } }, scope } });
  const r = await send(live.endpoint, 'POST', `/v3/auth/tokens${query}`, { 'content-type': 'application/json;charset=utf8' }, body);
  assert.equal(r.status, 201);
  return { subject: r.headers['x-subject-token'] as string, body: r.json };
}

async function refused(call: () => Promise<unknown>, status: number, code?: string): Promise<any> {
  const r = await attempt(call);
  assert.equal(r.ok, false, 'expected a refusal');
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, status, JSON.stringify(e));
  if (code) assert.equal(e.errorCode, code);
  return e;
}

describe('KeystoneValidateToken (GET /v3/auth/tokens)', () => {
  test('the SDK validates a password token: 200, the token body, X-Subject-Token echoed', async () => {
    const { subject, body: issued } = await passwordToken({ project: { name: 'cn-north-4' } });
    const r = await globalIam().keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest(subject));
    assert.equal(r.httpStatusCode, 200);
    assert.equal(r['X-Subject-Token'], subject, 'the SDK copies the response header into the reply');
    assert.deepEqual(r.token, issued.token, 'validating shows exactly what issuing showed');
    assert.equal(r.token.project.id, DEMO.project);
    assert.match(r.token.expires_at, KEYSTONE_TIME);
    assert.match(r.token.issued_at, KEYSTONE_TIME);
    assert.equal(Date.parse(r.token.expires_at) - Date.parse(r.token.issued_at), 24 * 3600 * 1000);
  });

  test('nocatalog leaves the catalog out, when issuing and when validating', async () => {
    const { subject, body } = await passwordToken({ domain: { name: 'demo' } }, '?nocatalog=true');
    assert.equal('catalog' in body.token, false);
    const full = await globalIam().keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest(subject));
    assert.ok(Array.isArray(full.token.catalog) && full.token.catalog.length > 0);
    const bare = await globalIam().keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest(subject).withNocatalog('true'));
    assert.equal(bare.token.catalog, undefined);
    assert.deepEqual(bare.token.domain, { id: DEMO_DOMAIN, name: 'demo' });
  });

  test('a token validates another token with X-Auth-Token, as Keystone clients do', async () => {
    const { subject } = await passwordToken({ project: { id: DEMO.project } });
    const r = await send(live.endpoint, 'GET', '/v3/auth/tokens', { 'x-auth-token': subject, 'x-subject-token': subject });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-subject-token'], subject);
    assert.equal(r.json.token.user.name, 'demo');
  });

  test('an unknown token is 404 as Keystone answers it; a missing header is 400 IAM.0009', async () => {
    await refused(() => globalIam().keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest('MIIT-never-issued')), 404);
    const raw = await send(live.endpoint, 'GET', '/v3/auth/tokens', { 'x-auth-token': (await passwordToken({ domain: { name: 'demo' } })).subject, 'x-subject-token': 'MIIT-never-issued' });
    assert.deepEqual(raw.json, { error: { code: 404, message: 'The resource could not be found.', title: 'Not Found' } });
    await refused(() => globalIam().keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest()), 400, 'IAM.0009');
  });

  test("another account's token is unknown to this account", async () => {
    const { subject } = await passwordToken({ domain: { name: 'demo' } });
    await refused(() => globalIam(PARTNER.ak, PARTNER.sk, '').keystoneValidateToken(new iamSdk.KeystoneValidateTokenRequest(subject)), 404);
  });
});

describe('KeystoneShowCatalog (GET /v3/auth/catalog)', () => {
  test('a project-signed SDK call lists every served service, URLs on this server, the project filled in per region', async () => {
    const r = await projectIam().keystoneShowCatalog(new iamSdk.KeystoneShowCatalogRequest());
    assert.equal(r.links.self, `${live.endpoint}/v3/auth/catalog`);
    const types = r.catalog.map((c: any) => c.type);
    for (const t of ['identity', 'iam', 'ecs', 'ecsv1.1', 'evs', 'volumev2', 'ims', 'image', 'vpc', 'network', 'bssv1', 'bssv2', 'aad']) assert.ok(types.includes(t), `${t} in the catalog`);
    const ecs = r.catalog.find((c: any) => c.type === 'ecs');
    assert.deepEqual(
      ecs.endpoints.map((e: any) => [e.region, e.region_id, e.interface, e.url]),
      [
        ['ap-southeast-1', 'ap-southeast-1', 'public', `${live.endpoint}/v1/${DEMO.hkProject}`],
        ['cn-north-4', 'cn-north-4', 'public', `${live.endpoint}/v1/${DEMO.project}`],
      ],
    );
    const iam = r.catalog.find((c: any) => c.type === 'iam');
    assert.deepEqual(iam.endpoints.map((e: any) => [e.region, e.url]), [['*', `${live.endpoint}/v3.0`]]);
    for (const c of r.catalog) {
      assert.match(c.id, /^[0-9a-f]{32}$/);
      for (const e of c.endpoints) assert.match(e.id, /^[0-9a-f]{32}$/);
    }
  });

  test('a domain-level caller sees only the endpoints that carry no project id', async () => {
    const r = await globalIam().keystoneShowCatalog(new iamSdk.KeystoneShowCatalogRequest());
    const types = r.catalog.map((c: any) => c.type);
    assert.ok(!types.includes('ecs') && !types.includes('vpc') && !types.includes('evs'));
    assert.ok(types.includes('network') && types.includes('aad') && types.includes('bssv2'));
    assert.ok(r.catalog.every((c: any) => c.endpoints.every((e: any) => !e.url.includes(DEMO.project))));
  });

  test('an account with a project in one region gets project URLs for that region only', async () => {
    const credentials = new coreSdk.BasicCredentials().withAk(PARTNER.ak).withSk(PARTNER.sk).withProjectId(PARTNER.project);
    const c = iamSdk.IamClient.newBuilder().withCredential(credentials).withEndpoint(live.endpoint).withOptions(quiet).build();
    const r = await c.keystoneShowCatalog(new iamSdk.KeystoneShowCatalogRequest());
    const ecs = r.catalog.find((x: any) => x.type === 'ecs');
    assert.deepEqual(ecs.endpoints.map((e: any) => [e.region, e.url]), [['cn-north-4', `${live.endpoint}/v1/${PARTNER.project}`]]);
    const network = r.catalog.find((x: any) => x.type === 'network');
    assert.deepEqual(network.endpoints.map((e: any) => e.region), ['ap-southeast-1', 'cn-north-4']);
  });
});

describe('regions and projects', () => {
  test('KeystoneListRegions: every Huawei region of the world, public, with locales', async () => {
    const r = await globalIam().keystoneListRegions(new iamSdk.KeystoneListRegionsRequest());
    assert.deepEqual(r.links, { self: `${live.endpoint}/v3/regions`, previous: null, next: null });
    assert.deepEqual(r.regions, [
      { id: 'ap-southeast-1', type: 'public', description: '', parent_region_id: null, locales: { 'zh-cn': '中国-香港', 'en-us': 'CN-Hong Kong' }, links: { self: `${live.endpoint}/v3/regions/ap-southeast-1` } },
      { id: 'cn-north-4', type: 'public', description: '', parent_region_id: null, locales: { 'zh-cn': '华北-北京四', 'en-us': 'CN North-Beijing4' }, links: { self: `${live.endpoint}/v3/regions/cn-north-4` } },
    ]);
  });

  test('KeystoneShowRegion: one region; an unknown one is 404', async () => {
    const r = await globalIam().keystoneShowRegion(new iamSdk.KeystoneShowRegionRequest().withRegionId('cn-north-4'));
    assert.equal(r.region.locales['en-us'], 'CN North-Beijing4');
    await refused(() => globalIam().keystoneShowRegion(new iamSdk.KeystoneShowRegionRequest().withRegionId('xx-nowhere-1')), 404);
  });

  test('KeystoneShowProject: the BasicCredentials project (the only way the SDK fills {project_id})', async () => {
    const r = await projectIam().keystoneShowProject(new iamSdk.KeystoneShowProjectRequest());
    assert.deepEqual(r.project, {
      id: DEMO.project,
      name: 'cn-north-4',
      domain_id: DEMO_DOMAIN,
      parent_id: DEMO_DOMAIN,
      description: '',
      enabled: true,
      is_domain: false,
      links: { self: `${live.endpoint}/v3/projects/${DEMO.project}` },
    });
  });

  test("KeystoneShowProject: GlobalCredentials leave {project_id} unfilled, which the SDK signs double-encoded; another account's project is not found", async () => {
    // the signer re-encodes the URL's %7B..%7D, so the signature covers a path that was never sent: the gateway refuses it
    await refused(() => globalIam().keystoneShowProject(new iamSdk.KeystoneShowProjectRequest()), 401, 'APIGW.0301');
    const literal = await send(live.endpoint, 'GET', '/v3/projects/%7Bproject_id%7D', { 'x-auth-token': (await passwordToken({ domain: { name: 'demo' } })).subject });
    assert.deepEqual([literal.status, literal.json.error.message], [404, 'Could not find project: {project_id}.']);
    const { subject } = await passwordToken({ domain: { name: 'demo' } });
    const r = await send(live.endpoint, 'GET', `/v3/projects/${PARTNER.project}`, { 'x-auth-token': subject });
    assert.deepEqual([r.status, r.json], [404, { error: { code: 404, message: `Could not find project: ${PARTNER.project}.`, title: 'Not Found' } }]);
  });
});
