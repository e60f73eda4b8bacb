// Golden replies of the read calls around a resize: EVS ShowVolume, ECS block_device, VPC ports,
// IMS ListImages, the ECS v1.1 list and autorecovery, with the JSON types clients decode them into
// (terraform's golangsdk fails a Read on a type mismatch, and panics on a string bootIndex), each
// service's failure envelope, and the resize walk step by step on the virtual clock.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const call = (method: string, path: string, body = '', creds: { ak: string; sk: string; project?: string } = DEMO) => signedSend(live.endpoint, creds, method, path, body);
const P = DEMO.project;
const server = async (id: string) => (await call('GET', `/v1/${P}/cloudservers/${id}`)).json.server;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const types = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]));

describe('ECS: addresses, volumes_attached and block_device', () => {
  test('an address entry names its port and marks the primary NIC; volumes_attached holds strings', async () => {
    const s = await server(DEMO.servers.web01);
    const vpc = s.metadata.vpc_id;
    assert.deepEqual(Object.keys(s.addresses), [vpc]);
    const [a] = s.addresses[vpc];
    assert.deepEqual(Object.keys(a), ['version', 'addr', 'OS-EXT-IPS-MAC:mac_addr', 'OS-EXT-IPS:type', 'OS-EXT-IPS:port_id', 'primary']);
    assert.deepEqual([a.version, a['OS-EXT-IPS:type'], a.primary], ['4', 'fixed', true]);
    assert.match(a['OS-EXT-IPS:port_id'], UUID);
    assert.match(a['OS-EXT-IPS-MAC:mac_addr'], /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.equal(a['OS-EXT-IPS-MAC:mac_addr'].slice(-8).replace(/:/g, ''), a['OS-EXT-IPS:port_id'].slice(-6), 'the MAC ends like its port id');
    const [v] = s['os-extended-volumes:volumes_attached'];
    assert.deepEqual(types(v), { id: 'string', delete_on_termination: 'string', bootIndex: 'string', device: 'string' });
    assert.deepEqual([v.bootIndex, v.device, v.delete_on_termination], ['0', '/dev/vda', 'true']);
    assert.match(v.id, UUID);
  });

  test('block_device: bootIndex and size are numbers', async () => {
    const s = await server(DEMO.servers.db01);
    const [sys, data] = s['os-extended-volumes:volumes_attached'];
    const one = await call('GET', `/v1/${P}/cloudservers/${DEMO.servers.db01}/block_device/${sys.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, {
      volumeAttachment: { serverId: DEMO.servers.db01, volumeId: sys.id, id: sys.id, device: '/dev/vda', pciAddress: '0000:02:01.0', size: 40, bootIndex: 0, bus: 'virtio' },
    });
    const list = await call('GET', `/v1/${P}/cloudservers/${DEMO.servers.db01}/block_device`);
    assert.deepEqual(list.json.attachableQuantity, { free_scsi: 24, free_blk: 22, free_disk: 22 });
    assert.deepEqual(list.json.volumeAttachments[1], { serverId: DEMO.servers.db01, volumeId: data.id, id: data.id, device: '/dev/vdb', pciAddress: '0000:02:02.0', size: 100, bootIndex: -1, bus: 'virtio' });
  });

  test('a volume not attached: 400 Ecs.1000 carrying Nova\'s itemNotFound; an unknown server: 404 Ecs.0114', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await call('GET', `/v1/${P}/cloudservers/${DEMO.servers.web01}/block_device/${missing}`);
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: { code: 'Ecs.1000', message: `{"itemNotFound": {"message": "volume_id not found: ${missing}", "code": 404}}` } });
    const s = await call('GET', `/v1/${P}/cloudservers/${missing}/block_device`);
    assert.deepEqual([s.status, s.json.error.code], [404, 'Ecs.0114']);
  });
});

describe('EVS ShowVolume', () => {
  test('the VolumeDetail fields with their types; strings in metadata and volume_image_metadata', async () => {
    const s = await server(DEMO.servers.web01);
    const id = s['os-extended-volumes:volumes_attached'][0].id;
    const r = await call('GET', `/v2/${P}/cloudvolumes/${id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['volume']);
    const v = r.json.volume;
    assert.deepEqual(types(v), {
      id: 'string', links: 'array', name: 'string', status: 'string', attachments: 'array', availability_zone: 'string', 'os-vol-host-attr:host': 'string',
      source_volid: 'null', snapshot_id: 'null', description: 'string', created_at: 'string', 'os-vol-tenant-attr:tenant_id': 'string',
      volume_image_metadata: 'object', volume_type: 'string', size: 'number', consistencygroup_id: 'null', bootable: 'string', metadata: 'object',
      updated_at: 'string', encrypted: 'boolean', replication_status: 'string', 'os-volume-replication:extended_status': 'null',
      'os-vol-mig-status-attr:migstat': 'null', 'os-vol-mig-status-attr:name_id': 'null', shareable: 'string', user_id: 'string', service_type: 'string',
      multiattach: 'boolean', dedicated_storage_id: 'null', dedicated_storage_name: 'null', tags: 'object', wwn: 'string', enterprise_project_id: 'string',
      serial_number: 'string',
    });
    assert.deepEqual([v.status, v.size, v.volume_type, v.bootable, v.availability_zone, v['os-vol-tenant-attr:tenant_id']], ['in-use', 40, 'GPSSD', 'true', 'cn-north-4a', P]);
    assert.deepEqual(v.attachments, [{ server_id: DEMO.servers.web01, attachment_id: v.attachments[0].attachment_id, attached_at: v.attachments[0].attached_at, host_name: null, volume_id: id, device: '/dev/vda', id }]);
    assert.match(v.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    for (const m of [v.metadata, v.volume_image_metadata]) assert.ok(Object.values(m).every((x) => typeof x === 'string'));
    assert.deepEqual(v.metadata, { 'hw:passthrough': 'false', attached_mode: 'rw', readonly: 'False' });
    assert.equal(v.volume_image_metadata.image_id, s.image.id);
    assert.equal(v.volume_image_metadata.min_disk, '40');
    assert.equal(v.iops, undefined, 'no provisioned IOPS on GPSSD');
  });

  test('an unknown disk and another project\'s: 404 {"error":{"code":"EVS.5404","message"}}', async () => {
    const hk = (await call('GET', `/v1/${DEMO.hkProject}/cloudservers/${DEMO.servers.hk01}`, '', { ...DEMO, project: DEMO.hkProject })).json.server;
    for (const id of ['00000000-0000-4000-8000-000000000000', hk['os-extended-volumes:volumes_attached'][0].id, 'x'.repeat(64)]) {
      const r = await call('GET', `/v2/${P}/cloudvolumes/${id}`);
      assert.equal(r.status, 404, id);
      assert.deepEqual(Object.keys(r.json.error), ['code', 'message']);
      assert.equal(r.json.error.code, 'EVS.5404');
    }
    const other = await call('GET', `/v2/${DEMO.hkProject}/cloudvolumes/00000000-0000-4000-8000-000000000000`);
    assert.deepEqual([other.status, other.json.error.code], [400, 'Common.0018'], 'the project in the URL must be the caller\'s');
  });
});

describe('VPC ports', () => {
  test('ShowPort: the port the primary address names', async () => {
    const s = await server(DEMO.servers.web01);
    const a = s.addresses[s.metadata.vpc_id][0];
    const r = await call('GET', `/v1/${P}/ports/${a['OS-EXT-IPS:port_id']}`);
    assert.equal(r.status, 200);
    const p = r.json.port;
    assert.deepEqual(types(p), {
      id: 'string', name: 'string', network_id: 'string', admin_state_up: 'boolean', mac_address: 'string', fixed_ips: 'array', device_id: 'string',
      device_owner: 'string', tenant_id: 'string', status: 'string', security_groups: 'array', allowed_address_pairs: 'array', extra_dhcp_opts: 'array',
      'binding:vnic_type': 'string', dns_assignment: 'array', dns_name: 'string', 'binding:vif_details': 'object', 'binding:profile': 'object',
      instance_id: 'string', instance_type: 'string', port_security_enabled: 'boolean', zone_id: 'string', enable_efi: 'boolean', ipv6_bandwidth_id: 'string',
    });
    assert.deepEqual([p.device_id, p.device_owner, p.mac_address, p.fixed_ips[0].ip_address, p.status], [DEMO.servers.web01, 'compute:cn-north-4a', a['OS-EXT-IPS-MAC:mac_addr'], a.addr, 'DOWN']);
    assert.deepEqual(p['binding:vif_details'], { primary_interface: true, port_filter: true, ovs_hybrid_plug: false });
    assert.deepEqual(p.security_groups, s.security_groups.map((g: any) => g.id));
    assert.notEqual(p.fixed_ips[0].subnet_id, p.network_id, 'fixed_ips names the neutron subnet, network_id the VPC subnet');
  });

  test('ListPorts as terraform asks: device_id, limit=100, then marker', async () => {
    const r = await call('GET', `/v1/${P}/ports?device_id=${DEMO.servers.api01}&limit=100`);
    assert.deepEqual(Object.keys(r.json), ['ports']);
    assert.equal(r.json.ports.length, 2);
    const next = await call('GET', `/v1/${P}/ports?device_id=${DEMO.servers.api01}&limit=1&marker=${r.json.ports[0].id}`);
    assert.deepEqual(next.json.ports.map((p: any) => p.id), [r.json.ports[1].id]);
  });

  test('failures in VPC\'s envelope {"code","message"}', async () => {
    const missing = await call('GET', `/v1/${P}/ports/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { code: 'VPC.2501', message: 'Port 00000000-0000-4000-8000-000000000000 could not be found.' });
    for (const q of ['limit=abc', 'limit=-1', 'limit=99999999999', 'status=GONE', 'fixed_ips=mac%3D1', 'marker=nope']) {
      const r = await call('GET', `/v1/${P}/ports?${q}`);
      assert.deepEqual([r.status, r.json.code], [400, 'VPC.2500'], q);
    }
    const wrong = await call('GET', `/v1/${DEMO.hkProject}/ports`);
    assert.deepEqual([wrong.status, wrong.json.code], [400, 'VPC.0007']);
  });
});

describe('IMS ListImages', () => {
  test('terraform\'s query: one image, types as golangsdk decodes them, created_at with a Z, no next', async () => {
    const s = await server(DEMO.servers.web01);
    const r = await call('GET', `/v2/cloudimages?enterprise_project_id=all_granted_eps&id=${s.image.id}&limit=1`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['images', 'first']);
    assert.equal(r.json.first, `/v2/cloudimages?enterprise_project_id=all_granted_eps&id=${s.image.id}&limit=1`);
    const [i] = r.json.images;
    assert.deepEqual([i.id, i.name, i.__os_type, i.__platform, i.__imagetype, i.visibility, i.status], [s.image.id, 'CentOS 7.9 64bit', 'Linux', 'CentOS', 'gold', 'public', 'active']);
    assert.deepEqual([typeof i.min_disk, typeof i.min_ram, typeof i.size, typeof i.max_ram, typeof i.protected, typeof i.__system_support_market], ['number', 'number', 'number', 'string', 'boolean', 'boolean']);
    assert.ok(Object.entries(i).filter(([k]) => k.startsWith('__') && k !== '__system_support_market').every(([, v]) => typeof v === 'string'));
    assert.match(i.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('paging follows next until it is absent; a private image only for its account', async () => {
    const seen: string[] = [];
    let url = '/v2/cloudimages?limit=2';
    for (let guard = 0; guard < 10; guard++) {
      const r = await call('GET', url);
      seen.push(...r.json.images.map((i: any) => i.name));
      if (!r.json.next) break;
      url = r.json.next;
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes('demo-api-golden') && seen.includes('Ubuntu 22.04 server 64bit'));
    const partner = await call('GET', '/v2/cloudimages?__imagetype=private', '', { ak: 'SPECSHIFTPARTNERAK01', sk: 'specshiftPartnerSecretKey000000000000001' });
    assert.deepEqual(partner.json.images, []);
    const bad = await call('GET', '/v2/cloudimages?limit=zero');
    assert.deepEqual([bad.status, bad.json.error.code], [400, 'IMG.0001']);
  });
});

describe('ECS v1.1 list, autorecovery and v1 paging', () => {
  test('terraform\'s prepaid expiry query', async () => {
    const r = await call('GET', `/v1.1/${P}/cloudservers/detail?expect-fields=market_info&id=${DEMO.servers.db01}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['request_id', 'servers', 'servers_links']);
    const [s] = r.json.servers;
    assert.deepEqual(Object.keys(s), ['id', 'name', 'status', 'tenant_id', 'user_id', 'availability_zone', 'vm_state', 'task_state', 'created', 'updated', 'in_recycle_bin', 'spod_id', 'flavor', 'fault', 'market_info']);
    assert.deepEqual(s.flavor, { id: 'm7.large.8', name: 'm7.large.8', vcpus: 2, ram: 16384, disk: 0, gpus: [], asic_accelerators: [] });
    assert.equal(s.market_info.charge_mode, 'prepaid');
    assert.equal(Date.parse(s.market_info.prepaid_info.expired_time) > Date.now(), true);
  });

  test('autorecovery: {"support_auto_recovery":"true"} as a string; PUT answers 204 with no body', async () => {
    const get = await call('GET', `/v1/${P}/cloudservers/${DEMO.servers.web01}/autorecovery`);
    assert.deepEqual([get.status, get.json], [200, { support_auto_recovery: 'true' }]);
    const put = await call('PUT', `/v1/${P}/cloudservers/${DEMO.servers.web01}/autorecovery`, '{"support_auto_recovery":"false"}');
    assert.deepEqual([put.status, put.text], [204, '']);
    for (const body of ['{"support_auto_recovery":false}', '{"support_auto_recovery":"yes"}', '{}', '', '{"support_auto_recovery":"true","x":1}']) {
      const r = await call('PUT', `/v1/${P}/cloudservers/${DEMO.servers.web01}/autorecovery`, body);
      assert.equal(r.status, 400, body);
    }
  });

  test('v1 detail: offset is a page number; past the last page {"count":N,"servers":[]}', async () => {
    const p1 = await call('GET', `/v1/${P}/cloudservers/detail?limit=10&offset=1`);
    assert.equal(p1.json.servers.length, 8);
    const p2 = await call('GET', `/v1/${P}/cloudservers/detail?limit=10&offset=2`);
    assert.deepEqual(p2.json, { count: 8, servers: [] });
  });
});

describe('the resize walk as the server shows it', () => {
  test('withStopServer on a running server: powering-off, resize_prep, resize_migrating, resize_migrated, resize_finish, powering-on, ACTIVE', async () => {
    const r = await call('POST', `/v1.1/${P}/cloudservers/${DEMO.servers.web02}/resize`, JSON.stringify({ resize: { flavorRef: 's6.xlarge.2', mode: 'withStopServer' } }));
    const jobId = r.json.job_id;
    const walk: string[] = [];
    const look = async () => {
      const s = await server(DEMO.servers.web02);
      const job = (await call('GET', `/v1/${P}/jobs/${jobId}`)).json;
      const step = `${job.status} ${s.status}/${s['OS-EXT-STS:vm_state']}/${s['OS-EXT-STS:task_state']} ${s.flavor.id}`;
      if (walk.at(-1) !== step) walk.push(step);
    };
    await look();
    for (let t = 0; t < 40; t++) {
      await live.control('clock/advance', { ms: 500 });
      await look();
    }
    assert.deepEqual(walk, [
      'INIT ACTIVE/active/null s6.large.2',
      'RUNNING ACTIVE/active/powering-off s6.large.2',
      'RUNNING RESIZE/stopped/resize_prep s6.large.2',
      'RUNNING RESIZE/stopped/resize_migrating s6.large.2',
      'RUNNING RESIZE/stopped/resize_migrated s6.large.2',
      'RUNNING RESIZE/stopped/resize_finish s6.large.2',
      'RUNNING SHUTOFF/stopped/powering-on s6.large.2',
      'SUCCESS ACTIVE/active/null s6.xlarge.2',
    ]);
    // the list's status filter follows the same states
    const resizing = await call('GET', `/v1/${P}/cloudservers/detail?status=RESIZE`);
    assert.equal(resizing.json.count, 0);
  });
});
