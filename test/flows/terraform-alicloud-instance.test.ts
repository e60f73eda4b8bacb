// terraform-provider-alicloud's alicloud_instance against a live specshift, call by call, as the
// provider makes them (HEAD 81c43b6727a0, alicloud/resource_alicloud_instance.go and
// alicloud/service_alicloud_ecs.go, alicloud/errors.go, alicloud/connectivity/client.go):
//
// - the Read every plan and every apply ends with: ten calls (nine actions), sdk-go query POSTs and tea-rpc
//   form POSTs (test/helpers/alicloud-go-clients.ts), with the provider's type assertions;
// - a pay-as-you-go type change: StopInstance (ForceStop=false, StoppedMode) retried on
//   IncorrectInstanceStatus, StateChangeConf to Stopped, ModifyInstanceSpec with a 64-character
//   ClientToken reused on its Throttling retry, DescribeInstances every 5 s until the type shows,
//   StartInstance, StateChangeConf to Running;
// - the subscription type change through ModifyPrepayInstanceSpec, paid at once, and paid later
//   through the control API by an account that cannot auto-pay;
// - a bandwidth change through ModifyInstanceNetworkSpec (retried as the provider retries; a 5xx
//   re-sent by sdk-go itself), DescribeInstances every second, AllocatePublicIpAddress for a
//   pay-as-you-go instance leaving 0 Mbit/s, the public-IP wait for a subscription;
// - and after each apply a second plan whose Read finds exactly what was applied.
//
// The provider's sleeps run on specshift's manual clock (/_specshift/clock/advance), so the whole
// file takes seconds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import {
  buildClientToken,
  GoSdkClient,
  isExpected,
  isNotFound,
  needRetry,
  ServerError,
  TeaRpcClient,
  type WireExchange,
} from '../helpers/alicloud-go-clients.js';
import { Ecs, ecsClient } from '../helpers/aliyun-sdk.js';

const REGION = 'cn-hangzhou';
const TF = { ak: 'LTAIterraform0000001', sk: 'terraformSecret000000000001' };
const INVOICED = { ak: 'LTAIterraformInvoice', sk: 'terraformInvoiceSecret00001' };
const WEB = 'i-bp1tfweb0001';
const DB = 'i-bp1tfdb0002';
const BILLED = 'i-bp1tfbilled0003';

const WORLD = {
  accounts: [
    { name: 'tf', id: '8888888888888888888888888888abcd', balance: '5000.00', access_keys: [{ cloud: 'aliyun', ...TF }] },
    // an account that cannot pay by itself: its orders wait for someone to pay them in the console
    { name: 'invoiced', id: '9999999999999999999999999999abcd', balance: '5000.00', can_pay: false, access_keys: [{ cloud: 'aliyun', ...INVOICED }] },
  ],
  aliyun: {
    regions: [{ id: REGION, local_name: 'China (Hangzhou)', zones: [{ id: 'cn-hangzhou-h' }, { id: 'cn-hangzhou-i' }] }],
    // one ModifyInstanceSpec per 10 s: a retry after a lost reply is throttled first
    rate_limits: { ModifyInstanceSpec: { calls: 1, period_seconds: 10 } },
    instances: [
      {
        id: WEB,
        name: 'tf-web',
        account: 'tf',
        region: REGION,
        instance_type: 'ecs.g6.large',
        status: 'Running',
        bandwidth_out: 0,
        system_disk_category: 'cloud_essd',
        system_disk: { size: 60, name: 'tf-web-root' },
        data_disks: [{ category: 'cloud_essd', size: 100 }],
        user_data: '#cloud-config\nruncmd: [echo hi]',
        ram_role: 'TfWebRole',
        primary_network_interface: { secondary_private_ips: ['172.16.9.21'] },
        network_interfaces: [{ security_group_ids: ['sg-bp1tfextra'] }],
        maintenance: { windows: [{ start_time: '18:00:00', end_time: '21:00:00' }], action: 'AutoRecover', notify: true },
        tags: { app: 'web' },
      },
      { id: DB, name: 'tf-db', account: 'tf', region: REGION, zone: 'cn-hangzhou-i', instance_type: 'ecs.r6.large', status: 'Running', charge_type: 'PrePaid', expires_in_days: 120 },
      {
        id: BILLED,
        name: 'tf-billed',
        account: 'invoiced',
        region: REGION,
        instance_type: 'ecs.g6.large',
        status: 'Running',
        charge_type: 'PrePaid',
        expires_in_days: 60,
        auto_renew: { enabled: true, duration: 1, period_unit: 'Month' },
      },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual', world: WORLD });
});
after(() => live.close());

// ---- the provider's type assertions: a wrong JSON type panics it --------------------------------

function must<T>(ok: boolean, v: unknown, what: string): T {
  if (!ok) throw new TypeError(`provider panic: ${what} is ${JSON.stringify(v)}`);
  return v as T;
}
const asString = (v: unknown, what: string) => must<string>(typeof v === 'string', v, `${what}.(string)`);
const asBool = (v: unknown, what: string) => must<boolean>(typeof v === 'boolean', v, `${what}.(bool)`);
const asMap = (v: unknown, what: string) => must<Record<string, any>>(typeof v === 'object' && v !== null && !Array.isArray(v), v, `${what}.(map[string]interface{})`);
const asList = (v: unknown, what: string) => must<any[]>(Array.isArray(v), v, `${what}.([]interface{})`);
/** jsonpath.Get: a missing path is an error that aborts the Read. */
function path(obj: any, ...keys: string[]): any {
  let v = obj;
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || !(k in v)) throw new Error(`jsonpath: unknown key ${keys.join('.')}`);
    v = v[k];
  }
  return v;
}
/** d.Set on a TypeInt: a JSON string (or anything else) fails silently, leaving a permanent diff. */
const asInt = (v: unknown) => (typeof v === 'number' ? v : undefined);

