// The reads Terraform's alicloud_instance makes around an instance, through the official
// @alicloud/ecs20140526 SDK (both signatures): DescribeDisks, DescribeNetworkInterfaces,
// DescribeUserData, DescribeInstanceRamRole, DescribeInstanceMaintenanceAttributes,
// DescribeInstanceAutoRenewAttribute, DescribeInstanceAttachmentAttributes. Declared attributes
// come back as declared, undeclared (and generated) instances get derived ones, and every answer
// agrees with DescribeInstances and with the changes made since.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { ALIYUN_SIGNATURES, Ecs, ecsClient, refusedBy, type EcsClient } from '../helpers/aliyun-sdk.js';

const KEY = { ak: 'LTAIreadsTest0000001', sk: 'readsSecret000000000001' };
const OTHER = { ak: 'LTAIreadsOther000001', sk: 'readsOtherSecret0000001' };
const REGION = 'cn-hangzhou';
const FULL = 'i-bp1full0001';
const BARE = 'i-bp1bare0002';
const SUB = 'i-bp1sub0003';
const LOCAL = 'i-bp1local0004';
const LEGACY = 'i-bp1legacy0005';
const FOREIGN = 'i-bp1foreign0001';

const WORLD = {
  accounts: [
    { name: 'reads', id: '1111111111111111111111111111aaaa', balance: '1000.00', access_keys: [{ cloud: 'aliyun', ...KEY }] },
    { name: 'other', id: '2222222222222222222222222222bbbb', balance: '10.00', access_keys: [{ cloud: 'aliyun', ...OTHER }] },
  ],
  aliyun: {
    regions: [{ id: REGION, zones: [{ id: 'cn-hangzhou-h' }, { id: 'cn-hangzhou-i' }] }],
    instances: [
      {
        id: FULL,
        account: 'reads',
        region: REGION,
        instance_type: 'ecs.g6.xlarge',
        status: 'Running',
        bandwidth_out: 5,
        created_at: '2024-01-02T03:04:05Z',
        private_ip: '172.16.5.10',
        security_group_ids: ['sg-bp1reads'],
        system_disk_category: 'cloud_essd',
        system_disk: { size: 60, performance_level: 'PL0', encrypted: true, kms_key_id: 'key-reads', name: 'root', description: 'the root disk' },
        data_disks: [
          { category: 'cloud_essd', size: 100, delete_with_instance: false, name: 'data-1' },
          { id: 'd-bp1data0002', category: 'cloud_efficiency', size: 200 },
        ],
        user_data: '#!/bin/sh\necho hello',
        ram_role: 'EcsReadsRole',
        primary_network_interface: { secondary_private_ips: ['172.16.5.11', '172.16.5.12'] },
        network_interfaces: [{ id: 'eni-bp1second0001', security_group_ids: ['sg-bp1other'] }],
        maintenance: { windows: [{ start_time: '02:00:00', end_time: '03:00:00' }], action: 'Stop', notify: true },
        private_pool: { match_criteria: 'Target', id: 'eap-bp1pool' },
      },
      { id: BARE, account: 'reads', region: REGION, zone: 'cn-hangzhou-i', instance_type: 'ecs.g6.large', status: 'Stopped', created_at: '2024-01-03T00:00:00Z' },
      {
        id: SUB,
        account: 'reads',
        region: REGION,
        instance_type: 'ecs.r6.large',
        status: 'Running',
        charge_type: 'PrePaid',
        expires_in_days: 200,
        created_at: '2024-01-04T00:00:00Z',
        auto_renew: { enabled: true, duration: 1, period_unit: 'Year' },
      },
      { id: LOCAL, account: 'reads', region: REGION, instance_type: 'ecs.i2.xlarge', status: 'Stopped', created_at: '2024-01-05T00:00:00Z' },
      { id: LEGACY, account: 'reads', region: REGION, instance_type: 'ecs.sn2ne.large', status: 'Stopped', io_optimized: false, created_at: '2024-01-06T00:00:00Z' },
      { id: FOREIGN, account: 'other', region: REGION, instance_type: 'ecs.g6.large', ram_role: 'OtherRole' },
    ],
    generate_instances: [{ count: 25, id_prefix: 'i-gen', account: 'reads', region: REGION, instance_type: 'ecs.c6.large' }],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());

for (const sig of ALIYUN_SIGNATURES) {
  describe(`Terraform's reads, ${sig.name}`, () => {
    let ecs: EcsClient;
    before(() => {
      ecs = ecsClient(live.port, KEY, sig.algorithm);
    });
    beforeEach(() => live.control('world/reset', {}));

    const instance = async (id: string) => (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body!.instances!.instance![0]!;
    const disks = async (init: ConstructorParameters<typeof Ecs.DescribeDisksRequest>[0]) => (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, ...init }))).body!;
    const enis = async (init: ConstructorParameters<typeof Ecs.DescribeNetworkInterfacesRequest>[0]) =>
      (await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, ...init }))).body!;

    test('DescribeDisks: the declared system and data disks, as declared', async () => {
      const all = await disks({ instanceId: FULL });
      assert.equal(all.totalCount, 3);
      const [sys, d1, d2] = all.disks!.disk!;
      assert.deepEqual(
        [sys!.diskId, sys!.type, sys!.category, sys!.size, sys!.performanceLevel, sys!.encrypted, sys!.KMSKeyId, sys!.diskName, sys!.description, sys!.deleteWithInstance, sys!.device],
        ['d-bp1full0001', 'system', 'cloud_essd', 60, 'PL0', true, 'key-reads', 'root', 'the root disk', true, '/dev/xvda'],
      );
      assert.equal(sys!.instanceId, FULL);
      assert.equal(sys!.status, 'In_use');
      assert.equal(sys!.diskChargeType, 'PostPaid');
      assert.equal(sys!.imageId, 'aliyun_3_x64_20G_alibase_20240819.vhd');
      assert.equal(sys!.IOPS, 1800 + 12 * 60);
      assert.deepEqual(sys!.attachments!.attachment!.map((x) => [x.instanceId, x.device]), [[FULL, '/dev/xvda']]);
      assert.match(d1!.diskId!, /^d-bp1[0-9a-f]{17}$/);
      assert.deepEqual([d1!.type, d1!.category, d1!.size, d1!.performanceLevel, d1!.deleteWithInstance, d1!.diskName, d1!.device], ['data', 'cloud_essd', 100, 'PL1', false, 'data-1', '/dev/xvdb']);
      assert.deepEqual([d2!.diskId, d2!.category, d2!.size, d2!.performanceLevel, d2!.portable], ['d-bp1data0002', 'cloud_efficiency', 200, '', true]);
      // Terraform's system-disk read: DiskType=system, InstanceId
      const system = await disks({ instanceId: FULL, diskType: 'system' });
      assert.deepEqual(system.disks!.disk!.map((d) => d.diskId), ['d-bp1full0001']);
      const data = await disks({ instanceId: FULL, diskType: 'data', category: 'cloud_efficiency' });
      assert.deepEqual(data.disks!.disk!.map((d) => d.diskId), ['d-bp1data0002']);
    });

    test('DescribeDisks: an undeclared (or generated) instance has one derived system disk', async () => {
      const bare = (await disks({ instanceId: BARE })).disks!.disk!;
      assert.equal(bare.length, 1);
      assert.deepEqual(
        [bare[0]!.diskId, bare[0]!.type, bare[0]!.category, bare[0]!.size, bare[0]!.performanceLevel, bare[0]!.encrypted, bare[0]!.zoneId],
        ['d-bp1bare0002', 'system', 'cloud_essd', 40, 'PL1', false, 'cn-hangzhou-i'],
      );
      const gen = (await disks({ diskIds: JSON.stringify(['d-gen000000000007']) })).disks!.disk!;
      assert.deepEqual(gen.map((d) => [d.diskId, d.instanceId]), [['d-gen000000000007', 'i-gen000000000007']]);
      // the subscription's disk is billed as it is
      assert.equal((await disks({ instanceId: SUB })).disks!.disk![0]!.diskChargeType, 'PrePaid');
      // a declared id is found by id alone, as any other
      assert.deepEqual((await disks({ diskIds: JSON.stringify(['d-bp1data0002', 'd-bp1bare0002', 'd-bp1nosuch']) })).disks!.disk!.map((d) => d.diskId), ['d-bp1data0002', 'd-bp1bare0002']);
    });

    test('DescribeDisks: the region, paged by number and by token, filtered', async () => {
      const first = await disks({ pageSize: 10 });
      // 5 own declared instances + 25 generated, one system disk each, and FULL's 2 data disks
      assert.equal(first.totalCount, 32);
      assert.equal(first.disks!.disk!.length, 10);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await disks({ maxResults: 10, ...(token ? { nextToken: token } : {}) });
        seen.push(...page.disks!.disk!.map((d) => d.diskId!));
        token = page.nextToken || undefined;
      } while (token);
      assert.equal(seen.length, 32);
      assert.equal(new Set(seen).size, 32);
      assert.equal(seen.includes('d-bp1foreign0001'), false, "another account's disks stay out");
      assert.equal((await disks({ category: 'cloud_efficiency' })).totalCount, 1);
      assert.equal((await disks({ zoneId: 'cn-hangzhou-i' })).totalCount, 1);
      assert.equal((await disks({ encrypted: true })).totalCount, 1);
      assert.equal((await disks({ diskChargeType: 'PrePaid' })).totalCount, 1);
      assert.equal((await disks({ status: 'Available' })).totalCount, 0);
      assert.equal((await disks({ instanceId: FOREIGN })).totalCount, 0);
    });

    test('DescribeDisks refusals: the page\'s codes', async () => {
      await refusedBy(disks({ diskType: 'root' }), 'InvalidDiskType.ValueNotSupported', 400);
      await refusedBy(disks({ category: 'floppy' }), 'InvalidCategory.ValueNotSupported', 400);
      await refusedBy(disks({ diskChargeType: 'Monthly' }), 'InvalidDiskChargeType.NotFound', 404);
      await refusedBy(disks({ diskIds: '[d-bp1x' }), 'InvalidDiskIds.ValueNotSupported', 404);
      await refusedBy(disks({ lockReason: 'nosuch' }), 'InvalidLockReason.NotFound', 404);
      await refusedBy(disks({ filter: [new Ecs.DescribeDisksRequestFilter({ key: 'Size', value: '40' })] }), 'InvalidFilterKey.NotFound', 404);
      await refusedBy(disks({ filter: [new Ecs.DescribeDisksRequestFilter({ key: 'CreationStartTime', value: 'yesterday' })] }), 'InvalidFilterValue', 400);
      await refusedBy(ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: 'cn-nowhere' })), 'InvalidRegionId.NotFound', 404);
      // the creation window is a filter like the others
      const window = await disks({ filter: [new Ecs.DescribeDisksRequestFilter({ key: 'CreationStartTime', value: '2024-01-04T00:00Z' }), new Ecs.DescribeDisksRequestFilter({ key: 'CreationEndTime', value: '2024-01-05T00:00Z' })] });
      assert.deepEqual(window.disks!.disk!.map((d) => d.instanceId), [SUB, LOCAL]);
    });

    test('DescribeNetworkInterfaces: the ENIs DescribeInstances lists, with the same ids, addresses, MACs and groups', async () => {
      const inst = await instance(FULL);
      const listed = inst.networkInterfaces!.networkInterface!;
      assert.deepEqual(listed.map((e) => [e.networkInterfaceId, e.type]), [['eni-bp1full0001', 'Primary'], ['eni-bp1second0001', 'Secondary']]);
      for (const e of listed) {
        const got = (await enis({ networkInterfaceId: [e.networkInterfaceId!] })).networkInterfaceSets!.networkInterfaceSet!;
        assert.equal(got.length, 1);
        const n = got[0]!;
        assert.deepEqual([n.networkInterfaceId, n.type, n.instanceId, n.macAddress, n.privateIpAddress, n.status], [e.networkInterfaceId, e.type, FULL, e.macAddress, e.primaryIpAddress, 'InUse']);
        assert.equal(n.attachment!.instanceId, FULL);
        assert.equal(n.attachment!.networkCardIndex, 0);
        assert.equal(n.networkInterfaceTrafficMode, 'Standard');
        assert.equal(n.sourceDestCheck, false);
      }
      const primary = (await enis({ networkInterfaceId: ['eni-bp1full0001'] })).networkInterfaceSets!.networkInterfaceSet![0]!;
      assert.equal(primary.privateIpAddress, inst.vpcAttributes!.privateIpAddress!.ipAddress![0]);
      assert.deepEqual(primary.securityGroupIds!.securityGroupId, inst.securityGroupIds!.securityGroupId);
      assert.deepEqual(primary.privateIpSets!.privateIpSet!.map((p) => [p.privateIpAddress, p.primary]), [['172.16.5.10', true], ['172.16.5.11', false], ['172.16.5.12', false]]);
      assert.deepEqual(listed[0]!.privateIpSets!.privateIpSet!.map((p) => p.primary), [true, false, false]);
      const secondary = (await enis({ networkInterfaceId: ['eni-bp1second0001'] })).networkInterfaceSets!.networkInterfaceSet![0]!;
      assert.deepEqual(secondary.securityGroupIds!.securityGroupId, ['sg-bp1other']);
      assert.equal(secondary.VSwitchId, inst.vpcAttributes!.VSwitchId);
      assert.equal(secondary.attachment!.deviceIndex, 1);
    });

    test('DescribeNetworkInterfaces: derived primary ENIs, filters, paging; unknown ids match nothing', async () => {
      const gen = await instance('i-gen000000000003');
      const id = gen.networkInterfaces!.networkInterface![0]!.networkInterfaceId!;
      assert.equal(id, 'eni-gen000000000003');
      const got = (await enis({ networkInterfaceId: [id] })).networkInterfaceSets!.networkInterfaceSet!;
      assert.deepEqual(got.map((e) => [e.networkInterfaceId, e.instanceId, e.macAddress]), [[id, 'i-gen000000000003', gen.networkInterfaces!.networkInterface![0]!.macAddress]]);
      assert.equal((await enis({ instanceId: FULL })).totalCount, 2);
      assert.equal((await enis({ instanceId: FULL, type: 'Secondary' })).totalCount, 1);
      assert.equal((await enis({ securityGroupId: 'sg-bp1other' })).totalCount, 1);
      assert.equal((await enis({ privateIpAddress: ['172.16.5.12'] })).totalCount, 1);
      assert.equal((await enis({})).totalCount, 31);
      const page = await enis({ pageNumber: 4, pageSize: 10 });
      assert.equal(page.networkInterfaceSets!.networkInterfaceSet!.length, 1);
      assert.equal((await enis({ networkInterfaceId: ['eni-bp1nosuch'] })).totalCount, 0);
      assert.equal((await enis({ networkInterfaceId: ['eni-bp1foreign0001'] })).totalCount, 0);
    });

    test('DescribeUserData: base64 of what the world declares, "" without', async () => {
      const full = (await ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: FULL }))).body!;
      assert.deepEqual([full.instanceId, full.regionId, Buffer.from(full.userData!, 'base64').toString('utf8')], [FULL, REGION, '#!/bin/sh\necho hello']);
      assert.equal((await ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: BARE }))).body!.userData, '');
      await refusedBy(ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: FOREIGN })), 'InvalidInstanceId.NotFound', 404);
      await refusedBy(ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION })), 'MissingParameter', 400);
    });

    test('DescribeInstanceRamRole: the role of each named instance that has one', async () => {
      const r = (await ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([FULL, BARE]) }))).body!;
      assert.equal(r.totalCount, 1);
      assert.equal(r.regionId, REGION);
      assert.deepEqual(r.instanceRamRoleSets!.instanceRamRoleSet!.map((x) => [x.instanceId, x.ramRoleName]), [[FULL, 'EcsReadsRole']]);
      const byRole = (await ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, ramRoleName: 'EcsReadsRole' }))).body!;
      assert.equal(byRole.totalCount, 1);
      await refusedBy(ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION })), 'InvalidParameter.AllEmpty', 403);
      await refusedBy(ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: 'i-x' })), 'InvalidInstanceIds.Malformed', 400);
      await refusedBy(ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([FOREIGN]) })), 'InvalidInstanceId.NotFound', 404);
    });

    test('DescribeInstanceMaintenanceAttributes: declared windows and action; the type decides the default', async () => {
      const r = (await ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, instanceId: [FULL, BARE, LOCAL] }))).body!;
      assert.equal(r.totalCount, 3);
      const [full, bare, local] = r.maintenanceAttributes!.maintenanceAttribute!;
      assert.equal(full!.instanceId, FULL);
      assert.deepEqual(full!.maintenanceWindows!.maintenanceWindow!.map((w) => [w.startTime, w.endTime]), [['02:00:00', '03:00:00']]);
      assert.deepEqual([full!.actionOnMaintenance!.value, full!.actionOnMaintenance!.defaultValue, full!.notifyOnMaintenance], ['Stop', 'AutoRecover', true]);
      assert.deepEqual(full!.actionOnMaintenance!.supportedValues!.supportedValue, ['Stop', 'AutoRecover', 'AutoRedeploy']);
      assert.deepEqual([bare!.instanceId, bare!.actionOnMaintenance!.value, bare!.maintenanceWindows!.maintenanceWindow, bare!.notifyOnMaintenance], [BARE, 'AutoRecover', [], false]);
      assert.deepEqual([local!.actionOnMaintenance!.value, local!.actionOnMaintenance!.supportedValues!.supportedValue], ['AutoRedeploy', ['Stop', 'AutoRedeploy']]);
      const all = (await ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, pageSize: 100 }))).body!;
      assert.equal(all.totalCount, 30);
      await refusedBy(ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, instanceId: [FOREIGN] })), 'InvalidInstanceId.NotFound', 404);
      const many = Array.from({ length: 101 }, (_, i) => `i-gen${String(i).padStart(12, '0')}`);
      await refusedBy(ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, instanceId: many })), 'InstanceIdLimitExceeded', 403);
    });

    test('DescribeInstanceAutoRenewAttribute: subscriptions only, declared or not renewed', async () => {
      const r = (await ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: SUB }))).body!;
      assert.equal(r.totalCount, 1);
      const a = r.instanceRenewAttributes!.instanceRenewAttribute![0]!;
      assert.deepEqual([a.instanceId, a.autoRenewEnabled, a.duration, a.periodUnit, a.renewalStatus], [SUB, true, 1, 'Year', 'AutoRenewal']);
      assert.equal((await ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, renewalStatus: 'Normal' }))).body!.totalCount, 0);
      await refusedBy(ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: BARE })), 'ChargeTypeViolation', 403, 'Pay-As-You-Go instances do not support this operation.');
      await refusedBy(ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: `${SUB},i-bp1nosuch` })), 'InvalidParameter.InvalidInstanceId', 403);
      await refusedBy(ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, renewalStatus: 'Sometimes' })), 'InvalidParameter.RenewalStatus', 403);
    });

    test('DescribeInstanceAttachmentAttributes: a row per instance, pool or not', async () => {
      const r = (await ecs.describeInstanceAttachmentAttributes(new Ecs.DescribeInstanceAttachmentAttributesRequest({ regionId: REGION, instanceIds: JSON.stringify([FULL, BARE]) }))).body!;
      assert.equal(r.totalCount, 2);
      assert.deepEqual(
        r.instances!.instance!.map((i) => [i.instanceId, i.privatePoolOptionsMatchCriteria, i.privatePoolOptionsId]),
        [
          [FULL, 'Target', 'eap-bp1pool'],
          [BARE, 'Open', ''],
        ],
      );
      await refusedBy(ecs.describeInstanceAttachmentAttributes(new Ecs.DescribeInstanceAttachmentAttributesRequest({ regionId: REGION, instanceIds: JSON.stringify(['i-bp1nosuch']) })), 'InvalidInstanceIds.NotFound', 404);
    });

    test('answers follow changes: a system disk moved off basic disks, a new type, new bandwidth', async () => {
      assert.deepEqual(((await disks({ instanceId: LEGACY })).disks!.disk!.map((d) => [d.category, d.performanceLevel])), [['cloud', '']]);
      await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: LEGACY, instanceType: 'ecs.g6.large', allowMigrateAcrossZone: true, systemDisk: new Ecs.ModifyInstanceSpecRequestSystemDisk({ category: 'cloud_ssd' }) }));
      assert.deepEqual(((await disks({ instanceId: LEGACY })).disks!.disk!.map((d) => [d.category, d.performanceLevel, d.IOPS])), [['cloud_ssd', '', 1800 + 30 * 40]]);
      assert.equal((await instance(LEGACY)).ioOptimized, true);
      // the local-disk instance reports its type's local storage
      const local = await instance(LOCAL);
      assert.deepEqual([local.localStorageAmount, local.localStorageCapacity], [1, 894]);
    });

    test('DescribeInstances AdditionalAttributes: the fields Terraform asks for', async () => {
      const r = await ecs.describeInstances(
        new Ecs.DescribeInstancesRequest({
          regionId: REGION,
          instanceIds: JSON.stringify([FULL]),
          additionalAttributes: ['META_OPTIONS', 'NETWORK_PRIMARY_ENI_IP', 'LOGIN_AS_NON_ROOT', 'DISK_HIGH_DENSITY_MODE', 'CPU_OPTIONS_TOPOLOGY_TYPE'],
        }),
      );
      const i = r.body!.instances!.instance![0]!;
      assert.equal(i.imageOptions!.loginAsNonRoot, false);
      assert.equal(i.additionalInfo!.enableHighDensityMode, false);
      assert.equal(i.cpuOptions!.topologyType, 'DiscreteCoreToHyperThreads');
      assert.equal(i.spotInterruptionBehavior, 'Terminate');
      const plain = await instance(FULL);
      assert.equal(plain.imageOptions, undefined);
    });
  });
}
