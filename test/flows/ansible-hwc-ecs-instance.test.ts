// Ansible's community.general.hwc_ecs_instance, replayed from its source (HEAD ade4f3ec,
// plugins/modules/hwc_ecs_instance.py and plugins/module_utils/_hwc_utils.py): a keystoneauth
// password token scoped to the project by name, then with no id given the search that pages
// cloudservers/detail?limit=10&offset=N from 1 until a page is empty, the read (the server, then
// its autorecovery), an auto-recovery change through PUT, and the re-read that must match.
// Requests carry what keystoneauth and the module's _ServiceClient send: X-Auth-Token,
// User-Agent Huawei-Ansible-MM-ecs, Accept, and requests' JSON bodies.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { send, type RawReply } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

/** requests' json= encoding: json.dumps with its default separators. */
const pyJson = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? `[${v.map(pyJson).join(', ')}]` : typeof v === 'object' ? `{${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`).join(', ')}}` : JSON.stringify(v);

interface Session {
  token: string;
  /** the ecs endpoint the catalog gives, with "/" appended (relative paths are joined to it) */
  ecs: string;
  calls: string[];
}

/** keystoneauth1 v3.Password(auth_url, username, password, project_name, user_domain_name): POST {auth_url}/auth/tokens. */
async function authenticate(region: string): Promise<Session> {
  const body = pyJson({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } }, scope: { project: { name: region } } } });
  const r = await send(live.endpoint, 'POST', '/v3/auth/tokens', { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'keystoneauth1/5.6.0 python-requests/2.31.0' }, body);
  assert.equal(r.status, 201, r.text);
  const token = r.headers['x-subject-token'] as string;
  assert.ok(token);
  assert.ok(r.json.token.expires_at && r.json.token.project.id);
  // service_type "ecs", interface public, region: the catalog's ecs URL is .../v1/{project_id}
  const entry = (r.json.token.catalog as any[]).find((s) => s.type === 'ecs')?.endpoints.find((e: any) => e.interface === 'public' && (e.region_id === region || e.region === region));
  const base = entry?.url ?? `${live.endpoint}/v1/${r.json.token.project.id}`;
  return { token, ecs: `${new URL(base).pathname}/`, calls: [] };
}

async function hwc(s: Session, method: string, rel: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { 'User-Agent': 'Huawei-Ansible-MM-ecs', Accept: 'application/json', 'X-Auth-Token': s.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  s.calls.push(`${method} ${rel}`);
  const r: RawReply = await send(live.endpoint, method, s.ecs + rel, headers, body === undefined ? undefined : pyJson(body));
  // session_method_wrapper: an empty body is None, anything outside 2xx raises
  const result = r.text ? JSON.parse(r.text) : null;
  if (r.status < 200 || r.status >= 300) throw new Error(`[HwcClientException] code=${r.status}, message=${result?.error?.message ?? r.text}`);
  return result;
}

interface Inputs {
  name: string;
  flavor_name?: string;
  image_id?: string;
  vpc_id?: string;
  availability_zone?: string;
  enable_auto_recovery?: boolean;
}

/** search_resource (AN:760-787): page from offset 1 until an empty page (or more than one match). */
async function search(s: Session, opts: Inputs): Promise<{ found: any[]; pages: number }> {
  const found: any[] = [];
  let pages = 0;
  for (let offset = 1; ; offset++) {
    const r = await hwc(s, 'GET', `cloudservers/detail?limit=10&offset=${offset}&name=${opts.name}`);
    pages++;
    assert.ok(r && 'servers' in r, 'navigate_value(r, ["servers"]) needs the key');
    if (!r.servers.length) break;
    for (const item of r.servers) {
      // _build_identity_object: only the inputs given are compared
      const same =
        item.name === opts.name &&
        (opts.flavor_name === undefined || item.flavor.id === opts.flavor_name) &&
        (opts.image_id === undefined || item.image.id === opts.image_id) &&
        (opts.vpc_id === undefined || item.metadata.vpc_id === opts.vpc_id) &&
        (opts.availability_zone === undefined || item['OS-EXT-AZ:availability_zone'] === opts.availability_zone);
      if (same) found.push(item);
    }
    if (found.length > 1) break;
    assert.ok(offset < 1000, 'the paging must end');
  }
  return { found, pages };
}

/** read_resource + preprocess_read_response + the auto-recovery read (AN:681-732, 1420-1436). */
async function read(s: Session, id: string) {
  const server = (await hwc(s, 'GET', `cloudservers/${id}`)).server;
  assert.ok(server, 'navigate_value(r, ["server"])');
  const volumes = [...server['os-extended-volumes:volumes_attached']];
  const rootAt = volumes.findIndex((v: any) => v.bootIndex === '0'); // a string compare
  assert.ok(rootAt >= 0, 'a root volume with bootIndex "0"');
  const root = volumes.splice(rootAt, 1)[0];
  const nics: Record<string, { ip_address: string; port_id: string }> = {};
  for (const list of Object.values<any[]>(server.addresses)) {
    for (const item of list) {
      // indexed directly: a missing key is a KeyError
      assert.ok('OS-EXT-IPS:type' in item && 'OS-EXT-IPS:port_id' in item);
      if (item['OS-EXT-IPS:type'] !== 'floating') nics[item['OS-EXT-IPS:port_id']] = { ip_address: item.addr, port_id: item['OS-EXT-IPS:port_id'] };
    }
  }
  const tags = Object.fromEntries(server.tags.map((t: string) => {
    const kv = t.split('=');
    assert.ok(kv.length >= 2, 'a tag without "=" raises IndexError');
    return [kv[0], kv[1]];
  }));
  const recovery = await hwc(s, 'GET', `cloudservers/${id}/autorecovery`);
  assert.equal(typeof recovery.support_auto_recovery, 'string');
  return {
    id: server.id,
    name: server.name,
    flavor_name: server.flavor.id,
    image_id: server.image.id,
    image_name: server.metadata.image_name,
    vpc_id: server.metadata.vpc_id,
    availability_zone: server['OS-EXT-AZ:availability_zone'],
    status: server.status,
    power_state: server['OS-EXT-STS:power_state'],
    root_volume: { volume_id: root.id, device: root.device },
    data_volumes: volumes.map((v: any) => ({ volume_id: v.id, device: v.device })),
    nics: Object.values(nics),
    tags,
    enable_auto_recovery: recovery.support_auto_recovery === 'true',
  };
}

describe('community.general.hwc_ecs_instance, state=present with no id', () => {
  test('finds web-02 by paging, reads it, turns auto-recovery off, re-reads what it set', async () => {
    const s = await authenticate('cn-north-4');
    const inputs: Inputs = { name: 'web-02', flavor_name: 's6.large.2', availability_zone: 'cn-north-4a', enable_auto_recovery: false };
    const { found, pages } = await search(s, inputs);
    assert.equal(found.length, 1);
    assert.equal(pages, 2, 'page 1 has web-02, page 2 is empty and ends the search');
    const id = found[0].id;
    assert.equal(id, DEMO.servers.web02);
    const state = await read(s, id);
    assert.deepEqual([state.flavor_name, state.status, state.power_state, state.root_volume.device, state.data_volumes, state.enable_auto_recovery], ['s6.large.2', 'ACTIVE', 1, '/dev/vda', [], true]);
    assert.equal(state.nics.length, 1);
    assert.deepEqual(state.tags, { app: 'web' });
    // update(): only the auto-recovery differs, set with PUT (the response is ignored)
    assert.notEqual(state.enable_auto_recovery, inputs.enable_auto_recovery);
    const put = await hwc(s, 'PUT', `cloudservers/${id}/autorecovery`, { support_auto_recovery: String(inputs.enable_auto_recovery) });
    assert.equal(put, null, 'an empty body parses to None');
    const again = await read(s, id);
    assert.deepEqual(again, { ...state, enable_auto_recovery: false }, 'the re-read matches: no "Update resource failed"');
    assert.deepEqual(s.calls, [
      `GET cloudservers/detail?limit=10&offset=1&name=web-02`,
      `GET cloudservers/detail?limit=10&offset=2&name=web-02`,
      `GET cloudservers/${id}`,
      `GET cloudservers/${id}/autorecovery`,
      `PUT cloudservers/${id}/autorecovery`,
      `GET cloudservers/${id}`,
      `GET cloudservers/${id}/autorecovery`,
    ]);
  });

  test('a server with a data disk and two NICs: root volume, data volumes and both NICs', async () => {
    const s = await authenticate('cn-north-4');
    const db = await read(s, DEMO.servers.db01);
    assert.equal(db.data_volumes.length, 1);
    assert.equal(db.data_volumes[0]!.device, '/dev/vdb');
    const api = await read(s, DEMO.servers.api01);
    assert.equal(api.nics.length, 2);
    assert.equal(api.enable_auto_recovery, false, 'the world declared it off');
    assert.equal(api.image_name, 'demo-api-golden');
  });

  test('no match: the search pages to the empty page and finds nothing (the module would create)', async () => {
    const s = await authenticate('cn-north-4');
    const { found, pages } = await search(s, { name: 'web-02', flavor_name: 'c7.large.2' });
    assert.deepEqual([found.length, pages], [0, 2]);
  });

  test('many servers: every page of 10, then the empty one', async () => {
    const world = {
      accounts: [{ name: 'demo', users: [{ name: 'demo', password: 'Demo@12345' }], projects: [{ region: 'cn-north-4' }] }],
      huawei: { regions: [{ id: 'cn-north-4', zones: ['cn-north-4a'] }], generate_servers: [{ count: 25, account: 'demo', region: 'cn-north-4', flavor: 's6.large.2', name_prefix: 'app' }] },
    };
    const many = await startLiveServer({ timing: 'instant', world });
    const saved = live;
    live = many;
    try {
      const s = await authenticate('cn-north-4');
      // name is a fuzzy filter: app-1 and app-10 to app-19 come back, 10 and 1, then the empty page
      const { found, pages } = await search(s, { name: 'app-1' });
      assert.deepEqual(found.map((x) => x.name), ['app-1']);
      assert.equal(pages, 3);
      assert.deepEqual(s.calls, [1, 2, 3].map((n) => `GET cloudservers/detail?limit=10&offset=${n}&name=app-1`));
    } finally {
      live = saved;
      await many.close();
    }
  });
});