type State = Record<string, unknown>;

/** The provider, configured with a key: its two clients, its sleeps on the manual clock, its log. */
class Provider {
  readonly log: WireExchange[] = [];
  readonly go: GoSdkClient;
  readonly tea: TeaRpcClient;
  /** simulated seconds the provider slept */
  slept = 0;

  constructor(key: { ak: string; sk: string }) {
    this.go = new GoSdkClient({ port: live.port, ...key, region: REGION, log: this.log });
    this.tea = new TeaRpcClient({ port: live.port, ...key, region: REGION, log: this.log });
  }

  async sleep(ms: number): Promise<void> {
    this.slept += ms / 1000;
    await live.control('clock/advance', { ms });
  }

  /** resource.Retry(timeout, ...) with the provider's retryable test and wait. */
  async retry<T>(timeoutMs: number, fn: () => Promise<T>, retryable: (e: unknown) => boolean, waitMs: number): Promise<T> {
    const deadline = this.slept * 1000 + timeoutMs;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!retryable(e) || this.slept * 1000 >= deadline) throw e;
        await this.sleep(waitMs);
      }
    }
  }

  /** EcsService.DescribeInstance (sdk-go): NeedRetry retried for 10 min at 1 s; an empty list is NotFound. */
  async describeInstance(id: string): Promise<Record<string, any> | null> {
    const r = await this.retry(
      600_000,
      () => this.go.call('DescribeInstances', { RegionId: REGION, InstanceIds: JSON.stringify([id]), AdditionalAttributes: ['META_OPTIONS', 'NETWORK_PRIMARY_ENI_IP', 'LOGIN_AS_NON_ROOT', 'DISK_HIGH_DENSITY_MODE'] }),
      needRetry,
      1000,
    );
    return r.Instances.Instance.length < 1 ? null : r.Instances.Instance[0];
  }

  /** EcsService.DescribeEcsNetworkInterface (tea-rpc). */
  async describeEni(id: string): Promise<Record<string, any>> {
    const r = await this.retry(300_000, () => this.tea.rpcPost('DescribeNetworkInterfaces', { RegionId: REGION, NetworkInterfaceId: [id] }), needRetry, 3000);
    const set = asList(path(r, 'NetworkInterfaceSets', 'NetworkInterfaceSet'), 'NetworkInterfaceSet');
    if (set.length < 1 || asString(set[0].NetworkInterfaceId, 'NetworkInterfaceId') !== id) throw new Error(`ResourceNotfound: ECS ${id}`);
    return set[0];
  }

  /** resourceAliCloudInstanceRead: null when the instance is gone (removed from state, no error). */
  async read(id: string, prior: State = {}): Promise<State | null> {
    const s: State = {};
    const inst = await this.describeInstance(id);
    if (inst === null) return null;

    // 2. the system disk (tea-rpc); NotFound tolerated for an existing resource
    try {
      const r = await this.retry(300_000, () => this.tea.rpcPost('DescribeDisks', { RegionId: REGION, InstanceId: id, DiskType: 'system' }), needRetry, 3000);
      const disks = asList(path(r, 'Disks', 'Disk'), 'Disks.Disk');
      if (disks.length < 1 || asString(disks[0].InstanceId, 'Disk.InstanceId') !== id) throw new ServerError('tea-rpc', 404, 'ResourceNotfound', 'system disk NotFound', '');
      const d = disks[0];
      Object.assign(s, {
        system_disk_category: d.Category,
        system_disk_name: d.DiskName,
        system_disk_description: d.Description,
        system_disk_size: asInt(d.Size),
        system_disk_encrypted: d.Encrypted,
        system_disk_kms_key_id: d.KMSKeyId,
        system_disk_provisioned_iops: asInt(d.ProvisionedIops),
        system_disk_id: d.DiskId,
        system_disk_performance_level: d.PerformanceLevel,
        system_disk_auto_snapshot_policy_id: d.AutoSnapshotPolicyId,
        system_disk_storage_cluster_id: d.StorageClusterId,
        volume_tags: asList(asMap(d.Tags, 'Tags').Tag, 'Tags.Tag').length,
      });
      if (d.BurstingEnabled !== null && d.BurstingEnabled !== undefined) s.system_disk_bursting_enabled = d.BurstingEnabled;
    } catch (e) {
      if (!(isNotFound(e) || (e instanceof ServerError && e.code === 'ResourceNotfound'))) throw e;
    }
    Object.assign(s, {
      instance_name: inst.InstanceName,
      description: inst.Description,
      status: inst.Status,
      availability_zone: inst.ZoneId,
      host_name: inst.HostName,
      image_id: inst.ImageId,
      instance_type: inst.InstanceType,
      internet_max_bandwidth_out: inst.InternetMaxBandwidthOut,
      internet_max_bandwidth_in: inst.InternetMaxBandwidthIn,
      instance_charge_type: inst.InstanceChargeType,
      internet_charge_type: inst.InternetChargeType,
      spot_strategy: inst.SpotStrategy,
      deletion_protection: inst.DeletionProtection,
      stopped_mode: inst.StoppedMode,
      tags: JSON.stringify(inst.Tags.Tag),
      public_ip: inst.PublicIpAddress.IpAddress.length > 0 ? inst.PublicIpAddress.IpAddress[0] : '',
      vswitch_id: inst.VpcAttributes.VSwitchId,
      vpc_id: inst.VpcAttributes.VpcId,
      private_ip: inst.VpcAttributes.PrivateIpAddress.IpAddress[0],
      http_tokens: inst.MetadataOptions.HttpTokens,
      cpu: inst.Cpu,
      memory: inst.Memory,
      os_type: inst.OSType,
      security_groups: [...inst.SecurityGroupIds.SecurityGroupId].join(','),
      expired_time: inst.ExpiredTime,
      enable_high_density_mode: inst.AdditionalInfo?.EnableHighDensityMode ?? false,
      login_as_non_root: inst.ImageOptions?.LoginAsNonRoot ?? false,
    });

    // 3. user data (sdk-go): any error aborts
    const ud = await this.go.call('DescribeUserData', { RegionId: REGION, InstanceId: id });
    s.user_data = ud.UserData;

    // 4. the RAM role (sdk-go), for VPC instances on refresh
    if (inst.VpcAttributes.VSwitchId !== '') {
      const rr = await this.go.call('DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: JSON.stringify([id]) });
      s.role_name = rr.InstanceRamRoleSets.InstanceRamRoleSet.length >= 1 ? rr.InstanceRamRoleSets.InstanceRamRoleSet[0].RamRoleName : (prior.role_name ?? '');
    }

    // 5. every ENI DescribeInstances lists (tea-rpc), the primary one once more
    let primaryId = '';
    const secondaries: string[] = [];
    for (const obj of inst.NetworkInterfaces.NetworkInterface) {
      const eni = await this.describeEni(obj.NetworkInterfaceId);
      if (obj.Type === 'Primary') {
        primaryId = obj.NetworkInterfaceId;
        s.primary_ip_address = obj.PrimaryIpAddress;
        s.network_interface_traffic_mode = eni.NetworkInterfaceTrafficMode;
        s.queue_pair_number = eni.QueuePairNumber;
        s.source_dest_check = eni.SourceDestCheck;
        if ('Attachment' in eni) s.network_card_index = asMap(eni.Attachment, 'Attachment').NetworkCardIndex;
      } else {
        const sgs = 'SecurityGroupIds' in eni ? asMap(eni.SecurityGroupIds, 'SecurityGroupIds').SecurityGroupId : [];
        if ('Attachment' in eni) asMap(eni.Attachment, 'Attachment');
        secondaries.push(`${obj.NetworkInterfaceId}:${eni.VSwitchId}:${sgs.join('+')}:${eni.NetworkInterfaceTrafficMode}`);
      }
    }
    s.network_interfaces = secondaries.join(',');
    if (primaryId !== '') {
      s.network_interface_id = primaryId;
      const eni = await this.describeEni(primaryId);
      const ips = asList(asMap(eni.PrivateIpSets, 'PrivateIpSets').PrivateIpSet, 'PrivateIpSet');
      s.secondary_private_ips = ips.filter((p) => !asBool(p.Primary, 'PrivateIpSet.Primary')).map((p) => p.PrivateIpAddress).join(',');
      s.ipv6_addresses = asList(asMap(eni.Ipv6Sets, 'Ipv6Sets').Ipv6Set, 'Ipv6Set').length;
    }

    // 6. maintenance (tea-rpc): any error aborts, an empty list too
    const m = await this.retry(300_000, () => this.tea.rpcPost('DescribeInstanceMaintenanceAttributes', { RegionId: REGION, InstanceId: [id] }), needRetry, 3000);
    const attrs = asList(path(m, 'MaintenanceAttributes', 'MaintenanceAttribute'), 'MaintenanceAttribute');
    if (attrs.length < 1 || String(attrs[0].InstanceId) !== id) throw new Error(`ResourceNotfound: maintenance of ${id}`);
    const windows = asList(asMap(attrs[0].MaintenanceWindows, 'MaintenanceWindows').MaintenanceWindow, 'MaintenanceWindow');
    s.maintenance_time = windows.map((w) => `${w.StartTime}-${w.EndTime}`).join(',');
    s.maintenance_action = asMap(attrs[0].ActionOnMaintenance, 'ActionOnMaintenance').Value;
    s.maintenance_notify = attrs[0].NotifyOnMaintenance;

    // 7. DescribeInstanceAttribute (sdk-go): another InstanceId is NotFound, which aborts
    const ia = await this.go.call('DescribeInstanceAttribute', { RegionId: REGION, InstanceId: id });
    if (ia.InstanceId !== id) throw new Error(`ResourceNotfound: Instance ${id}`);
    s.enable_jumbo_frame = ia.EnableJumboFrame;

    // 8. auto-renew (sdk-go), subscriptions only; NeedRetry and InvalidParameter retried
    if (inst.InstanceChargeType === 'PrePaid') {
      const r = await this.retry(
        300_000,
        () => this.go.call('DescribeInstanceAutoRenewAttribute', { RegionId: REGION, InstanceId: id }),
        (e) => needRetry(e) || isExpected(e, ['InvalidParameter']),
        3000,
      );
      let unit = (prior.period_unit as string) || 'Month';
      const list = r.InstanceRenewAttributes.InstanceRenewAttribute;
      if (list.length > 0) {
        s.renewal_status = list[0].RenewalStatus;
        s.auto_renew_period = list[0].Duration;
        if (list[0].RenewalStatus === 'AutoRenewal') unit = list[0].PeriodUnit;
        if (unit === 'Year') {
          unit = 'Month';
          s.auto_renew_period = list[0].Duration * 12;
        }
      }
      s.period_unit = unit;
    }

    // 9. private pool attachment (tea-rpc): a missing or empty list aborts
    const aa = await this.retry(60_000, () => this.tea.rpcPost('DescribeInstanceAttachmentAttributes', { InstanceIds: `["${id}"]`, RegionId: REGION }), needRetry, 3000);
    const rows = asList(path(aa, 'Instances', 'Instance'), 'Instances.Instance');
    if (rows.length === 0) throw new Error(`ResourceNotfound: Instance ${id}`);
    s.private_pool_options_match_criteria = rows[0].PrivatePoolOptionsMatchCriteria;
    s.private_pool_options_id = rows[0].PrivatePoolOptionsId;

    // 10. DescribeInstances again (tea-rpc), for what only the raw map carries
    const di = await this.retry(
      600_000,
      () =>
        this.tea.rpcPost('DescribeInstances', {
          RegionId: REGION,
          InstanceIds: JSON.stringify([id]),
          AdditionalAttributes: ['META_OPTIONS', 'NETWORK_PRIMARY_ENI_IP', 'LOGIN_AS_NON_ROOT', 'LOGIN_AS_NON_ROOT', 'CPU_OPTIONS_TOPOLOGY_TYPE'],
        }),
      needRetry,
      3000,
    );
    const again = asList(path(di, 'Instances', 'Instance'), 'Instances.Instance');
    if (again.length === 0) throw new Error(`ResourceNotfound: Instance ${id}`);
    s.spot_interruption_behavior = again[0].SpotInterruptionBehavior;
    if ('CpuOptions' in again[0]) {
      const c = asMap(again[0].CpuOptions, 'CpuOptions');
      s.cpu_options = `${c.CoreCount}/${c.ThreadsPerCore}/${c.TopologyType}`;
    }
    return s;
  }

  /** BuildStateConf / StateChangeConf: Delay, then refresh; waits 3 s, 6 s, 10 s...; any other state is an error. */
  async waitForState(id: string, pending: string[], target: string[], delayMs: number, timeoutMs = 600_000): Promise<string[]> {
    const seen: string[] = [];
    const start = this.slept * 1000;
    await this.sleep(delayMs);
    let wait = 100;
    let notFound = 0;
    for (;;) {
      const inst = await this.describeInstance(id);
      if (inst === null) {
        if (++notFound > 20) throw new Error(`couldn't find resource (21 retries)`);
      } else {
        seen.push(inst.Status);
        if (target.includes(inst.Status)) return seen;
        if (!pending.includes(inst.Status)) throw new Error(`unexpected state '${inst.Status}', wanted target '${target.join(', ')}'`);
      }
      if (this.slept * 1000 - start > timeoutMs) throw new Error('timeout while waiting for state');
      wait = Math.min(10_000, Math.max(3000, wait * 2));
      await this.sleep(wait);
    }
  }

  /**
   * The instance_type branch of resourceAliCloudInstanceUpdate: stop if Running, change the type
   * (ModifyPrepayInstanceSpec for a subscription, ModifyInstanceSpec otherwise), wait for it, start.
   * `beforeRetry` lets a test act between the attempts of a retried call (a lost reply, a console payment).
   */
  async changeType(id: string, state: State, desiredType: string, hooks: { stoppedMode?: string; lostReply?: boolean; onPoll?: (n: number) => Promise<void>; onStopRefused?: (n: number) => Promise<void> } = {}): Promise<void> {
    const inst = await this.describeInstance(id);
    if (inst!.Status === 'Running') {
      let refusals = 0;
      await this.retry(
        300_000,
        async () => {
          try {
            // d.GetOk("stopped_mode"): the configured value, else what the Read stored (Not-applicable while Running)
            const stoppedMode = hooks.stoppedMode ?? (state.stopped_mode as string | undefined);
            return await this.go.call('StopInstance', { RegionId: REGION, InstanceId: id, ForceStop: 'false', ...(stoppedMode ? { StoppedMode: stoppedMode } : {}) });
          } catch (e) {
            if (isExpected(e, ['IncorrectInstanceStatus'])) await hooks.onStopRefused?.(++refusals);
            throw e;
          }
        },
        (e) => isExpected(e, ['IncorrectInstanceStatus']),
        1000,
      );
      await this.waitForState(id, ['Pending', 'Running', 'Stopping'], ['Stopped'], 5000);
    }
    if (state.instance_charge_type === 'PrePaid') {
      await this.retry(360_000, () => this.go.call('ModifyPrepayInstanceSpec', { InstanceId: id, InstanceType: desiredType }), (e) => isExpected(e, ['Throttling']), 5000);
    } else {
      const request = { InstanceId: id, InstanceType: desiredType, ClientToken: buildClientToken('ModifyInstanceSpec') };
      if (hooks.lostReply) await this.go.call('ModifyInstanceSpec', request); // its reply never reaches the provider
      await this.retry(360_000, () => this.go.call('ModifyInstanceSpec', { ...request }), (e) => isExpected(e, ['Throttling']), 10_000);
    }
    // "Ensure instance's type has been replaced successfully": every 5 s, 500 s at most
    for (let timeout = 500, n = 0; ; n++) {
      const now = await this.describeInstance(id);
      if (now!.InstanceType === desiredType) break;
      timeout -= 5;
      if (timeout <= 0) throw new Error(`timeout waiting for instance_type ${desiredType}, got ${now!.InstanceType}`);
      await hooks.onPoll?.(n);
      await this.sleep(5000);
    }
    await this.retry(
      300_000,
      () => this.go.call('StartInstance', { InstanceId: id }),
      (e) => isExpected(e, ['IncorrectInstanceStatus', 'InvalidOperation.Conflict']) || needRetry(e),
      1000,
    );
    await this.waitForState(id, ['Pending', 'Starting', 'Stopped'], ['Running'], 5000);
  }

  /** modifyInstanceNetworkSpec: the changed attributes only; then the provider's waits and AllocatePublicIpAddress. */
  async changeNetwork(id: string, state: State, desired: { out?: number; chargeType?: string }): Promise<void> {
    const request: Record<string, unknown> = { InstanceId: id, ClientToken: buildClientToken('ModifyInstanceNetworkSpec') };
    if (desired.chargeType !== undefined && desired.chargeType !== state.internet_charge_type) request.NetworkChargeType = desired.chargeType;
    let allocate = false;
    if (desired.out !== undefined && desired.out !== state.internet_max_bandwidth_out) {
      allocate = (state.internet_max_bandwidth_out as number) <= 0 && desired.out > 0;
      request.InternetMaxBandwidthOut = desired.out;
    }
    await this.retry(
      600_000,
      () => this.go.call('ModifyInstanceNetworkSpec', request),
      (e) => isExpected(e, ['Throttling', 'LastOrderProcessing', 'LastRequestProcessing', 'LastTokenProcessing']) || isExpected(e, ['InternalError', 'UnknownError']),
      2000,
    );
    const out = desired.out ?? state.internet_max_bandwidth_out;
    const chargeType = desired.chargeType ?? state.internet_charge_type;
    for (let waited = 0; ; waited++) {
      const inst = await this.describeInstance(id);
      if (inst!.InternetMaxBandwidthOut === out && inst!.InternetChargeType === chargeType) break;
      if (waited >= 120) throw new Error('Wait for internet update timeout!');
      await this.sleep(1000);
    }
    if (state.instance_charge_type === 'PrePaid' && (out as number) > 0) {
      for (let waited = 0; ; waited++) {
        const inst = await this.describeInstance(id);
        if (inst!.PublicIpAddress.IpAddress.length > 0) break;
        if (waited >= 120) throw new Error('Wait for PrePaid internet update timeout!');
        await this.sleep(1000);
      }
    }
    if (allocate && state.instance_charge_type === 'PostPaid') await this.go.call('AllocatePublicIpAddress', { InstanceId: id });
  }
}

