// The "aliyun" section of a world file: the JSON Schema (schema/world.schema.json, property
// "aliyun") and the section loader's own checks, against an in-memory store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { loadWorld } from '../../src/world/load-world.js';
import { PROVIDERS } from '../../src/server/providers.js';
import { regionDoc, settingsDoc } from '../../src/providers/aliyun/ecs/ecs-world-docs.js';

const demo = (): any => JSON.parse(readFileSync(fileURLToPath(new URL('../../../data/demo-world.json', import.meta.url)), 'utf8'));
const NOW = Date.UTC(2030, 0, 1);

async function load(world: unknown) {
  const store = new SqliteStore({ dataDir: ':memory:' });
  try {
    await loadWorld(store, world, NOW, PROVIDERS.flatMap((p) => p.worldSections ?? []));
    return {
      servers: (await store.reads.listServers({ accountId: '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d', projectId: 'aliyun/cn-hangzhou', limit: 100 })).items,
      flavors: (await store.reads.listFlavors()).filter((f) => f.cloud === 'aliyun'),
      regions: (await store.reads.listRegions()).filter((r) => r.cloud === 'aliyun'),
      region: await regionDoc(store.reads, 'cn-hangzhou'),
      settings: await settingsDoc(store.reads),
    };
  } finally {
    await store.close();
  }
}

async function rejects(edit: (w: any) => void, message: RegExp): Promise<void> {
  const w = demo();
  edit(w);
  await assert.rejects(load(w), (e: Error) => {
    assert.match(e.message, message);
    return true;
  });
}

