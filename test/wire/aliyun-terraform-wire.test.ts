// The JSON of the calls Terraform's alicloud_instance adds around a resize, pinned whole with
// deepEqual on a world whose ids, addresses and times are all fixed: DescribeDisks,
// DescribeNetworkInterfaces, DescribeUserData, DescribeInstanceRamRole,
// DescribeInstanceMaintenanceAttributes, DescribeInstanceAutoRenewAttribute,
// DescribeInstanceAttachmentAttributes, ModifyInstanceNetworkSpec, AllocatePublicIpAddress, and the
// envelopes of their refusals. Requests are signed by hand (HMAC-SHA1 1.0, POST form and GET).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import { percentEncode, v2StringToSign } from '../../src/providers/aliyun/shared/rpc-request.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const AK = 'LTAIwireTerraform001';
const SK = 'wireTerraformSecret0001';
const W1 = 'i-bp1tfwire0001';
const W2 = 'i-bp1tfwire0002';

const WORLD = {
  accounts: [{ name: 'wire', id: 'abcdefabcdefabcdefabcdefabcdef01', balance: '1000.00', access_keys: [{ cloud: 'aliyun', ak: AK, sk: SK }] }],
  aliyun: {
    regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-h' }] }],
    instances: [
      {
        id: W1,
        name: 'tf-wire-01',
        account: 'wire',
        region: 'cn-hangzhou',
        instance_type: 'ecs.g6.large',
        status: 'Running',
        created_at: '2024-01-02T03:04:05Z',
        vpc_id: 'vpc-bp1wire',
        vswitch_id: 'vsw-bp1wire',
        private_ip: '172.16.0.10',
        security_group_ids: ['sg-bp1wire'],
        system_disk: { id: 'd-bp1wiresys01', size: 50, name: 'sys', description: 'root' },
        data_disks: [{ id: 'd-bp1wiredata01', category: 'cloud_ssd', size: 100, name: 'data', delete_with_instance: false }],
        user_data: 'hello',
        ram_role: 'WireRole',
        primary_network_interface: { id: 'eni-bp1wire01', mac_address: '00:16:3e:00:00:01', secondary_private_ips: ['172.16.0.11'] },
        network_interfaces: [{ id: 'eni-bp1wire02', mac_address: '00:16:3e:00:00:02', private_ip: '172.16.0.20', security_group_ids: ['sg-bp1wire2'] }],
        maintenance: { windows: [{ start_time: '02:00:00', end_time: '03:00:00' }], action: 'Stop', notify: true },
        private_pool: { match_criteria: 'Target', id: 'eap-bp1wire' },
      },
      {
        id: W2,
        name: 'tf-wire-02',
        account: 'wire',
        region: 'cn-hangzhou',
        instance_type: 'ecs.g6.large',
        status: 'Running',
        charge_type: 'PrePaid',
        created_at: '2024-01-02T03:04:05Z',
        expires_at: '2030-01-01T00:00:00Z',
        vpc_id: 'vpc-bp1wire',
        vswitch_id: 'vsw-bp1wire',
        private_ip: '172.16.0.30',
        security_group_ids: ['sg-bp1wire'],
        auto_renew: { enabled: true, duration: 3, period_unit: 'Month' },
      },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: live.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A v2 (HMAC-SHA1) call: the parameters in a form body (POST, tea-rpc's way) or in the query (GET). */
function v2(action: string, params: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<Reply> {
  const all = new Map<string, string>(
    Object.entries({
      Action: action,
      Version: '2014-05-26',
      Format: 'JSON',
      AccessKeyId: AK,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...params,
    }),
  );
  all.set('Signature', createHmac('sha1', `${SK}&`).update(v2StringToSign(method, all)).digest('base64'));
  const encoded = [...all].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return method === 'GET' ? send('GET', `/?${encoded}`, {}) : send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, encoded);
}

function requestIdOf(r: Reply): string {
  const hex = String(r.headers['x-request-id']).toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function ok(r: Reply, expected: Record<string, unknown>): void {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { RequestId: requestIdOf(r), ...expected });
}

function envelope(r: Reply, status: number, code: string, message: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const rid = requestIdOf(r);
  assert.deepEqual(r.body, { RequestId: rid, HostId: `127.0.0.1:${live.port}`, Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs&requestId=${rid}` });
}

const DISK_COMMON = {
  DeleteAutoSnapshot: false,
  EnableAutoSnapshot: true,
  EnableAutomatedSnapshotPolicy: false,
  AutoSnapshotPolicyId: '',
  DiskChargeType: 'PostPaid',
  Status: 'In_use',
  InstanceId: W1,
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-h',
  SourceSnapshotId: '',
  ProductCode: '',
  ResourceGroupId: '',
  StorageClusterId: '',
  StorageSetId: '',
  StorageSetPartitionNumber: 0,
  MultiAttach: 'Disabled',
  BdfId: '',
  ProvisionedIops: 0,
  BurstingEnabled: false,
  CreationTime: '2024-01-02T03:04:05Z',
  AttachedTime: '2024-01-02T03:04:05Z',
  DetachedTime: '',
  ExpiredTime: '2999-09-08T16:00Z',
  MountInstanceNum: 0,
  MountInstances: { MountInstance: [] },
  OperationLocks: { OperationLock: [] },
  Tags: { Tag: [] },
};

describe('Terraform reads, byte for byte', () => {
  test('DescribeDisks: the system disk and a data disk', async () => {
    ok(await v2('DescribeDisks', { RegionId: 'cn-hangzhou', InstanceId: W1 }), {
      TotalCount: 2,
      PageNumber: 1,
      PageSize: 10,
      NextToken: '',
      Disks: {
        Disk: [
          {
            DiskId: 'd-bp1wiresys01',
            DiskName: 'sys',
            Description: 'root',
            Type: 'system',
            Category: 'cloud_essd',
            Size: 50,
            PerformanceLevel: 'PL1',
            Encrypted: false,
            KMSKeyId: '',
            DeleteWithInstance: true,
            ...DISK_COMMON,
            Portable: false,
            Device: '/dev/xvda',
            ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
            SerialNumber: 'BP1WIRESYS01',
            IOPS: 4300,
            IOPSRead: 2150,
            IOPSWrite: 2150,
            Attachments: { Attachment: [{ InstanceId: W1, Device: '/dev/xvda', AttachedTime: '2024-01-02T03:04:05Z' }] },
          },
          {
            DiskId: 'd-bp1wiredata01',
            DiskName: 'data',
            Description: '',
            Type: 'data',
            Category: 'cloud_ssd',
            Size: 100,
            PerformanceLevel: '',
            Encrypted: false,
            KMSKeyId: '',
            DeleteWithInstance: false,
            ...DISK_COMMON,
            Portable: true,
            Device: '/dev/xvdb',
            ImageId: '',
            SerialNumber: 'BP1WIREDATA01',
            IOPS: 4800,
            IOPSRead: 2400,
            IOPSWrite: 2400,
            Attachments: { Attachment: [{ InstanceId: W1, Device: '/dev/xvdb', AttachedTime: '2024-01-02T03:04:05Z' }] },
          },
        ],
      },
    });
  });

  test('DescribeNetworkInterfaces: the primary ENI with its secondary address, then the secondary ENI (GET)', async () => {
    const r = await v2('DescribeNetworkInterfaces', { RegionId: 'cn-hangzhou', InstanceId: W1 }, 'GET');
    const owner = r.body.NetworkInterfaceSets?.NetworkInterfaceSet?.[0]?.OwnerId;
    assert.match(String(owner), /^\d{16}$/);
    const common = {
      NetworkInterfaceName: '',
      Description: '',
      Status: 'InUse',
      InstanceId: W1,
      VpcId: 'vpc-bp1wire',
      VSwitchId: 'vsw-bp1wire',
      ZoneId: 'cn-hangzhou-h',
      NetworkInterfaceTrafficMode: 'Standard',
      QueueNumber: 2,
      QueuePairNumber: 0,
      SourceDestCheck: false,
      ServiceManaged: false,
      ResourceGroupId: '',
      OwnerId: owner,
      CreationTime: '2024-01-02T03:04:05Z',
      AssociatedPublicIp: {},
      Ipv6Sets: { Ipv6Set: [] },
      Ipv4PrefixSets: { Ipv4PrefixSet: [] },
      Ipv6PrefixSets: { Ipv6PrefixSet: [] },
      Tags: { Tag: [] },
    };
    ok(r, {
      TotalCount: 2,
      PageNumber: 1,
      PageSize: 10,
      NextToken: '',
      NetworkInterfaceSets: {
        NetworkInterfaceSet: [
          {
            NetworkInterfaceId: 'eni-bp1wire01',
            Type: 'Primary',
            PrivateIpAddress: '172.16.0.10',
            MacAddress: '00:16:3e:00:00:01',
            SecurityGroupIds: { SecurityGroupId: ['sg-bp1wire'] },
            DeleteOnRelease: true,
            Attachment: { InstanceId: W1, DeviceIndex: 0, NetworkCardIndex: 0, TrunkNetworkInterfaceId: '' },
            PrivateIpSets: {
              PrivateIpSet: [
                { PrivateIpAddress: '172.16.0.10', Primary: true, PrivateDnsName: '', AssociatedPublicIp: {} },
                { PrivateIpAddress: '172.16.0.11', Primary: false, PrivateDnsName: '', AssociatedPublicIp: {} },
              ],
            },
            ...common,
          },
          {
            NetworkInterfaceId: 'eni-bp1wire02',
            Type: 'Secondary',
            PrivateIpAddress: '172.16.0.20',
            MacAddress: '00:16:3e:00:00:02',
            SecurityGroupIds: { SecurityGroupId: ['sg-bp1wire2'] },
            DeleteOnRelease: false,
            Attachment: { InstanceId: W1, DeviceIndex: 1, NetworkCardIndex: 0, TrunkNetworkInterfaceId: '' },
            PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.20', Primary: true, PrivateDnsName: '', AssociatedPublicIp: {} }] },
            ...common,
          },
        ],
      },
    });
    // DescribeInstances lists the same two, in the same order, with the same addresses
    const inst = (await v2('DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([W1]) })).body.Instances.Instance[0];
    assert.deepEqual(inst.NetworkInterfaces, {
      NetworkInterface: [
        {
          NetworkInterfaceId: 'eni-bp1wire01',
          MacAddress: '00:16:3e:00:00:01',
          PrimaryIpAddress: '172.16.0.10',
          Type: 'Primary',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }, { PrivateIpAddress: '172.16.0.11', Primary: false }] },
        },
        { NetworkInterfaceId: 'eni-bp1wire02', MacAddress: '00:16:3e:00:00:02', PrimaryIpAddress: '172.16.0.20', Type: 'Secondary', PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.20', Primary: true }] } },
      ],
    });
  });

  test('DescribeUserData, DescribeInstanceRamRole, DescribeInstanceAttachmentAttributes', async () => {
    ok(await v2('DescribeUserData', { RegionId: 'cn-hangzhou', InstanceId: W1 }), { InstanceId: W1, RegionId: 'cn-hangzhou', UserData: 'aGVsbG8=' });
    ok(await v2('DescribeUserData', { RegionId: 'cn-hangzhou', InstanceId: W2 }), { InstanceId: W2, RegionId: 'cn-hangzhou', UserData: '' });
    ok(await v2('DescribeInstanceRamRole', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([W1, W2]) }), {
      RegionId: 'cn-hangzhou',
      TotalCount: 1,
      InstanceRamRoleSets: { InstanceRamRoleSet: [{ InstanceId: W1, RamRoleName: 'WireRole' }] },
    });
    ok(await v2('DescribeInstanceAttachmentAttributes', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([W1, W2]) }), {
      TotalCount: 2,
      PageNumber: 1,
      PageSize: 10,
      Instances: {
        Instance: [
          { InstanceId: W1, PrivatePoolOptionsMatchCriteria: 'Target', PrivatePoolOptionsId: 'eap-bp1wire' },
          { InstanceId: W2, PrivatePoolOptionsMatchCriteria: 'Open', PrivatePoolOptionsId: '' },
        ],
      },
    });
  });

  test('DescribeInstanceMaintenanceAttributes (MaintenanceAttributes, not the doc sample\'s wrapper), DescribeInstanceAutoRenewAttribute', async () => {
    ok(await v2('DescribeInstanceMaintenanceAttributes', { RegionId: 'cn-hangzhou', 'InstanceId.1': W1, 'InstanceId.2': W2 }), {
      TotalCount: 2,
      PageNumber: 1,
      PageSize: 10,
      MaintenanceAttributes: {
        MaintenanceAttribute: [
          {
            InstanceId: W1,
            NotifyOnMaintenance: true,
            MaintenanceWindows: { MaintenanceWindow: [{ StartTime: '02:00:00', EndTime: '03:00:00' }] },
            ActionOnMaintenance: { Value: 'Stop', DefaultValue: 'AutoRecover', SupportedValues: { SupportedValue: ['Stop', 'AutoRecover', 'AutoRedeploy'] } },
          },
          {
            InstanceId: W2,
            NotifyOnMaintenance: false,
            MaintenanceWindows: { MaintenanceWindow: [] },
            ActionOnMaintenance: { Value: 'AutoRecover', DefaultValue: 'AutoRecover', SupportedValues: { SupportedValue: ['Stop', 'AutoRecover', 'AutoRedeploy'] } },
          },
        ],
      },
    });
    ok(await v2('DescribeInstanceAutoRenewAttribute', { RegionId: 'cn-hangzhou', InstanceId: W2 }), {
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      InstanceRenewAttributes: { InstanceRenewAttribute: [{ InstanceId: W2, AutoRenewEnabled: true, Duration: 3, PeriodUnit: 'Month', RenewalStatus: 'AutoRenewal' }] },
    });
  });

  test('ModifyInstanceNetworkSpec: {RequestId} pay-as-you-go, {RequestId, OrderId} subscription; AllocatePublicIpAddress: {RequestId, IpAddress}', async () => {
    ok(await v2('ModifyInstanceNetworkSpec', { InstanceId: W1, InternetMaxBandwidthOut: '8', RegionId: 'cn-hangzhou' }), {});
    const sub = await v2('ModifyInstanceNetworkSpec', { InstanceId: W2, InternetMaxBandwidthOut: '4' });
    assert.match(sub.body.OrderId, /^\d{15}$/);
    ok(sub, { OrderId: sub.body.OrderId });
    const ip = await v2('AllocatePublicIpAddress', { InstanceId: W1, RegionId: 'cn-hangzhou' });
    assert.match(ip.body.IpAddress, /^47\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    ok(ip, { IpAddress: ip.body.IpAddress });
  });
});

describe('refusals, envelope for envelope', () => {
  test('ModifyInstanceNetworkSpec and AllocatePublicIpAddress codes', async () => {
    envelope(await v2('ModifyInstanceNetworkSpec', { InstanceId: W1, InternetMaxBandwidthOut: '101' }), 400, 'InvalidInternetMaxBandwidthOut.ValueNotSupported', 'The specified InternetMaxBandwidthOut is beyond the permitted range.');
    envelope(await v2('ModifyInstanceNetworkSpec', { InstanceId: W1, AllocatePublicIp: 'yes' }), 400, 'InvalidParam.AllocatePublicIp', 'The specified param AllocatePublicIp is invalid.');
    envelope(await v2('ModifyInstanceNetworkSpec', { InstanceId: W1, InternetMaxBandwidthOut: 'ten' }), 400, 'InvalidParameter', 'The specified parameter "InternetMaxBandwidthOut" is not valid.');
    envelope(await v2('AllocatePublicIpAddress', { InstanceId: W1 }), 400, 'AllocateIpInvalidInstanceBandwidth', 'OperationDenied The InternetMaxBandwidthOut of the specified instance cannot be less than 0.');
    envelope(await v2('AllocatePublicIpAddress', { InstanceId: 'i-bp1nosuch' }), 404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
  });

  test('the reads\' own codes', async () => {
    envelope(await v2('DescribeDisks', { RegionId: 'cn-hangzhou', DiskType: 'root' }), 400, 'InvalidDiskType.ValueNotSupported', 'The specified DiskType is not valid.');
    envelope(await v2('DescribeInstanceRamRole', { RegionId: 'cn-hangzhou' }), 403, 'InvalidParameter.AllEmpty', 'The parameters InstanceIds and RamRoleName cannot both be empty.');
    envelope(await v2('DescribeInstanceAutoRenewAttribute', { RegionId: 'cn-hangzhou', InstanceId: W1 }), 403, 'ChargeTypeViolation', 'Pay-As-You-Go instances do not support this operation.');
    envelope(await v2('DescribeInstanceAttachmentAttributes', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify(['i-bp1nosuch']) }), 404, 'InvalidInstanceIds.NotFound', 'The specified InstanceIds does not exist.');
    envelope(await v2('DescribeUserData', { InstanceId: W1 }), 400, 'MissingParameter', 'The input parameter "RegionId" that is mandatory for processing this request is not supplied.');
  });
});

describe('hostile input', () => {
  const ACTIONS: Record<string, string[]> = {
    DescribeDisks: ['RegionId', 'InstanceId', 'DiskIds', 'DiskType', 'Category', 'Status', 'DiskChargeType', 'LockReason', 'Portable', 'Encrypted', 'Filter.1.Key', 'Filter.1.Value', 'Filter.99.Key', 'Tag.1.Value', 'PageNumber', 'PageSize', 'NextToken', 'MaxResults', 'AdditionalAttributes.1'],
    DescribeNetworkInterfaces: ['RegionId', 'NetworkInterfaceId.1', 'NetworkInterfaceId.1000000', 'InstanceId', 'Type', 'PrivateIpAddress.1', 'ServiceManaged', 'PageSize', 'NextToken', 'MaxResults'],
    DescribeUserData: ['RegionId', 'InstanceId'],
    DescribeInstanceRamRole: ['RegionId', 'InstanceIds', 'RamRoleName', 'PageSize'],
    DescribeInstanceMaintenanceAttributes: ['RegionId', 'InstanceId.1', 'InstanceId.101', 'PageSize'],
    DescribeInstanceAutoRenewAttribute: ['RegionId', 'InstanceId', 'RenewalStatus', 'PageNumber', 'PageSize'],
    DescribeInstanceAttachmentAttributes: ['RegionId', 'InstanceIds', 'PageNumber'],
    ModifyInstanceNetworkSpec: ['InstanceId', 'InternetMaxBandwidthOut', 'InternetMaxBandwidthIn', 'NetworkChargeType', 'AllocatePublicIp', 'AutoPay', 'ClientToken', 'StartTime', 'EndTime', 'ISP'],
    AllocatePublicIpAddress: ['InstanceId', 'IpAddress', 'VlanId'],
    ModifyPrepayInstanceSpec: ['RegionId', 'InstanceId', 'InstanceType', 'OperatorType', 'RebootTime', 'RebootWhenFinished'],
  };
  const NASTY = ['', '-1', '1e309', '99999999999999999999', '["x"', '[1,2]', '[' + '"i-a",'.repeat(200) + '"i-a"]', '{}', '\u0000%', 'é'.repeat(300), W1, W2, '2026-02-30T10:00Z', '__proto__'];

  test('every parameter of the new actions, each with hostile values: a 4xx envelope or a 200, never a 5xx', async () => {
    let i = 0;
    for (const [action, names] of Object.entries(ACTIONS)) {
      for (const name of names) {
        for (const value of NASTY) {
          // a valid region where the call needs one, so the hostile value is what gets read
          const base: Record<string, string> = name === 'RegionId' ? {} : { RegionId: 'cn-hangzhou' };
          const r = await v2(action, { ...base, [name]: value }, i++ % 2 === 0 ? 'POST' : 'GET');
          assert.ok(r.status < 500, `${action} ${name}=${JSON.stringify(value).slice(0, 40)}: ${r.status} ${JSON.stringify(r.body)}`);
          if (r.status !== 200) assert.deepEqual(Object.keys(r.body), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'], `${action} ${name}`);
          assert.notEqual(r.body.Code, 'UnknownError', `${action} ${name}=${JSON.stringify(value).slice(0, 40)}: ${r.body.Message}`);
        }
      }
    }
  });
});