/** The actions of the log since `from`, as "client Action status". */
const calls = (p: Provider, from = 0) => p.log.slice(from).map((x) => `${x.client} ${x.action} ${x.status}`);

/**
 * The arguments a configuration sets (the rest of the state is computed: cpu, memory, public_ip,
 * cpu_options... follow from them). A plan diffs these against the state.
 */
const CONFIGURED = [
  'instance_name', 'description', 'availability_zone', 'host_name', 'image_id', 'instance_type', 'instance_charge_type', 'status',
  'internet_charge_type', 'internet_max_bandwidth_out', 'internet_max_bandwidth_in', 'vswitch_id', 'security_groups', 'tags',
  'deletion_protection', 'spot_strategy', 'stopped_mode', 'user_data', 'role_name', 'system_disk_category', 'system_disk_size',
  'system_disk_name', 'system_disk_performance_level', 'system_disk_encrypted', 'secondary_private_ips', 'network_interfaces',
  'maintenance_time', 'maintenance_action', 'maintenance_notify', 'private_pool_options_match_criteria', 'renewal_status',
  'auto_renew_period', 'period_unit',
];

/** The configuration after an edit: the configured arguments of `state`, with `changes` applied. */
const configure = (state: State, changes: State): State => ({ ...Object.fromEntries(CONFIGURED.filter((k) => k in state).map((k) => [k, state[k]])), ...changes });

