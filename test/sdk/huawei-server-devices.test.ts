// A server's disks, NICs and image as every service shows them, through the official SDKs where
// they have the call (ECS block devices and the v1.1 list; VPC ports) and the core SDK's signed
// requests otherwise (EVS, IMS, the autorecovery API the SDK dropped): the volume a server lists is
// the one EVS shows, attached to it, in its AZ; its addresses are the ports VPC lists.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, ecsClient, ecsSdk, projectClient, vpcClient, vpcSdk } from '../helpers/huawei-sdk.js';
import { DEMO, PARTNER } from '../helpers/demo.js';

let live: LiveServer;
let ecs: any;
let vpc: any;
let raw: ReturnType<typeof projectClient>;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
  ecs = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
  vpc = vpcClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
  raw = projectClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const showServer = async (id: string) => (await ecs.showServer(new ecsSdk.ShowServerRequest().withServerId(id))).server;
const showVolume = (id: string) => raw.send('GET', '/v2/{project_id}/cloudvolumes/{volume_id}', { pathParams: { volume_id: id } });
const listImages = (queryParams: Record<string, unknown>) => raw.send('GET', '/v2/cloudimages', { queryParams });
const portsOf = async (id: string) => (await vpc.listPorts(new vpcSdk.ListPortsRequest().withDeviceId(id))).ports;

describe('every demo server: one set of disks and NICs, whichever service is asked', () => {
  test('volumes_attached = block_device = EVS, attached to the server in its AZ; addresses = ports', async () => {
    const { servers } = await ecs.listServersDetails(new ecsSdk.ListServersDetailsRequest());
    assert.ok(servers.length >= 8);
    for (const s of servers) {
      const attached = s['os-extended-volumes:volumes_attached'];
      const devices = await ecs.listServerBlockDevices(new ecsSdk.ListServerBlockDevicesRequest().withServerId(s.id));
      assert.deepEqual(devices.volumeAttachments.map((d: any) => d.id), attached.map((v: any) => v.id), s.name);
      assert.deepEqual(attached.map((v: any) => v.bootIndex), devices.volumeAttachments.map((d: any) => String(d.bootIndex)));
      assert.equal(attached.filter((v: any) => v.bootIndex === '0').length, 1, `${s.name} has one system disk`);
      assert.equal(s['OS-EXT-SRV-ATTR:root_device_name'], attached.find((v: any) => v.bootIndex === '0').device);
      for (const v of attached) {
        const { volume } = await showVolume(v.id);
        const bd = (await ecs.showServerBlockDevice(new ecsSdk.ShowServerBlockDeviceRequest().withServerId(s.id).withVolumeId(v.id))).volumeAttachment;
        assert.equal(volume.availability_zone, s['OS-EXT-AZ:availability_zone']);
        assert.deepEqual(volume.attachments.map((a: any) => [a.server_id, a.device]), [[s.id, v.device]]);
        assert.equal(volume.status, 'in-use');
        assert.equal(volume.size, bd.size);
        assert.equal(volume.bootable, String(bd.bootIndex === 0));
        assert.equal(typeof bd.bootIndex, 'number');
        if (bd.bootIndex === 0) assert.equal(volume.volume_image_metadata.image_id, s.image.id);
      }
      const addresses = s.addresses[s.metadata.vpc_id];
      assert.equal(addresses.filter((a: any) => a.primary).length, 1, `${s.name} has one primary NIC`);
      const ports = await portsOf(s.id);
      assert.deepEqual(ports.map((p: any) => p.id), addresses.map((a: any) => a['OS-EXT-IPS:port_id']));
      for (const [i, p] of ports.entries()) {
        assert.equal(p.fixed_ips[0].ip_address, addresses[i].addr);
        assert.equal(p.mac_address, addresses[i]['OS-EXT-IPS-MAC:mac_addr']);
        assert.equal(p['binding:vif_details'].primary_interface, addresses[i].primary);
        assert.deepEqual((await vpc.showPort(new vpcSdk.ShowPortRequest().withPortId(p.id))).port, p);
      }
      const groups = new Set(ports.flatMap((p: any) => p.security_groups));
      assert.deepEqual(new Set(s.security_groups.map((g: any) => g.id)), groups);
      const images = await listImages({ enterprise_project_id: 'all_granted_eps', id: s.image.id, limit: 1 });
      assert.deepEqual(images.images.map((i: any) => i.name), [s.metadata.image_name], `${s.name}'s image`);
    }
  });

  test('a server declaring a data disk and two NICs shows them everywhere (db-01, api-01)', async () => {
    const db = await showServer(DEMO.servers.db01);
    const attached = db['os-extended-volumes:volumes_attached'];
    assert.deepEqual(attached.map((v: any) => [v.bootIndex, v.device, v.delete_on_termination]), [['0', '/dev/vda', 'true'], ['-1', '/dev/vdb', 'false']]);
    const data = (await showVolume(attached[1].id)).volume;
    assert.deepEqual([data.size, data.volume_type, data.bootable, data.metadata.orderID], [100, 'SSD', 'false', db.metadata['metering.order_id']]);
    const api = await showServer(DEMO.servers.api01);
    assert.deepEqual(api.security_groups.map((g: any) => g.name), ['default', 'api']);
    const ports = await portsOf(DEMO.servers.api01);
    assert.equal(ports.length, 2);
    assert.notEqual(ports[0].network_id, ports[1].network_id, 'the second NIC is in another subnet');
    assert.equal(api.metadata.image_name, 'demo-api-golden');
  });

  test('a resize changes the flavor and nothing else: same disks, ports and image', async () => {
    const before = await showServer(DEMO.servers.web02);
    await ecs.resizeServer(
      new ecsSdk.ResizeServerRequest()
        .withServerId(DEMO.servers.web02)
        .withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2').withMode('withStopServer'))),
    );
    await live.control('jobs/settle', {});
    const now = await showServer(DEMO.servers.web02);
    assert.equal(now.flavor.id, 's6.xlarge.2');
    assert.equal(now.status, 'ACTIVE');
    for (const k of ['addresses', 'os-extended-volumes:volumes_attached', 'security_groups', 'image']) assert.deepEqual(now[k], before[k], k);
  });
});

