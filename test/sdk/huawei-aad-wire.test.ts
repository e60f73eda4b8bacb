// Huawei AAD on the wire, with IAM tokens from POST /v3/auth/tokens as the seed 003 page shows
// (X-Auth-Token): whole reply bodies pinned, error envelopes, request ids, malformed requests.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const ACCOUNT = { id: '2b3c4d5e6f7a40718293a4b5c6d7e801', name: 'wire', user: 'wire', password: 'Wire@12345', project: '2b3c4d5e6f7a40718293a4b5c6d7e8a1' };
const ID = {
  web: 'aad10001-0000-4a5b-8c6d-000000000001',
  ip: 'aad10002-0000-4a5b-8c6d-000000000002',
  frozen: 'aad10003-0000-4a5b-8c6d-000000000003',
};

const WORLD = {
  accounts: [
    { id: ACCOUNT.id, name: ACCOUNT.name, balance: '100000.00', users: [{ name: ACCOUNT.user, password: ACCOUNT.password }], projects: [{ id: ACCOUNT.project, region: 'cn-north-4' }] },
  ],
  huawei: { regions: [{ id: 'cn-north-4', zones: ['cn-north-4a'] }] },
  aad: {
    instances: [
      {
        id: ID.web,
        name: 'shop-web',
        account: 'wire',
        enterprise_project_id: 'ep-shop',
        basic_bandwidth: 10,
        elastic_bandwidth: 20,
        service_bandwidth: 100,
        bind_domain_num: 50,
        basic_qps: 3000,
        created_at: '2025-01-01T00:00:00Z',
        expires_at: '2099-01-01T00:00:00Z',
        ips: [{ ip: '198.51.100.7', id: 'ip-0001' }],
        tags: ['shop'],
      },
      {
        id: ID.ip,
        name: 'game-ip',
        account: 'wire',
        region: 'east_china',
        access_type: 'ip',
        status: 'expired',
        basic_bandwidth: 20,
        elastic_bandwidth: 60,
        service_bandwidth: 200,
        port_num: 100,
        elastic_service_bandwidth_type: 3,
        elastic_service_bandwidth: 100,
        created_at: '2024-06-01T00:00:00Z',
        expires_at: '2025-06-01T00:00:00Z',
        ips: [{ ip: '198.51.100.8', id: 'ip-0002', isp: 'BGP' }],
      },
      { id: ID.frozen, name: 'intl', account: 'wire', region: 'asia_pacific', status: 'frozen', bind_domain_num: 10, created_at: '2025-01-01T00:00:00Z', expires_at: '2099-01-01T00:00:00Z' },
    ],
  },
};

let live: LiveServer;
let projectToken: string;
let domainToken: string;

async function tokenFor(scope: unknown): Promise<string> {
  const res = await fetch(`${live.endpoint}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: ACCOUNT.user, password: ACCOUNT.password, domain: { name: ACCOUNT.name } } } }, scope } }),
  });
  assert.equal(res.status, 201);
  return res.headers.get('x-subject-token')!;
}

interface Reply {
  status: number;
  requestId: string;
  body: any;
}

async function call(method: string, path: string, opts: { token?: string | null; body?: string | Uint8Array | object; contentType?: string | null } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? projectToken : opts.token;
  if (token !== null) headers['x-auth-token'] = token;
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
  const res = await fetch(`${live.endpoint}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const requestId = res.headers.get('x-request-id') ?? '';
  // every reply carries the gateway's request id, errors included
  assert.match(requestId, /^[0-9a-f]{32}$/, `${method} ${path} has no X-Request-Id`);
  const text = await res.text();
  return { status: res.status, requestId, body: text === '' ? undefined : JSON.parse(text) };
}

const upgrade = (body: string | Uint8Array | object, token?: string) => call('PUT', '/v2/aad/instance', { body, ...(token ? { token } : {}) });
const invalid = (description: string) => ({ error_code: 'Anti-DDoS.10000001', error_description: `Invalid request message: ${description}` });

before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());
// a world reset forgets issued tokens, so each test signs in afresh
beforeEach(async () => {
  await live.control('world/reset', {});
  projectToken = await tokenFor({ project: { id: ACCOUNT.project } });
  domainToken = await tokenFor({ domain: { name: ACCOUNT.name } });
});

/** current_time is the server's clock; everything else in these bodies is fixed by the world. */
function withCurrentTime(body: any): number {
  assert.ok(Math.abs(body.current_time - Date.now() / 1000) < 60, `current_time ${body.current_time} is not now`);
  return body.current_time;
}