/** A plan: the configured arguments whose state differs (empty = no changes). */
function plan(state: State, config: State): string[] {
  return Object.keys(config).filter((k) => JSON.stringify(state[k]) !== JSON.stringify(config[k]));
}

describe('terraform-provider-alicloud alicloud_instance', () => {
  test('the Read: every call in the provider\'s order over both clients, every answer shaped as the provider asserts', async () => {
    const p = new Provider(TF);
    const s = (await p.read(WEB))!;
    assert.deepEqual(calls(p), [
      'sdk-go DescribeInstances 200',
      'tea-rpc DescribeDisks 200',
      'sdk-go DescribeUserData 200',
      'sdk-go DescribeInstanceRamRole 200',
      'tea-rpc DescribeNetworkInterfaces 200', // the primary ENI
      'tea-rpc DescribeNetworkInterfaces 200', // the secondary one
      'tea-rpc DescribeNetworkInterfaces 200', // the primary again, for its addresses
      'tea-rpc DescribeInstanceMaintenanceAttributes 200',
      'sdk-go DescribeInstanceAttribute 200',
      'tea-rpc DescribeInstanceAttachmentAttributes 200',
      'tea-rpc DescribeInstances 200',
    ]);
    // a pay-as-you-go instance skips DescribeInstanceAutoRenewAttribute: eight actions, the last call DescribeInstances again
    assert.equal(new Set(p.log.map((x) => x.action)).size, 8);
    // the wire as the Go clients put it: sdk-go all in the query with SignatureType= and RegionId
    const first = p.log[0]!;
    assert.deepEqual([first.method, first.query.SignatureType, first.query.RegionId, first.query.Format, first.query['AdditionalAttributes.4']], ['POST', '', REGION, 'JSON', 'DISK_HIGH_DENSITY_MODE']);
    assert.deepEqual(first.body, {});
    const disks = p.log[1]!;
    assert.deepEqual([disks.query.Format, disks.query.RegionId, disks.body], ['json', undefined, { RegionId: REGION, InstanceId: WEB, DiskType: 'system' }]);
    assert.equal(p.log[4]!.body['NetworkInterfaceId.1'], 'eni-bp1tfweb0001');
    assert.equal(p.log[7]!.body['InstanceId.1'], WEB);
    assert.equal(p.log[10]!.body['AdditionalAttributes.5'], 'CPU_OPTIONS_TOPOLOGY_TYPE');
    // what the Read set
    assert.deepEqual(
      [s.instance_type, s.status, s.system_disk_category, s.system_disk_size, s.system_disk_performance_level, s.system_disk_id, s.system_disk_name],
      ['ecs.g6.large', 'Running', 'cloud_essd', 60, 'PL1', 'd-bp1tfweb0001', 'tf-web-root'],
    );
    assert.equal(Buffer.from(s.user_data as string, 'base64').toString('utf8'), '#cloud-config\nruncmd: [echo hi]');
    assert.deepEqual([s.role_name, s.secondary_private_ips, s.maintenance_time, s.maintenance_action, s.maintenance_notify], ['TfWebRole', '172.16.9.21', '18:00:00-21:00:00', 'AutoRecover', true]);
    assert.match(s.network_interfaces as string, /^eni-bp1[0-9a-f]{17}:vsw-bp1[0-9a-f]{17}:sg-bp1tfextra:Standard$/);
    assert.deepEqual([s.private_pool_options_match_criteria, s.private_pool_options_id, s.spot_interruption_behavior, s.cpu_options], ['Open', '', 'Terminate', '1/2/DiscreteCoreToHyperThreads']);
    assert.deepEqual([s.enable_jumbo_frame, s.login_as_non_root, s.enable_high_density_mode], [false, false, false]);

    // a subscription adds DescribeInstanceAutoRenewAttribute before the attachment read
    const q = new Provider(INVOICED);
    const b = (await q.read(BILLED))!;
    assert.deepEqual(calls(q).slice(-3), ['sdk-go DescribeInstanceAutoRenewAttribute 200', 'tea-rpc DescribeInstanceAttachmentAttributes 200', 'tea-rpc DescribeInstances 200']);
    assert.equal(new Set(q.log.map((x) => x.action)).size, 9, 'all ten steps of the Read: nine actions, DescribeInstances twice');
    assert.deepEqual([b.renewal_status, b.auto_renew_period, b.period_unit], ['AutoRenewal', 1, 'Month']);
    // an instance gone is removed from state, quietly
    assert.equal(await new Provider(TF).read('i-bp1tfgone0009'), null);
  });

  test('the same reads through the official Node SDK (@alicloud/ecs20140526, HMAC-SHA1 v2) give what the Go clients got', async () => {
    const p = new Provider(TF);
    const s = (await p.read(WEB))!;
    const ecs = ecsClient(live.port, TF, 'v2');
    const disk = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: WEB, diskType: 'system' }))).body!.disks!.disk![0]!;
    assert.deepEqual([disk.diskId, disk.category, disk.size, disk.performanceLevel], [s.system_disk_id, s.system_disk_category, s.system_disk_size, s.system_disk_performance_level]);
    const ud = (await ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: WEB }))).body!;
    assert.equal(ud.userData, s.user_data);
    const role = (await ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([WEB]) }))).body!;
    assert.equal(role.instanceRamRoleSets!.instanceRamRoleSet![0]!.ramRoleName, s.role_name);
    const eni = (await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: [s.network_interface_id as string] }))).body!;
    assert.equal(eni.networkInterfaceSets!.networkInterfaceSet![0]!.privateIpSets!.privateIpSet!.filter((x) => !x.primary).map((x) => x.privateIpAddress).join(','), s.secondary_private_ips);
    const m = (await ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, instanceId: [WEB] }))).body!;
    assert.equal(m.maintenanceAttributes!.maintenanceAttribute![0]!.actionOnMaintenance!.value, s.maintenance_action);
    const att = (await ecs.describeInstanceAttachmentAttributes(new Ecs.DescribeInstanceAttachmentAttributesRequest({ regionId: REGION, instanceIds: JSON.stringify([WEB]) }))).body!;
    assert.equal(att.instances!.instance![0]!.privatePoolOptionsMatchCriteria, s.private_pool_options_match_criteria);
  });

  test('pay-as-you-go type change: stop, ModifyInstanceSpec with its ClientToken through a lost reply and a Throttling retry, start', async () => {
    const p = new Provider(TF);
    const before = (await p.read(WEB))!;
    const config = configure(before, { instance_type: 'ecs.g6.xlarge' });
    const from = p.log.length;
    await p.changeType(WEB, before, 'ecs.g6.xlarge', { stoppedMode: 'KeepCharging', lostReply: true });
    const actions = calls(p, from);
    assert.deepEqual(actions.slice(0, 2), ['sdk-go DescribeInstances 200', 'sdk-go StopInstance 200']);
    const stop = p.log.find((x, i) => i >= from && x.action === 'StopInstance')!;
    assert.deepEqual([stop.query.ForceStop, stop.query.StoppedMode, stop.query.RegionId], ['false', 'KeepCharging', REGION]);
    const modify = p.log.filter((x, i) => i >= from && x.action === 'ModifyInstanceSpec');
    // the reply that got lost, the retry throttled (one call per 10 s), the retry after 10 s
    assert.deepEqual(modify.map((x) => x.status), [200, 400, 200]);
    const tokens = new Set(modify.map((x) => x.query.ClientToken));
    assert.equal(tokens.size, 1, 'one ClientToken across the retries');
    assert.equal([...tokens][0]!.length, 64);
    assert.match([...tokens][0]!, /^TF-ModifyInstanceSpec-\d{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{7}$/);
    assert.ok(actions.includes('sdk-go StartInstance 200'));
    assert.equal(actions.at(-1), 'sdk-go DescribeInstances 200');
    // the Read after the apply, then the second plan: nothing to change
    const after = (await p.read(WEB, before))!;
    assert.deepEqual(plan(after, config), []);
    assert.deepEqual([after.cpu, after.memory, after.cpu_options], [4, 16384, '2/2/DiscreteCoreToHyperThreads']);
    // the second plan reads back exactly what the apply's Read stored
    assert.deepEqual(await new Provider(TF).read(WEB, after), after);
  });

  test('bandwidth change of a pay-as-you-go instance: ModifyInstanceNetworkSpec (a 5xx re-sent by sdk-go), the 1 s wait, AllocatePublicIpAddress', async () => {
    const p = new Provider(TF);
    const before = (await p.read(WEB))!;
    assert.equal(before.public_ip, '');
    const from = p.log.length;
    // one failure on the way: sdk-go re-sends a 500 at once, with the same ClientToken
    await live.control('faults', { server_id: WEB, message: 'gateway hiccup' });
    await p.changeNetwork(WEB, before, { out: 10, chargeType: 'PayByBandwidth' });
    const net = p.log.filter((x, i) => i >= from && x.action === 'ModifyInstanceNetworkSpec');
    assert.deepEqual(net.map((x) => x.status), [500, 200]);
    assert.equal(net[0]!.query.ClientToken, net[1]!.query.ClientToken);
    assert.equal(net[0]!.query.ClientToken!.length, 64);
    assert.deepEqual([net[1]!.query.NetworkChargeType, net[1]!.query.InternetMaxBandwidthOut, net[1]!.query.InternetMaxBandwidthIn], ['PayByBandwidth', '10', undefined]);
    assert.deepEqual(calls(p, from).slice(-2), ['sdk-go DescribeInstances 200', 'sdk-go AllocatePublicIpAddress 200']);
    const after = (await p.read(WEB, before))!;
    assert.match(after.public_ip as string, /^47\.\d+\.\d+\.\d+$/);
    assert.deepEqual(plan(after, configure(before, { internet_max_bandwidth_out: 10, internet_charge_type: 'PayByBandwidth' })), []);
    assert.deepEqual(await new Provider(TF).read(WEB, after), after);
  });

  test('subscription type change: ModifyPrepayInstanceSpec paid at once, the type polled every 5 s while Stopped', async () => {
    const p = new Provider(TF);
    const before = (await p.read(DB))!;
    const from = p.log.length;
    await p.changeType(DB, before, 'ecs.r6.xlarge');
    // stopped_mode was not configured: the provider sends what its Read stored for a Running instance
    assert.equal(p.log.find((x, i) => i >= from && x.action === 'StopInstance')!.query.StoppedMode, 'Not-applicable');
    const mpis = p.log.find((x, i) => i >= from && x.action === 'ModifyPrepayInstanceSpec')!;
    assert.deepEqual([mpis.status, mpis.query.AutoPay, mpis.query.OperatorType, mpis.query.ClientToken, mpis.query.RegionId], [200, undefined, undefined, undefined, REGION]);
    const after = (await p.read(DB, before))!;
    assert.deepEqual(plan(after, configure(before, { instance_type: 'ecs.r6.xlarge' })), []);
    assert.deepEqual([after.cpu, after.memory], [4, 32768]);
    assert.deepEqual(await new Provider(TF).read(DB, after), after);
    const orders = (await live.control('orders')).orders as any[];
    assert.ok(orders.some((o) => o.resourceId === DB && o.status === 'completed' && o.amountCents > 0));
  });

  test('subscription bandwidth from 0 Mbit/s: an order paid at once, the public IP assigned, no AllocatePublicIpAddress', async () => {
    const p = new Provider(TF);
    const before = (await p.read(DB))!;
    const from = p.log.length;
    await p.changeNetwork(DB, before, { out: 5 });
    assert.ok(!calls(p, from).some((c) => c.includes('AllocatePublicIpAddress')));
    const after = (await p.read(DB, before))!;
    assert.match(after.public_ip as string, /^47\./);
    assert.deepEqual(plan(after, configure(before, { internet_max_bandwidth_out: 5 })), []);
    assert.deepEqual(await new Provider(TF).read(DB, after), after);
  });

  test('an account that cannot auto-pay: StopInstance retried while a console order holds the instance, the order paid through the control API', async () => {
    const p = new Provider(INVOICED);
    const before = (await p.read(BILLED))!;
    // someone ordered an upgrade in the console and has not paid: the instance is held
    const console = ecsClient(live.port, INVOICED);
    const held = await console.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: BILLED, instanceType: 'ecs.g6.2xlarge', autoPay: false }));
    const from = p.log.length;
    await p.changeType(BILLED, before, 'ecs.g6.xlarge', {
      // after three refusals the console user cancels the order; the provider's next retry stops the instance
      onStopRefused: async (n) => {
        if (n === 3) await live.control(`aliyun/orders/${held.body!.orderId}/cancel`, {});
      },
      // the provider's own order waits for payment: the second poll finds it paid in the console
      onPoll: async (n) => {
        if (n !== 1) return;
        const pending = ((await live.control('orders')).orders as any[]).filter((o) => o.resourceId === BILLED && o.status === 'pending_payment');
        assert.equal(pending.length, 1);
        assert.equal((await live.control(`aliyun/orders/${pending[0].id}/pay`, {})).status, 'completed');
      },
    });
    const stops = p.log.filter((x, i) => i >= from && x.action === 'StopInstance');
    assert.deepEqual(stops.map((x) => x.status), [403, 403, 403, 200]);
    const after = (await p.read(BILLED, before))!;
    assert.deepEqual(plan(after, configure(before, { instance_type: 'ecs.g6.xlarge' })), []);
    assert.deepEqual([after.renewal_status, after.auto_renew_period], ['AutoRenewal', 1]);
    assert.deepEqual(await new Provider(INVOICED).read(BILLED, after), after);
  });
});