describe('isolation: another project\'s disk or port is as absent as a missing one', () => {
  test('EVS 404 EVS.5404, VPC 404 VPC.2501, block_device 400 Ecs.1000 itemNotFound', async () => {
    const hk = (await projectClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.hkProject).send('GET', '/v1/{project_id}/cloudservers/{server_id}', { pathParams: { server_id: DEMO.servers.hk01 } })).server;
    const hkVolume = hk['os-extended-volumes:volumes_attached'][0].id;
    const hkPort = Object.values<any>(hk.addresses)[0][0]['OS-EXT-IPS:port_id'];
    // its own project sees them
    assert.equal((await projectClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.hkProject).send('GET', '/v2/{project_id}/cloudvolumes/{volume_id}', { pathParams: { volume_id: hkVolume } })).volume.id, hkVolume);
    for (const id of [hkVolume, '00000000-0000-4000-8000-000000000000', 'not-a-volume']) {
      const r = await attempt(() => showVolume(id));
      assert.equal(r.ok, false);
      assert.equal(r.ok || r.error.httpStatusCode, 404);
      assert.equal(r.ok || r.error.errorCode, 'EVS.5404', id);
    }
    // VPC's envelope is {"code","message"} (pinned in test/wire/huawei-devices-wire.test.ts): the SDK keeps only the status
    const port = await attempt(() => vpc.showPort(new vpcSdk.ShowPortRequest().withPortId(hkPort)));
    assert.equal(port.ok || port.error.httpStatusCode, 404);
    assert.deepEqual(await portsOf(DEMO.servers.hk01), []);
    const partner = await attempt(() => portsOf(PARTNER.server));
    assert.deepEqual(partner.ok && partner.value, []);
    const bd = await attempt(() => ecs.showServerBlockDevice(new ecsSdk.ShowServerBlockDeviceRequest().withServerId(DEMO.servers.web01).withVolumeId(hkVolume)));
    assert.equal(bd.ok || bd.error.httpStatusCode, 400);
    assert.equal(bd.ok || bd.error.errorCode, 'Ecs.1000');
    assert.match(bd.ok ? '' : bd.error.errorMsg, /itemNotFound/);
  });
});

describe('ListPorts paging and filters (VpcClient)', () => {
  test('limit and marker walk every port of the project once; filters narrow', async () => {
    const all = (await vpc.listPorts(new vpcSdk.ListPortsRequest())).ports;
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const req = new vpcSdk.ListPortsRequest().withLimit(3);
      if (marker) req.withMarker(marker);
      const page = (await vpc.listPorts(req)).ports;
      seen.push(...page.map((p: any) => p.id));
      if (page.length < 3) break;
      marker = page[page.length - 1].id;
    }
    assert.deepEqual(seen, all.map((p: any) => p.id));
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(all.length, 9, '8 servers, api-01 with two NICs');
    const api = await portsOf(DEMO.servers.api01);
    const byIp = await vpc.listPorts(new vpcSdk.ListPortsRequest().withFixedIps([`ip_address=${api[1].fixed_ips[0].ip_address}`]));
    assert.deepEqual(byIp.ports.map((p: any) => p.id), [api[1].id]);
    const bySg = await vpc.listPorts(new vpcSdk.ListPortsRequest().withSecurityGroups([api[0].security_groups[1]]));
    assert.deepEqual(bySg.ports.map((p: any) => p.id), [api[0].id]);
    const byId = await vpc.listPorts(new vpcSdk.ListPortsRequest().withId([api[1].id, api[0].id]));
    assert.deepEqual(byId.ports.map((p: any) => p.id).sort(), [api[0].id, api[1].id].sort());
    const bad = await attempt(() => vpc.listPorts(new vpcSdk.ListPortsRequest().withMarker('00000000-0000-4000-8000-000000000000')));
    assert.equal(bad.ok || bad.error.httpStatusCode, 400);
  });
});

