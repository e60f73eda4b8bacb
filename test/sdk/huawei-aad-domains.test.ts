// AAD ListInstanceDomains (GET /v2/aad/instances/{instance_id}/domains) through the core SDK's signed
// request, as the generated Node AadClient sends it (services/aad/v2/AadClient.ts; no AAD package is
// published on npm): world-declared domains, generated ones, paging, and the bind_domain_num floor.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, coreSdk, quiet } from '../helpers/huawei-sdk.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { loadWorld } from '../../src/world/load-world.js';
import { PROVIDERS } from '../../src/server/providers.js';

const require = createRequire(import.meta.url);
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as any;

const OWNER = { domain: '3a2b3c4d5e6f40718293a4b5c6d7e801', ak: 'AADDOMAINAK000000001', sk: 'aadDomainSecretKey000000000000000000001' };
const OTHER = { domain: '3a2b3c4d5e6f40718293a4b5c6d7e802', ak: 'AADDOMAINOTHERAK0001', sk: 'aadDomainOtherSecret0000000000000000001' };
const ID = {
  shop: 'aadc0001-0000-4a5b-8c6d-000000000001', // three declared domains, bind_domain_num 50
  blog: 'aadc0002-0000-4a5b-8c6d-000000000002', // none declared: generated
  ports: 'aadc0003-0000-4a5b-8c6d-000000000003', // IP access: no domains
  frozen: 'aadc0004-0000-4a5b-8c6d-000000000004',
  other: 'aadc0005-0000-4a5b-8c6d-000000000005',
};

const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `site${i + 1}.example.org`, real_servers: [`198.51.100.${i + 1}`] }));

const WORLD = {
  accounts: [
    { id: OWNER.domain, name: 'owner', balance: '100000.00', access_keys: [{ ak: OWNER.ak, sk: OWNER.sk }] },
    { id: OTHER.domain, name: 'other', balance: '100000.00', access_keys: [{ ak: OTHER.ak, sk: OTHER.sk }] },
  ],
  aad: {
    instances: [
      {
        id: ID.shop,
        name: 'Shop Web',
        account: 'owner',
        bind_domain_num: 50,
        expires_in_days: 300,
        domains: [
          { name: 'www.shop.example', id: 'd-0001', real_servers: ['198.51.100.10', '198.51.100.11'], protocols: ['HTTP', 'HTTPS'], cert_name: 'shop-2026', waf_protection: true },
          { name: 'api.shop.example', real_servers: ['origin.shop.example'], cc_protection: false },
          { name: 'old.shop.example', real_servers: ['198.51.100.12'], status: 'frozen' },
        ],
      },
      { id: ID.blog, name: 'Blog', account: 'owner', expires_in_days: 300 },
      { id: ID.ports, name: 'ports', account: 'owner', access_type: 'ip', region: 'east_china', expires_in_days: 300 },
      { id: ID.frozen, name: 'frozen', account: 'owner', status: 'frozen', expires_in_days: 300, domains: [{ name: 'a.frozen.example', real_servers: ['198.51.100.20'] }] },
      { id: ID.other, name: 'theirs', account: 'other', expires_in_days: 300, bind_domain_num: 55, domains: many(55) },
    ],
  },
};

/** The generated AadClient's request definitions, sent through the core HcClient. */
class AadClient {
  constructor(private readonly hc: any) {}
  private send(method: string, url: string, opts: { data?: unknown; pathParams?: Record<string, string>; queryParams?: Record<string, unknown> } = {}): Promise<any> {
    return this.hc.sendRequest({ method, url, contentType: 'application/json', queryParams: opts.queryParams ?? {}, pathParams: opts.pathParams ?? {}, headers: {}, data: opts.data ?? {}, responseHeaders: [''] });
  }
  listInstanceDomains(instanceId: string, opts: { limit?: number; offset?: number } = {}) {
    const queryParams: Record<string, unknown> = {};
    if (opts.limit !== undefined) queryParams.limit = opts.limit;
    if (opts.offset !== undefined) queryParams.offset = opts.offset;
    return this.send('GET', '/v2/aad/instances/{instance_id}/domains', { pathParams: { instance_id: instanceId }, queryParams });
  }
  upgradeInstanceSpec(body: unknown) {
    return this.send('PUT', '/v2/aad/instance', { data: body });
  }
}

let live: LiveServer;
let aad: AadClient;
const client = (who: typeof OWNER) =>
  new ClientBuilder((hc: any) => new AadClient(hc), 'GlobalCredentials')
    .withCredential(new coreSdk.GlobalCredentials().withAk(who.ak).withSk(who.sk).withDomainId(who.domain))
    .withEndpoint(live.endpoint)
    .withOptions(quiet)
    .build() as AadClient;

before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
  aad = client(OWNER);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

async function refused(call: () => Promise<unknown>, code: string): Promise<any> {
  const r = await attempt(call);
  assert.equal(r.ok, false, `expected ${code}`);
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, 400);
  assert.equal(e.errorCode, code);
  return e;
}