test('the demo world: seven instances, the catalog, one region with three zones, the rate limit', async () => {
  const r = await load(demo());
  assert.equal(r.servers.length, 7);
  assert.equal(r.flavors.length, 76);
  assert.equal(r.flavors.filter((f) => f.aliyun!.offline).length, 8);
  assert.deepEqual(r.regions.map((x) => [x.id, x.zones]), [['cn-hangzhou', ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j']]]);
  assert.equal(r.region!.quotas.postpaidVcpus, 200);
  assert.deepEqual(r.settings.rateLimits, { ModifyInstanceSpec: { calls: 1000, periodMs: 60_000 } });
  const web01 = r.servers.find((s) => s.id === 'i-bp1specshiftdemo0001')!;
  assert.deepEqual([web01.cloud, web01.vmState, web01.billing, web01.flavorId, web01.aliyun!.bandwidthOut, web01.aliyun!.bandwidthIn], ['aliyun', 'stopped', 'postpaid', 'ecs.g6.large', 5, 10]);
  assert.match(web01.aliyun!.publicIp!, /^47\./);
  const eip = r.servers.find((s) => s.id === 'i-bp1specshiftdemo0006')!;
  assert.equal(eip.aliyun!.publicIp, null);
  const legacy = r.servers.find((s) => s.id === 'i-bp1specshiftdemo0007')!;
  assert.deepEqual([legacy.aliyun!.ioOptimized, legacy.aliyun!.systemDiskCategory], [false, 'cloud']);
  const db = r.servers.find((s) => s.id === 'i-bp1specshiftdemo0003')!;
  assert.equal(db.expiresAt, NOW + 300 * 86_400_000);
  // derived ids and addresses are the same on every load
  const again = await load(demo());
  assert.deepEqual(
    again.servers.map((s) => [s.aliyun!.vpcId, s.aliyun!.privateIp, s.aliyun!.publicIp]),
    r.servers.map((s) => [s.aliyun!.vpcId, s.aliyun!.privateIp, s.aliyun!.publicIp]),
  );
});

test('the schema refuses malformed instances, stock and limits', async () => {
  await rejects((w) => (w.aliyun.instances[0].id = 'web-01'), /aliyun\/instances\/0\/id/);
  await rejects((w) => (w.aliyun.instances[0].bandwidth_out = 101), /bandwidth_out/);
  await rejects((w) => (w.aliyun.instances[0].colour = 'blue'), /additional properties/);
  await rejects((w) => (w.aliyun.instances[0].status = 'Pending'), /status/);
  await rejects((w) => (w.aliyun.regions[0].zones[0].stock['ecs.g6.large'] = 'Plenty'), /stock/);
  await rejects((w) => (w.aliyun.rate_limits.ModifyInstanceSpec.calls = -1), /calls/);
  await rejects((w) => (w.aliyun.regions[0].zones = []), /zones/);
});

test('the loader refuses what a schema cannot see', async () => {
  await rejects((w) => (w.aliyun.instances[0].region = 'cn-beijing'), /names unknown region cn-beijing/);
  await rejects((w) => (w.aliyun.instances[0].zone = 'cn-beijing-a'), /names zone cn-beijing-a, not in region cn-hangzhou/);
  await rejects((w) => (w.aliyun.instances[0].instance_type = 'ecs.g99.large'), /unknown instance type ecs\.g99\.large/);
  await rejects((w) => (w.aliyun.instances[1].id = w.aliyun.instances[0].id), /declared twice/);
  await rejects((w) => (w.aliyun.instances[0].account = 'nobody'), /unknown account nobody/);
  await rejects((w) => (w.aliyun.instances[5].public_ip = '47.1.1.1'), /EIP has no fixed public IP/);
  await rejects((w) => (w.aliyun.instances[0].bandwidth_in = 11), /bandwidth_in 11 exceeds/);
  await rejects((w) => (w.aliyun.instances[0].expires_in_days = 3), /only PrePaid instances expire/);
  await rejects((w) => (w.aliyun.instances[0].io_optimized = false), /only retired instance types/);
  await rejects((w) => (w.aliyun.rate_limits = { RebootInstance: { calls: 1, period_seconds: 1 } }), /unknown action RebootInstance/);
  await rejects((w) => (w.aliyun.regions[0].zones[0].stock['ecs.g99.large'] = 1), /unknown instance type ecs\.g99\.large/);
  await rejects((w) => (w.aliyun.regions[0].zones[1].id = 'cn-hangzhou-h'), /zone cn-hangzhou-h is declared twice/);
  await rejects((w) => (w.aliyun.regions[0].id = 'cn-north-4'), /has the id of a Huawei region/);
});

test('a world without an aliyun section has no Alibaba regions, types or instances', async () => {
  const w = demo();
  delete w.aliyun;
  const r = await load(w);
  assert.deepEqual([r.servers.length, r.flavors.length, r.regions.length], [0, 0, 0]);
});

test('generate_instances: bulk instances with computable ids, after the declared ones', async () => {
  const w = demo();
  w.aliyun.generate_instances = [{ count: 1500, id_prefix: 'i-bench', name_prefix: 'bench', account: 'demo', region: 'cn-hangzhou', zone: 'cn-hangzhou-i', instance_type: 'ecs.g6.large' }];
  const store = new SqliteStore({ dataDir: ':memory:' });
  try {
    await loadWorld(store, w, NOW, PROVIDERS.flatMap((p) => p.worldSections ?? []));
    const s = await store.reads.getServer('i-bench000000001499');
    assert.deepEqual([s?.name, s?.az, s?.vmState, s?.billing], ['bench-1499', 'cn-hangzhou-i', 'stopped', 'postpaid']);
    assert.equal(await store.reads.countServers(), 7 + 1500 + 12); // the Huawei demo servers too
  } finally {
    await store.close();
  }
  const twice = { count: 2, id_prefix: 'i-twice', account: 'demo', region: 'cn-hangzhou', instance_type: 'ecs.g6.large' };
  await rejects((x) => (x.aliyun.generate_instances = [twice, twice]), /i-twice000000000000 is declared twice/);
  await rejects((x) => (x.aliyun.generate_instances = [{ ...twice, id_prefix: 'bench' }]), /id_prefix/);
});

test('declared disks, ENIs and attributes are stored; bare and generated instances store none', async () => {
  const w = demo();
  Object.assign(w.aliyun.instances[0], {
    system_disk: { size: 80, performance_level: 'PL0', encrypted: true, kms_key_id: 'k-1' },
    data_disks: [{ category: 'cloud_auto', size: 500 }],
    user_data: 'echo hi',
    ram_role: 'Role-1',
    network_interfaces: [{}],
    maintenance: { action: 'AutoRedeploy' },
    private_pool: { match_criteria: 'None' },
    spot_strategy: 'SpotAsPriceGo',
  });
  w.aliyun.instances[2].auto_renew = { enabled: true, duration: 2, period_unit: 'Week' };
  w.aliyun.generate_instances = [{ count: 3, id_prefix: 'i-bare', account: 'demo', region: 'cn-hangzhou', instance_type: 'ecs.g6.large' }];
  const r = await load(w);
  const web = r.servers.find((s) => s.id === 'i-bp1specshiftdemo0001')!.aliyun!;
  assert.deepEqual(web.systemDisk, { id: 'd-bp1specshiftdemo0001', sizeGiB: 80, performanceLevel: 'PL0', encrypted: true, kmsKeyId: 'k-1', deleteWithInstance: true, name: '', description: '' });
  assert.equal(web.systemDiskCategory, 'cloud_essd');
  assert.deepEqual([web.dataDisks!.length, web.dataDisks![0]!.category, web.dataDisks![0]!.sizeGiB, web.dataDisks![0]!.performanceLevel], [1, 'cloud_auto', 500, '']);
  assert.match(web.dataDisks![0]!.id, /^d-bp1[0-9a-f]{17}$/);
  assert.equal(Buffer.from(web.userData!, 'base64').toString(), 'echo hi');
  assert.equal(web.secondaryEnis![0]!.vSwitchId, web.vSwitchId);
  assert.deepEqual(web.secondaryEnis![0]!.securityGroupIds, web.securityGroupIds);
  assert.deepEqual([web.maintenance, web.privatePool, web.spotStrategy], [{ windows: [], action: 'AutoRedeploy', notify: false }, { matchCriteria: 'None', id: '' }, 'SpotAsPriceGo']);
  assert.equal(r.servers.find((s) => s.id === 'i-bp1specshiftdemo0001')!.spot, true);
  assert.deepEqual(r.servers.find((s) => s.id === 'i-bp1specshiftdemo0003')!.aliyun!.autoRenew, { enabled: true, duration: 2, periodUnit: 'Week', renewalStatus: 'AutoRenewal' });
  // nothing beyond the record's own fields for the others: bulk worlds stay as small as before
  const bare = r.servers.find((s) => s.id === 'i-bare000000000001')!.aliyun!;
  for (const k of ['systemDisk', 'dataDisks', 'userData', 'ramRoleName', 'primaryEni', 'secondaryEnis', 'maintenance', 'autoRenew', 'privatePool', 'spotStrategy']) {
    assert.equal(k in bare, false, k);
  }
});

test('the loader refuses declared resources that cannot be', async () => {
  await rejects((w) => (w.aliyun.instances[0].system_disk = { performance_level: 'PL2' }), /a PL2 disk is at least 461 GiB/);
  await rejects((w) => Object.assign(w.aliyun.instances[0], { system_disk_category: 'cloud_ssd', system_disk: { performance_level: 'PL1' } }), /performance_level belongs to cloud_essd/);
  await rejects((w) => (w.aliyun.instances[0].system_disk = { kms_key_id: 'k' }), /kms_key_id needs encrypted/);
  await rejects((w) => Object.assign(w.aliyun.instances[0], { system_disk_category: 'cloud_ssd', system_disk: { category: 'cloud_essd' } }), /disagree/);
  await rejects((w) => (w.aliyun.instances[0].data_disks = [{ size: 40 }]), /category is required/);
  await rejects((w) => (w.aliyun.instances[0].network_interfaces = [{}, {}]), /ecs\.g6\.large takes 2 ENIs/);
  await rejects((w) => (w.aliyun.instances[0].primary_network_interface = { secondary_private_ips: ['172.16.0.2', '172.16.0.3', '172.16.0.4', '172.16.0.5', '172.16.0.6', '172.16.0.7'] }), /6 private IPs per ENI/);
  await rejects((w) => (w.aliyun.instances[0].maintenance = { windows: [{ start_time: '02:00:00', end_time: '02:00:00' }] }), /must not be empty/);
  await rejects((w) => Object.assign(w.aliyun.instances[0], { instance_type: 'ecs.i2.xlarge', maintenance: { action: 'AutoRecover' } }), /AutoRecover is not one of Stop, AutoRedeploy/);
  await rejects((w) => (w.aliyun.instances[0].auto_renew = { enabled: true }), /auto_renew belongs to PrePaid/);
  await rejects((w) => (w.aliyun.instances[2].auto_renew = { enabled: true, renewal_status: 'Normal' }), /disagree/);
  await rejects((w) => (w.aliyun.instances[0].private_pool = { match_criteria: 'Target' }), /private_pool id goes with match_criteria Target/);
  await rejects((w) => (w.aliyun.instances[2].spot_strategy = 'SpotAsPriceGo'), /only PostPaid instances are preemptible/);
  await rejects((w) => (w.aliyun.instances[0].spot_strategy = 'SpotWithPriceLimit'), /spot_price_limit goes with SpotWithPriceLimit/);
  await rejects((w) => (w.aliyun.instances[0].reserved_instance_type = 'ecs.g99.large'), /reserves unknown instance type/);
  await rejects((w) => (w.aliyun.instances[1].data_disks = [{ id: 'd-bp1specshiftdemo0001', category: 'cloud_ssd' }]), /is the id instance i-bp1specshiftdemo0001 derives/);
  await rejects((w) => {
    w.aliyun.instances[0].data_disks = [{ id: 'd-bp1same', category: 'cloud_ssd' }];
    w.aliyun.instances[1].data_disks = [{ id: 'd-bp1same', category: 'cloud_ssd' }];
  }, /d-bp1same is declared twice/);
  await rejects((w) => (w.aliyun.images = [{ id: 'img', instance_types: ['ecs.g99.large'] }]), /image img names unknown instance type/);
  await rejects((w) => (w.aliyun.images = [{ id: 'img' }, { id: 'img' }]), /image img is declared twice/);
  await rejects((w) => (w.aliyun.restricted_instance_types = { 'ecs.g99.large': ['demo'] }), /restricted_instance_types names unknown instance type/);
  await rejects((w) => (w.aliyun.reseller_accounts = ['nobody']), /unknown account nobody/);
  await rejects((w) => (w.aliyun.regions[0].internet_charge_types = ['PayByHour']), /internet_charge_types/);
});