describe('ListCloudServers (v1.1) and the market info terraform reads', () => {
  test('expect-fields=market_info: expired_time for a prepaid server; numbers in the v1.1 flavor', async () => {
    const db = await ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withId(DEMO.servers.db01).withExpectFields(['market_info']));
    assert.equal(db.servers.length, 1);
    const s = db.servers[0];
    assert.equal(s.market_info.charge_mode, 'prepaid');
    assert.match(s.market_info.prepaid_info.expired_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual([typeof s.flavor.vcpus, typeof s.flavor.ram], ['number', 'number']);
    assert.equal(s.metadata, undefined, 'fields not asked for are left out');
    const web = await ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withId(DEMO.servers.web01).withExpectFields(['market_info', 'volumes_attached', 'addresses']));
    assert.deepEqual(web.servers[0].market_info, { charge_mode: 'postpaid' });
    assert.equal(typeof web.servers[0].volumes_attached[0].delete_on_termination, 'boolean');
    assert.deepEqual(web.servers[0].addresses, (await showServer(DEMO.servers.web01)).addresses);
  });

  test('limit and marker page through the project; filters the store cannot apply are scanned', async () => {
    const ids: string[] = [];
    let marker: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const req = new ecsSdk.ListCloudServersRequest().withLimit(3);
      if (marker) req.withMarker(marker);
      const page = await ecs.listCloudServers(req);
      ids.push(...page.servers.map((s: any) => s.id));
      if (!page.servers_links.length) break;
      marker = page.servers[page.servers.length - 1].id;
    }
    assert.equal(ids.length, 8);
    assert.equal(new Set(ids).size, 8);
    const b = await ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withAvailabilityZoneEq('cn-north-4b'));
    assert.deepEqual(b.servers.map((s: any) => s.name).sort(), ['api-01', 'db-01']);
    const prepaid = await ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withChargingMode('1'));
    assert.deepEqual(prepaid.servers.map((s: any) => s.name), ['db-01']);
    assert.deepEqual((await ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withKeyName('none'))).servers, []);
    const bad = await attempt(() => ecs.listCloudServers(new ecsSdk.ListCloudServersRequest().withLimit(500)));
    assert.equal(bad.ok || bad.error.errorCode, 'Ecs.0005');
  });
});

describe('auto-recovery (the discarded API Ansible still calls)', () => {
  test('GET answers a string, PUT sets it (204), another project\'s server is Ecs.0114', async () => {
    const get = (id: string) => raw.send('GET', '/v1/{project_id}/cloudservers/{server_id}/autorecovery', { pathParams: { server_id: id } });
    assert.deepEqual(await get(DEMO.servers.web01), { support_auto_recovery: 'true', httpStatusCode: 200 });
    assert.equal((await get(DEMO.servers.api01)).support_auto_recovery, 'false', 'the world declared it off');
    const put = await raw.send('PUT', '/v1/{project_id}/cloudservers/{server_id}/autorecovery', { pathParams: { server_id: DEMO.servers.web01 }, data: { support_auto_recovery: 'false' } });
    assert.equal(put.httpStatusCode, 204);
    assert.equal((await get(DEMO.servers.web01)).support_auto_recovery, 'false');
    const bad = await attempt(() => raw.send('PUT', '/v1/{project_id}/cloudservers/{server_id}/autorecovery', { pathParams: { server_id: DEMO.servers.web01 }, data: { support_auto_recovery: true } }));
    assert.equal(bad.ok || bad.error.errorCode, 'Ecs.0005');
    const hk = await attempt(() => get(DEMO.servers.hk01));
    assert.equal(hk.ok || hk.error.errorCode, 'Ecs.0114');
  });
});