describe('ListInstanceDomains', () => {
  test('declared domains, as the world declares them, with the model types (domain_status a string)', async () => {
    const r = await aad.listInstanceDomains(ID.shop);
    assert.equal(r.instance_id, ID.shop);
    assert.equal(r.instance_name, 'Shop Web');
    assert.equal(r.domains.length, 3);
    const [www, api, old] = r.domains;
    assert.deepEqual({ ...www, cname: 'C' }, {
      domain_id: 'd-0001',
      domain_name: 'www.shop.example',
      cname: 'C',
      domain_status: '0',
      cc_status: 1,
      https_cert_status: 1,
      cert_name: 'shop-2026',
      protocol_type: ['HTTP', 'HTTPS'],
      real_server_type: 0,
      real_servers: '198.51.100.10,198.51.100.11',
      waf_status: 1,
    });
    assert.match(www.cname, /^[0-9a-f]{20}\.aad\.hwcloudsite\.com$/);
    assert.deepEqual([api.real_server_type, api.real_servers, api.cc_status, api.https_cert_status, api.cert_name, api.protocol_type], [1, 'origin.shop.example', 0, 2, '', ['HTTP']]);
    assert.match(api.domain_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    assert.equal(old.domain_status, '1');
  });

  test('an instance without declared domains has two generated ones, the same on every read', async () => {
    const a = await aad.listInstanceDomains(ID.blog);
    assert.deepEqual(a.domains.map((d: any) => [d.domain_name, d.protocol_type, d.https_cert_status]), [
      ['www.blog.example.com', ['HTTP', 'HTTPS'], 1],
      ['api.blog.example.com', ['HTTP'], 2],
    ]);
    assert.match(a.domains[0].real_servers, /^192\.0\.2\.\d{1,3}$/);
    assert.deepEqual(await aad.listInstanceDomains(ID.blog), a);
  });

  test('an IP-access instance protects no domains; a frozen instance freezes its domains', async () => {
    assert.deepEqual((await aad.listInstanceDomains(ID.ports)).domains, []);
    assert.deepEqual((await aad.listInstanceDomains(ID.frozen)).domains.map((d: any) => d.domain_status), ['1']);
  });

  test('limit and offset page the list', async () => {
    const theirs = client(OTHER);
    assert.equal((await theirs.listInstanceDomains(ID.other)).domains.length, 55, 'without a limit, every domain');
    const page = await theirs.listInstanceDomains(ID.other, { limit: 10, offset: 50 });
    assert.deepEqual(page.domains.map((d: any) => d.domain_name), ['site51.example.org', 'site52.example.org', 'site53.example.org', 'site54.example.org', 'site55.example.org']);
    await refused(() => theirs.listInstanceDomains(ID.other, { limit: 0 }), 'Anti-DDoS.10000001');
    await refused(() => theirs.listInstanceDomains(ID.other, { offset: -1 }), 'Anti-DDoS.10000001');
  });

  test("an unknown instance, or another account's, is AAD.10010035", async () => {
    await refused(() => aad.listInstanceDomains(ID.other), 'AAD.10010035');
    await refused(() => aad.listInstanceDomains('aadcffff-0000-4a5b-8c6d-00000000ffff'), 'AAD.10010035');
  });
});

describe('bind_domain_num and the domains bound', () => {
  test('cannot go below the domains the instance protects (AAD.10010009); down to that count it may', async () => {
    const theirs = client(OTHER);
    await refused(() => theirs.upgradeInstanceSpec({ instance_id: ID.other, upgrade_data: { bind_domain_num: 50 } }), 'AAD.10010009');
    const ok = await theirs.upgradeInstanceSpec({ instance_id: ID.other, upgrade_data: { bind_domain_num: 60 } });
    assert.match(ok.order_id, /^CS/);
    const back = await aad.upgradeInstanceSpec({ instance_id: ID.shop, upgrade_data: { bind_domain_num: 50 } });
    assert.deepEqual(Object.keys(back).filter((k) => k !== 'httpStatusCode'), [], 'unchanged: no order');
  });
});

describe('the world loader', () => {
  const load = async (edit: (w: any) => void) => {
    const w = structuredClone(WORLD) as any;
    edit(w);
    const store = new SqliteStore({ dataDir: ':memory:' });
    try {
      await loadWorld(store, w, Date.now(), PROVIDERS.flatMap((p) => p.worldSections ?? []));
    } finally {
      await store.close();
    }
  };

  test('refuses more domains than bind_domain_num, domains on an IP-access instance, a name twice, a non-IP origin typed ip', async () => {
    await assert.rejects(load((w) => (w.aad.instances[4].bind_domain_num = 50)), /55 domains declared but bind_domain_num is 50/);
    await assert.rejects(load((w) => (w.aad.instances[2].domains = many(1))), /only website instances protect domain names/);
    await assert.rejects(load((w) => w.aad.instances[0].domains.push({ name: 'WWW.shop.example', real_servers: ['198.51.100.9'] })), /declared twice/);
    await assert.rejects(load((w) => w.aad.instances[0].domains.push({ name: 'x.shop.example', real_servers: ['origin.example'], real_server_type: 'ip' })), /not an IPv4 address/);
    await load(() => {});
  });

  test('the schema refuses a malformed domain name', () => {
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../schema/world.schema.json', import.meta.url)), 'utf8'));
    const pattern = new RegExp(schema.properties.aad.properties.instances.items.properties.domains.items.properties.name.pattern);
    assert.ok(pattern.test('www.shop.example') && pattern.test('*.shop.example'));
    assert.ok(!pattern.test('not a domain') && !pattern.test('-bad.example') && !pattern.test('localhost'));
  });
});