describe('GET /v2/aad/instances/{instance_id} (ShowInstanceByInstanceId)', () => {
  test('renders the specs as integers, the times as epoch seconds, and no instance_id or QPS', async () => {
    const r = await call('GET', `/v2/aad/instances/${ID.web}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      instance_name: 'shop-web',
      enterprise_project_id: 'ep-shop',
      version: 'v2',
      expire_time: Date.parse('2099-01-01T00:00:00Z') / 1000,
      create_time: Date.parse('2025-01-01T00:00:00Z') / 1000,
      current_time: withCurrentTime(r.body),
      product_spec_data: {
        product_uuid: r.body.product_spec_data.product_uuid,
        isp_spec: 'BGP',
        data_center: 'north_china',
        spec_type: 0,
        basic_bandwidth: 10,
        elastic_bandwidth: 20,
        service_bandwidth: 100,
        port_num: 50,
        bind_domain_num: 50,
        elastic_service_bandwidth: 0,
        elastic_service_bandwidth_type: 0,
        main_resource_type: 'hws.resource.type.aad',
        main_resource_spec_code: 'aad.website.north_china',
        main_resource_product_id: r.body.product_spec_data.main_resource_product_id,
      },
      instance_config: { tags: ['shop'], freeze_type: [] },
      elastic_service_bw_update_enable: true,
    });
    assert.match(r.body.product_spec_data.product_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(r.body.product_spec_data.main_resource_product_id, /^OFFI[0-9a-f]{24}$/);
  });

  test('a frozen instance shows a freeze type and cannot update its elastic service bandwidth', async () => {
    const r = await call('GET', `/v2/aad/instances/${ID.frozen}`);
    assert.deepEqual(r.body.instance_config, { tags: [], freeze_type: [1] });
    assert.equal(r.body.elastic_service_bw_update_enable, false);
    assert.deepEqual([r.body.product_spec_data.basic_bandwidth, r.body.product_spec_data.elastic_bandwidth, r.body.product_spec_data.data_center], [0, 0, 'asia_pacific']);
  });

  test('an unknown instance is HTTP 400 AAD.10010035 (the code Terraform treats as gone)', async () => {
    const r = await call('GET', '/v2/aad/instances/aad1ffff-0000-4a5b-8c6d-00000000ffff');
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { error_code: 'AAD.10010035', error_description: 'The instance aad1ffff-0000-4a5b-8c6d-00000000ffff does not exist.' });
  });
});

describe('GET /v2/aad/instances/{instance_id}/domains (ListInstanceDomains)', () => {
  test('generated domains of a website instance, the whole body pinned', async () => {
    const r = await call('GET', `/v2/aad/instances/${ID.web}/domains`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      instance_id: ID.web,
      instance_name: 'shop-web',
      domains: [
        {
          domain_id: '22b5e620-6df4-4cee-9313-dd9ff8aee9c7',
          domain_name: 'www.shop-web.example.com',
          cname: 'd2993c80e6312e7bc48e.aad.hwcloudsite.com',
          domain_status: '0',
          cc_status: 1,
          https_cert_status: 1,
          cert_name: 'shop-web-cert',
          protocol_type: ['HTTP', 'HTTPS'],
          real_server_type: 0,
          real_servers: '192.0.2.168',
          waf_status: 0,
        },
        {
          domain_id: '56d9df00-c2e4-434e-9097-da8be2e8b46b',
          domain_name: 'api.shop-web.example.com',
          cname: '29f27cd96a858372a337.aad.hwcloudsite.com',
          domain_status: '0',
          cc_status: 1,
          https_cert_status: 2,
          cert_name: '',
          protocol_type: ['HTTP'],
          real_server_type: 0,
          real_servers: '192.0.2.206',
          waf_status: 0,
        },
      ],
    });
  });

  test('an IP-access instance: no domains; a frozen one: its domains frozen; a bad limit: Anti-DDoS.10000001', async () => {
    assert.deepEqual((await call('GET', `/v2/aad/instances/${ID.ip}/domains`)).body, { instance_id: ID.ip, instance_name: 'game-ip', domains: [] });
    const frozen = await call('GET', `/v2/aad/instances/${ID.frozen}/domains?limit=1`);
    assert.deepEqual(frozen.body.domains.map((d: any) => [d.domain_name, d.domain_status]), [['www.intl.example.com', '1']]);
    const bad = await call('GET', `/v2/aad/instances/${ID.web}/domains?limit=abc`);
    assert.deepEqual([bad.status, bad.body], [400, invalid('limit must be an integer from 1 to 500')]);
    const gone = await call('GET', '/v2/aad/instances/aad1ffff-0000-4a5b-8c6d-00000000ffff/domains');
    assert.deepEqual([gone.status, gone.body], [400, { error_code: 'AAD.10010035', error_description: 'The instance aad1ffff-0000-4a5b-8c6d-00000000ffff does not exist.' }]);
  });
});

describe('instance lists', () => {
  test('GET /v1/aad/instances (ListInstance): per-IP bandwidths, expiry in epoch milliseconds, status codes', async () => {
    const r = await call('GET', '/v1/aad/instances');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      count: 3,
      items: [
        {
          instance_id: ID.web,
          instance_name: 'shop-web',
          ips: [{ ip_id: 'ip-0001', ip: '198.51.100.7', basic_bandwidth: 10, elastic_bandwidth: 20, ip_status: 0 }],
          expire_time: Date.parse('2099-01-01T00:00:00Z'),
          service_bandwidth: 100,
          instance_status: 0,
          enterprise_project_id: 'ep-shop',
          overseas_type: 0,
        },
        {
          instance_id: ID.ip,
          instance_name: 'game-ip',
          ips: [{ ip_id: 'ip-0002', ip: '198.51.100.8', basic_bandwidth: 20, elastic_bandwidth: 60, ip_status: 0 }],
          expire_time: Date.parse('2025-06-01T00:00:00Z'),
          service_bandwidth: 200,
          instance_status: 2,
          enterprise_project_id: '0',
          overseas_type: 0,
        },
        { instance_id: ID.frozen, instance_name: 'intl', ips: [], expire_time: Date.parse('2099-01-01T00:00:00Z'), service_bandwidth: 100, instance_status: 1, enterprise_project_id: '0', overseas_type: 1 },
      ],
    });
  });

  test('GET /v2/aad/instances (ListInstanceV2): access type as a string, no spec numbers', async () => {
    const r = await call('GET', '/v2/aad/instances');
    assert.deepEqual(r.body, {
      items: [
        { instance_id: ID.web, instance_name: 'shop-web', enterprise_project_id: 'ep-shop', instance_access_type: '0', pp_support: 0, pp_enable: 0, overseas_type: 0, vips: [{ ip: '198.51.100.7', isp: 'BGP' }] },
        { instance_id: ID.ip, instance_name: 'game-ip', enterprise_project_id: '0', instance_access_type: '1', pp_support: 0, pp_enable: 0, overseas_type: 0, vips: [{ ip: '198.51.100.8', isp: 'BGP' }] },
        { instance_id: ID.frozen, instance_name: 'intl', enterprise_project_id: '0', instance_access_type: '0', pp_support: 0, pp_enable: 0, overseas_type: 1, vips: [] },
      ],
    });
  });

  test('instance_access_type filters the v2 list; another value is a malformed request', async () => {
    const ip = await call('GET', '/v2/aad/instances?instance_access_type=1');
    assert.deepEqual(ip.body.items.map((i: any) => i.instance_id), [ID.ip]);
    const bad = await call('GET', '/v2/aad/instances?instance_access_type=2');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, invalid('instance_access_type must be 0 (website) or 1 (IP access)'));
  });
});

describe('PUT /v2/aad/instance with a token', () => {
  test('a project-scoped and a domain-scoped token both work; the reply is exactly {order_id}', async () => {
    for (const [token, elastic] of [[projectToken, '30'], [domainToken, '60']] as const) {
      const r = await upgrade({ instance_id: ID.web, upgrade_data: { elastic_bandwidth: elastic } }, token);
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body), ['order_id']);
      assert.match(r.body.order_id, /^CS\d{10}[A-Z0-9]{5}$/);
    }
    assert.equal((await call('GET', `/v2/aad/instances/${ID.web}`, { token: domainToken })).body.product_spec_data.elastic_bandwidth, 60);
  });

  test('a change of nothing is 200 {}', async () => {
    const r = await upgrade({ instance_id: ID.web, upgrade_data: {} });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
  });

  test('a null field counts as omitted, as the SDKs never send one', async () => {
    const r = await upgrade({ instance_id: ID.web, upgrade_data: { basic_bandwidth: null, service_bandwidth: 200 } });
    assert.equal(r.status, 200);
    assert.equal((await call('GET', `/v2/aad/instances/${ID.web}`)).body.product_spec_data.service_bandwidth, 200);
  });

  test('a body without a Content-Type header is still read as JSON', async () => {
    const r = await call('PUT', '/v2/aad/instance', { body: { instance_id: ID.web, upgrade_data: {} }, contentType: null });
    assert.deepEqual([r.status, r.body], [200, {}]);
  });
});

describe('error envelopes: {"error_code","error_description"}, HTTP 400, never 5xx', () => {
  const cases: [string, string | Uint8Array, object][] = [
    ['malformed JSON', '{"instance_id": ', invalid('the request body is not valid JSON')],
    ['an empty body', '', invalid('the request body is empty')],
    ['a JSON array', '[]', invalid('body must be an object, not array')],
    ['a JSON string', '"x"', invalid('body must be an object, not string')],
    ['bytes that are not UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d]), invalid('the request body is not valid UTF-8')],
    ['an unknown field', JSON.stringify({ instance_id: ID.web, upgrade_data: { basic_bandwidth: '20', foo: 1 } }), invalid("upgrade_data has an unknown field 'foo'")],
    ['a bandwidth as a fractional number', JSON.stringify({ instance_id: ID.web, upgrade_data: { basic_bandwidth: 20.5 } }), invalid('upgrade_data.basic_bandwidth must be a string (Gbit/s, e.g. "20"), not a fraction or out of range')],
    ['an integer as a string', JSON.stringify({ instance_id: ID.web, upgrade_data: { port_num: '60' } }), invalid('upgrade_data.port_num must be an integer, not string')],
    ['an integer beyond the Integer range', JSON.stringify({ instance_id: ID.web, upgrade_data: { port_num: 1e12 } }), invalid('upgrade_data.port_num is out of the Integer range')],
    ['a missing instance_id', JSON.stringify({ upgrade_data: {} }), invalid('instance_id is mandatory')],
    ['a missing upgrade_data', JSON.stringify({ instance_id: ID.web }), invalid('upgrade_data is mandatory')],
  ];
  for (const [what, body, expected] of cases) {
    test(what, async () => {
      const r = await upgrade(body);
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, expected);
    });
  }

  test('an unknown instance', async () => {
    const r = await upgrade({ instance_id: 'no-such-instance', upgrade_data: {} });
    assert.deepEqual([r.status, r.body], [400, { error_code: 'AAD.10010035', error_description: 'The instance no-such-instance does not exist.' }]);
  });

  test('an expired instance', async () => {
    const r = await upgrade({ instance_id: ID.ip, upgrade_data: { port_num: 150 } });
    assert.deepEqual(
      [r.status, r.body],
      [400, { error_code: 'AAD.10010006', error_description: `The instance ${ID.ip} has expired; expired instances cannot change specifications.` }],
    );
  });

  test('a rule refusal names the offending field', async () => {
    const r = await upgrade({ instance_id: ID.web, upgrade_data: { basic_bandwidth: '30' } });
    assert.deepEqual(r.body, { error_code: 'AAD.10010003', error_description: 'elastic_bandwidth (20 Gbit/s) may not be lower than basic_bandwidth (30 Gbit/s).' });
  });

  test('a body over the size limit is 413 in the AAD envelope', async () => {
    const r = await upgrade('x'.repeat(1024 * 1024 + 1));
    assert.deepEqual([r.status, r.body], [413, invalid('Request body is too large')]);
  });
});

describe('authentication failures keep the API gateway envelope', () => {
  test('no credentials at all', async () => {
    const r = await call('PUT', '/v2/aad/instance', { token: null, body: { instance_id: ID.web, upgrade_data: {} } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: Authorization not found.', request_id: r.requestId });
  });

  test('an unknown token, before the body is even read', async () => {
    const r = await call('PUT', '/v2/aad/instance', { token: 'MIIT-not-a-token', body: '{broken' });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: decrypt token fail', request_id: r.requestId });
  });

  test('the read calls ask for credentials too', async () => {
    for (const path of [`/v2/aad/instances/${ID.web}`, '/v2/aad/instances', '/v1/aad/instances', `/v2/aad/instances/${ID.web}/domains`]) {
      assert.equal((await call('GET', path, { token: null })).status, 401);
    }
  });
});

describe('the demo world (docs/aad.md examples)', () => {
  let demo: LiveServer;
  before(async () => {
    demo = await startLiveServer({ timing: 'instant' });
  });
  after(() => demo.close());

  test('a demo token upgrades aad-web-01 and reads the new elastic bandwidth back', async () => {
    const auth = await fetch(`${demo.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'demo', password: 'Demo@12345', domain: { name: 'demo' } } } }, scope: { domain: { name: 'demo' } } } }),
    });
    const headers = { 'x-auth-token': auth.headers.get('x-subject-token')!, 'content-type': 'application/json' };
    const put = await fetch(`${demo.endpoint}/v2/aad/instance`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ instance_id: 'aadd0001-0000-4a5b-8c6d-000000000001', upgrade_data: { elastic_bandwidth: '30' } }),
    });
    assert.equal(put.status, 200);
    assert.match(((await put.json()) as { order_id: string }).order_id, /^CS/);
    const show = await fetch(`${demo.endpoint}/v2/aad/instances/aadd0001-0000-4a5b-8c6d-000000000001`, { headers });
    assert.equal(((await show.json()) as any).product_spec_data.elastic_bandwidth, 30);
    const list = (await (await fetch(`${demo.endpoint}/v1/aad/instances`, { headers })).json()) as any;
    assert.deepEqual(
      list.items.map((i: any) => [i.instance_name, i.instance_status]),
      [['aad-web-01', 0], ['aad-ip-01', 0], ['aad-web-noqps', 0], ['aad-expired-01', 2], ['aad-frozen-01', 1]],
    );
  });
});