describe('worlds that declare devices, and generated ones', () => {
  const world = (huawei: Record<string, unknown>) => ({
    accounts: [{ name: 'acme', access_keys: [{ ak: 'ACMEDEVICESAK0000001', sk: 'acme-devices-secret-0000000000000001' }], projects: [{ id: '11111111111141118111111111111111', region: 'r1' }] }],
    huawei: { regions: [{ id: 'r1', zones: ['r1a', 'r1b'] }], ...huawei },
  });

  test('explicit ids, addresses and security groups are served and found; the ip filters see declared addresses', async () => {
    const declared = await startLiveServer({
      world: world({
        servers: [
          {
            id: '22222222-2222-4222-8222-222222222222',
            name: 'declared',
            account: 'acme',
            region: 'r1',
            az: 'r1b',
            flavor: 's6.large.2',
            image: { name: 'Ubuntu 22.04 server 64bit' },
            volumes: [{ id: '33333333-3333-4333-8333-333333333333', size: 60, type: 'GPSSD2' }, { size: 10, type: 'SAS', passthrough: true }],
            vpc_id: '44444444-4444-4444-8444-444444444444',
            nics: [{ port_id: '55555555-5555-4555-8555-555555555555', subnet_id: '66666666-6666-4666-8666-666666666666', ip_address: '10.20.30.40', security_groups: ['web', 'ssh'] }],
          },
          { id: '77777777-7777-4777-8777-777777777777', name: 'plain', account: 'acme', region: 'r1', flavor: 's6.large.2' },
        ],
      }),
    });
    try {
      const c = ecsClient(declared.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const v = vpcClient(declared.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const r = projectClient(declared.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const vol = (await r.send('GET', '/v2/{project_id}/cloudvolumes/{volume_id}', { pathParams: { volume_id: '33333333-3333-4333-8333-333333333333' } })).volume;
      assert.deepEqual([vol.size, vol.volume_type, vol.iops.total_val, vol.throughput.total_val, vol.availability_zone], [60, 'GPSSD2', 3000, 125, 'r1b']);
      assert.equal(vol.volume_image_metadata.image_name, 'Ubuntu 22.04 server 64bit');
      const s = (await c.showServer(new ecsSdk.ShowServerRequest().withServerId('22222222-2222-4222-8222-222222222222'))).server;
      assert.deepEqual(Object.keys(s.addresses), ['44444444-4444-4444-8444-444444444444']);
      assert.equal(s.metadata.vpc_id, '44444444-4444-4444-8444-444444444444');
      const scsi = (await c.listServerBlockDevices(new ecsSdk.ListServerBlockDevicesRequest().withServerId(s.id))).volumeAttachments[1];
      assert.deepEqual([scsi.bus, scsi.device, scsi.size], ['scsi', '/dev/sdb', 10]);
      const port = (await v.showPort(new vpcSdk.ShowPortRequest().withPortId('55555555-5555-4555-8555-555555555555'))).port;
      assert.deepEqual([port.network_id, port.fixed_ips[0].ip_address, port.device_id], ['66666666-6666-4666-8666-666666666666', '10.20.30.40', s.id]);
      assert.deepEqual(s.security_groups.map((g: any) => g.name), ['web', 'ssh']);
      const eq = await c.listServersDetails(new ecsSdk.ListServersDetailsRequest().withIpEq('10.20.30.40'));
      assert.deepEqual(eq.servers.map((x: any) => x.name), ['declared']);
      const fuzzy = await c.listServersDetails(new ecsSdk.ListServersDetailsRequest().withIp('192.168.'));
      assert.deepEqual(fuzzy.servers.map((x: any) => x.name), ['plain'], 'the declared server has no derived address');
    } finally {
      await declared.close();
    }
  });

  test('a generated server\'s disk and port are found from their ids alone, with nothing stored for them', async () => {
    const gen = await startLiveServer({ world: world({ generate_servers: [{ count: 2000, account: 'acme', region: 'r1', flavor: 's6.large.2', name_prefix: 'load' }] }) });
    try {
      const c = ecsClient(gen.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const r = projectClient(gen.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const v = vpcClient(gen.endpoint, 'ACMEDEVICESAK0000001', 'acme-devices-secret-0000000000000001', '11111111111141118111111111111111');
      const page = await c.listServersDetails(new ecsSdk.ListServersDetailsRequest().withLimit(3).withOffset(500));
      for (const s of page.servers) {
        const volume = (await r.send('GET', '/v2/{project_id}/cloudvolumes/{volume_id}', { pathParams: { volume_id: s['os-extended-volumes:volumes_attached'][0].id } })).volume;
        assert.equal(volume.attachments[0].server_id, s.id);
        const portId = Object.values<any>(s.addresses)[0][0]['OS-EXT-IPS:port_id'];
        assert.equal((await v.showPort(new vpcSdk.ShowPortRequest().withPortId(portId))).port.device_id, s.id);
      }
      assert.equal((await gen.server.ctx.store.reads.getWorldDoc('huawei.device')).length, 0);
      assert.equal((await gen.server.ctx.store.reads.getWorldDoc('huawei.image')).length, 0);
    } finally {
      await gen.close();
    }
  });
});
