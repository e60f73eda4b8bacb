// OpenStack-style clients that find their endpoints in the Keystone catalog instead of building them
// from templates, replayed call by call:
// - a Keystone password client (gophercloud / openstacksdk style): POST /v3/auth/tokens scoped to a
//   project, the endpoint picked from the token's catalog by type, region and interface, then ECS called
//   with X-Auth-Token;
// - golangsdk with AK/SK and WithUserCatalog false (openstack/client.go v3AKSKAuth, what a plain
//   golangsdk program does; Terraform sets WithUserCatalog and skips this): GET /v3/projects?name=,
//   GET /v3/auth/catalog signed with the project, then ECS through the located endpoint.
// Endpoint selection is golangsdk's V3EndpointURL (openstack/endpoint_location.go): type and interface
// must match; the region must equal the one asked for, or be "*" when none is asked for; more than one
// match is an error. URLs are normalised with a trailing slash and resources appended (ServiceURL).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { goRequest } from '../helpers/golangsdk-client.js';
import { send } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

interface CatalogEntry {
  type: string;
  name: string;
  endpoints: { interface: string; region: string; region_id: string; url: string }[];
}

/** golangsdk V3EndpointURL + NormalizeURL. */
function locate(catalog: CatalogEntry[], type: string, region = ''): string {
  const found = catalog
    .filter((c) => c.type === type)
    .flatMap((c) => c.endpoints)
    .filter((e) => e.interface === 'public' && (e.region === region || (region === '' && e.region === '*')));
  if (found.length > 1) throw new Error(`ErrMultipleMatchingEndpointsV3 for ${type}/${region}`);
  if (found.length === 0) throw new Error(`ErrEndpointNotFound for ${type}/${region}`);
  return found[0]!.url.endsWith('/') ? found[0]!.url : `${found[0]!.url}/`;
}

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());

/** An absolute catalog URL as a path on the emulator (every URL points at the host the client called). */
const pathOf = (url: string) => {
  assert.ok(url.startsWith(`${live.endpoint}/`), `${url} points at specshift`);
  return url.slice(live.endpoint.length);
};

describe('a Keystone password client', () => {
  test('token, ECS found in the catalog, a server read, a resize through ecsv1.1, its job through ecs', async () => {
    // AuthOptions{IdentityEndpoint, Username, Password, DomainName, TenantName}
    const auth = JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
    const t = await send(live.endpoint, 'POST', '/v3/auth/tokens', { 'content-type': 'application/json', accept: 'application/json' }, auth);
    assert.equal(t.status, 201);
    const token = t.headers['x-subject-token'] as string;
    const catalog = t.json.token.catalog as CatalogEntry[];

    // the identity service itself: asked without a region, the global endpoint; with one, the regional one
    assert.equal(locate(catalog, 'identity'), `${live.endpoint}/v3/`);
    assert.equal(locate(catalog, 'identity', 'cn-north-4'), `${live.endpoint}/v3/`);

    const ecs = locate(catalog, 'ecs', 'cn-north-4');
    assert.equal(ecs, `${live.endpoint}/v1/${DEMO.project}/`);
    const server = await send(live.endpoint, 'GET', `${pathOf(ecs)}cloudservers/${DEMO.servers.web01}`, { 'x-auth-token': token, accept: 'application/json' });
    assert.equal(server.status, 200);
    assert.equal(server.json.server.tenant_id, DEMO.project);

    const ecs11 = locate(catalog, 'ecsv1.1', 'cn-north-4');
    const resize = await send(live.endpoint, 'POST', `${pathOf(ecs11)}cloudservers/${DEMO.servers.web01}/resize`, { 'x-auth-token': token, 'content-type': 'application/json' }, JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } }));
    assert.equal(resize.status, 200, resize.text);
    await live.control('jobs/settle', {});
    const job = await send(live.endpoint, 'GET', `${pathOf(ecs)}jobs/${resize.json.job_id}`, { 'x-auth-token': token });
    assert.equal(job.json.status, 'SUCCESS');
    const after = await send(live.endpoint, 'GET', `${pathOf(ecs)}cloudservers/${DEMO.servers.web01}`, { 'x-auth-token': token });
    assert.equal(after.json.server.flavor.id, 's6.xlarge.2');
  });

  test("the catalog's other region carries that region's project: the Hong Kong server is reached with a token scoped there", async () => {
    const auth = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } }, scope: { project: { name: 'ap-southeast-1' } } } });
    const t = await send(live.endpoint, 'POST', '/v3/auth/tokens', { 'content-type': 'application/json' }, auth);
    const catalog = t.json.token.catalog as CatalogEntry[];
    const ecs = locate(catalog, 'ecs', 'ap-southeast-1');
    assert.equal(ecs, `${live.endpoint}/v1/${DEMO.hkProject}/`);
    const r = await send(live.endpoint, 'GET', `${pathOf(ecs)}cloudservers/${DEMO.servers.hk01}`, { 'x-auth-token': t.headers['x-subject-token'] as string });
    assert.equal(r.status, 200);
    // no ambiguity anywhere: every (type, region) names one endpoint
    for (const c of catalog) for (const e of c.endpoints) assert.doesNotThrow(() => locate(catalog, c.type, e.region === '*' ? '' : e.region));
  });
});

describe('golangsdk with AK/SK and the user catalog', () => {
  test('project by name, GET /v3/auth/catalog signed with it, then ECS and VPC located in the catalog', async () => {
    const creds = { ak: DEMO.ak, sk: DEMO.sk };
    const projects = await goRequest(live.endpoint, creds, 'GET', '/v3/projects?name=cn-north-4');
    const projectId = projects.json.projects[0].id as string;
    assert.equal(projectId, DEMO.project);
    const signed = { ...creds, projectId };
    const c = await goRequest(live.endpoint, signed, 'GET', '/v3/auth/catalog');
    assert.equal(c.status, 200);
    assert.equal(c.json.links.next, undefined, 'one page: LinkedPageBase finds no next link');
    const catalog = c.json.catalog as CatalogEntry[];
    const ecs = locate(catalog, 'ecs', 'cn-north-4');
    const list = await goRequest(live.endpoint, signed, 'GET', `${pathOf(ecs)}cloudservers/detail?limit=2`);
    assert.equal(list.status, 200);
    assert.ok(list.json.count >= 2);
    // NewNetworkV1 / NewVPCV1 resource bases: "network" is versionless, "vpc" carries v1 and the project
    assert.equal(locate(catalog, 'network', 'cn-north-4'), `${live.endpoint}/`);
    assert.equal(locate(catalog, 'vpc', 'cn-north-4'), `${live.endpoint}/v1/${DEMO.project}/`);
    // global services: BSS (bssv2) and AAD, located without a region
    const bss = locate(catalog, 'bssv2');
    const types = await goRequest(live.endpoint, signed, 'GET', `${pathOf(bss)}products/service-types?limit=1`);
    assert.equal(types.status, 200);
    const aad = locate(catalog, 'aad');
    const instances = await goRequest(live.endpoint, signed, 'GET', `${pathOf(aad)}v2/aad/instances`);
    assert.equal(instances.status, 200);
    assert.ok(instances.json.items.length > 0);
  });
});
