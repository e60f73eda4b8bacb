// Wire shapes of the Huawei ECS replies (Data Structure for Querying Details About ECSs, ecs_05_0002;
// ShowJob, ecs_02_0901; flavor structures, ecs_05_0003).
import type { Flavor, Job, Server } from '../../../core/model/types.js';
import { powerState, serverStatus } from './rules/server-status.js';
import { uuidFrom } from '../../../core/derived-ids.js';
import { BoundedMemo } from '../../../core/bounded-memo.js';
import type { ExpectField } from './operations/server-operations.js';
import { serverHostname, serverNics, serverOrderId, serverSecurityGroups, serverVolumes, serverVpcId, type ServerVolume } from '../shared/server-devices.js';

const userIdOf = (s: Server): string => uuidFrom(`user/${s.accountId}`).replace(/-/g, '');

/** `2019-05-22T03:30:52Z`: server timestamps carry no milliseconds. */
function isoSeconds(t: number): string {
  const iso = new Date(t).toISOString();
  // YYYY-MM-DDTHH:mm:ss.sssZ cut (a regular expression cost a server's render ~1 us); years past 9999 are longer
  return iso.length === 24 ? iso.slice(0, 19) + 'Z' : iso.replace(/\.\d{3}Z$/, 'Z');
}
/**
 * Job timestamps carry milliseconds: `2016-04-25T20:04:34.604Z`. Remembered per time (a bounded
 * memo, cleared when full): an SDK's waiter asks for the same job again and again, and the
 * formatting is ~0.6 µs of a ShowJob a time.
 */
const isoMemo = new BoundedMemo<number, string>(1024);
const toIso = (t: number): string => new Date(t).toISOString();
const isoMillis = (t: number): string => isoMemo.get(t, toIso);

/** The server's metadata, every value a string (terraform decodes it into a struct of strings). */
export function serverMetadata(s: Server): Record<string, string> {
  const metadata: Record<string, string> = {
    charging_mode: s.spot ? '2' : s.billing === 'prepaid' ? '1' : '0',
    'metering.image_id': s.imageId,
    'metering.imagetype': s.imageType,
    'metering.resourcespeccode': `${s.flavorId}.${s.osType.toLowerCase()}`,
    'metering.resourcetype': '1',
    image_name: s.imageName,
    os_type: s.osType,
    os_bit: '64',
    vpc_id: serverVpcId(s),
    EcmResStatus: s.frozen ? 'freeze' : 'normal',
  };
  if (s.billing === 'prepaid') {
    metadata['metering.order_id'] = serverOrderId(s);
    metadata['metering.product_id'] = `00301-${s.flavorId}`;
  }
  return metadata;
}


export function renderServer(s: Server, flavor: Flavor | undefined, endpoint: string) {
  const status = serverStatus(s.vmState, s.taskState);
  const metadata = serverMetadata(s);
  const volumes = serverVolumes(s);
  return {
    id: s.id,
    name: s.name,
    status,
    created: isoSeconds(s.createdAt),
    updated: isoSeconds(s.updatedAt),
    auto_terminate_time: '',
    flavor: {
      id: s.flavorId,
      name: s.flavorId,
      vcpus: String(flavor?.vcpus ?? 0),
      ram: String(flavor?.ramMb ?? 0),
      disk: '0',
      gpus: [],
      asic_accelerators: [],
    },
    image: { id: s.imageId },
    addresses: renderAddresses(s),
    key_name: null,
    hostId: uuidFrom(`host/${s.az}`).replace(/-/g, ''),
    host_status: 'UP',
    progress: 0,
    accessIPv4: '',
    accessIPv6: '',
    config_drive: '',
    description: '',
    tenant_id: s.projectId,
    user_id: userIdOf(s),
    metadata,
    tags: Object.entries(s.tags).map(([k, v]) => `${k}=${v}`),
    sys_tags: [{ key: '_sys_enterprise_project_id', value: s.enterpriseProjectId }],
    enterprise_project_id: s.enterpriseProjectId,
    locked: s.locked,
    security_groups: serverSecurityGroups(s).map((g) => ({ name: g.name, id: g.id })),
    // bootIndex and delete_on_termination are strings here (numbers in block_device)
    'os-extended-volumes:volumes_attached': volumes.map((v) => ({ id: v.id, delete_on_termination: String(v.deleteOnTermination), bootIndex: String(v.bootIndex), device: v.device })),
    'os:scheduler_hints': s.dedicatedHostId ? { tenancy: ['dedicated'], dedicated_host_id: [s.dedicatedHostId] } : {},
    cpu_options: s.cpuThreads ? { 'hw:cpu_threads': s.cpuThreads } : {},
    hypervisor: { hypervisor_type: 'kvm', csd_hypervisor: '' },
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': s.az,
    'OS-EXT-STS:vm_state': s.vmState,
    'OS-EXT-STS:task_state': s.taskState,
    'OS-EXT-STS:power_state': powerState(s.vmState),
    'OS-SRV-USG:launched_at': isoSeconds(s.createdAt).replace('Z', '.000000'),
    'OS-SRV-USG:terminated_at': '',
    'OS-EXT-SRV-ATTR:hostname': serverHostname(s),
    'OS-EXT-SRV-ATTR:instance_name': `instance-${s.id.slice(0, 8)}`,
    'OS-EXT-SRV-ATTR:host': uuidFrom(`host/${s.az}`).slice(0, 8),
    'OS-EXT-SRV-ATTR:hypervisor_hostname': uuidFrom(`hv/${s.az}`).replace(/-/g, ''),
    'OS-EXT-SRV-ATTR:reservation_id': `r-${s.id.slice(0, 8)}`,
    'OS-EXT-SRV-ATTR:launch_index': 0,
    'OS-EXT-SRV-ATTR:kernel_id': '',
    'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': volumes[0]!.device,
    'OS-EXT-SRV-ATTR:user_data': '',
    links: [{ rel: 'self', href: `${endpoint}/v1/${s.projectId}/cloudservers/${s.id}` }],
  };
}

/** The server's addresses, keyed by its VPC id (= metadata.vpc_id): one fixed entry per NIC, the primary marked. */
export function renderAddresses(s: Server) {
  return {
    [serverVpcId(s)]: serverNics(s).map((n) => ({
      version: '4',
      addr: n.ip,
      'OS-EXT-IPS-MAC:mac_addr': n.mac,
      'OS-EXT-IPS:type': 'fixed',
      'OS-EXT-IPS:port_id': n.portId,
      primary: n.primary,
    })),
  };
}

/** ServerBlockDevice (ShowServerBlockDevice, ListServerBlockDevices): bootIndex and size are numbers. */
export const renderBlockDevice = (s: Server, v: ServerVolume) => ({
  serverId: s.id,
  volumeId: v.id,
  id: v.id,
  device: v.device,
  pciAddress: v.pciAddress,
  size: v.sizeGb,
  bootIndex: v.bootIndex,
  bus: v.bus,
});

/** attachableQuantity: decision (docs/huawei-ecs.md): 24 disks a server, by bus. */
export function renderAttachableQuantity(volumes: readonly ServerVolume[]) {
  const scsi = volumes.filter((v) => v.bus === 'scsi').length;
  return { free_scsi: 24 - scsi, free_blk: 24 - (volumes.length - scsi), free_disk: 24 - volumes.length };
}

/**
 * A server as the v1.1 list gives it (the SDK's CloudServer): the default fields always, the optional
 * ones only when expect-fields names them.
 */
export function renderCloudServer(s: Server, flavor: Flavor | undefined, fields: ReadonlySet<ExpectField>) {
  const out: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status: serverStatus(s.vmState, s.taskState),
    tenant_id: s.projectId,
    user_id: userIdOf(s),
    availability_zone: s.az,
    vm_state: s.vmState,
    task_state: s.taskState ?? '',
    created: isoSeconds(s.createdAt),
    updated: isoSeconds(s.updatedAt),
    in_recycle_bin: false,
    spod_id: '',
    // the v1.1 flavor sizes are numbers (FlavorQuasar), not v1's strings
    flavor: { id: s.flavorId, name: s.flavorId, vcpus: flavor?.vcpus ?? 0, ram: flavor?.ramMb ?? 0, disk: 0, gpus: [], asic_accelerators: [] },
    fault: null,
  };
  const want = (f: ExpectField) => fields.has(f);
  if (want('market_info')) {
    const charge = s.spot ? 'spot' : s.billing;
    out.market_info = charge === 'prepaid' && s.expiresAt !== null ? { charge_mode: charge, prepaid_info: { expired_time: isoSeconds(s.expiresAt) } } : { charge_mode: charge };
  }
  if (want('power_state')) out.power_state = powerState(s.vmState);
  if (want('launched_at')) out.launched_at = isoSeconds(s.createdAt);
  if (want('description')) out.description = '';
  if (want('key_name')) out.key_name = '';
  if (want('locked')) out.locked = s.locked;
  if (want('root_device_name')) out.root_device_name = serverVolumes(s)[0]!.device;
  if (want('tenancy')) out.tenancy = s.dedicatedHostId ? 'dedicated' : 'shared';
  if (want('dedicated_host_id') && s.dedicatedHostId) out.dedicated_host_id = s.dedicatedHostId;
  if (want('enterprise_project_id')) out.enterprise_project_id = s.enterpriseProjectId;
  if (want('metadata')) out.metadata = serverMetadata(s);
  if (want('tags')) out.tags = Object.entries(s.tags).map(([k, v]) => `${k}=${v}`);
  if (want('addresses')) out.addresses = renderAddresses(s);
  if (want('security_groups')) out.security_groups = serverSecurityGroups(s).map((g) => ({ name: g.name, id: g.id }));
  if (want('volumes_attached')) {
    // v1.1: delete_on_termination a boolean, bootIndex still a string, size a number
    out.volumes_attached = serverVolumes(s).map((v) => ({ id: v.id, delete_on_termination: v.deleteOnTermination, device: v.device, bootIndex: String(v.bootIndex), size: v.sizeGb }));
  }
  if (want('image')) out.image = { id: s.imageId };
  if (want('cpu_options')) out.cpu_options = s.cpuThreads ? { 'hw:cpu_threads': s.cpuThreads } : {};
  return out;
}

export function renderJob(job: Job, children: readonly Job[]) {
  const entities: Record<string, unknown> = {};
  if (job.serverId) entities.server_id = job.serverId;
  if (job.childCount > 0) {
    entities.sub_jobs_total = job.childCount;
    entities.sub_jobs = children.map((c) => ({
      job_id: c.id,
      job_type: c.type,
      status: c.status,
      begin_time: isoMillis(c.beginAt ?? c.createdAt),
      end_time: c.endAt ? isoMillis(c.endAt) : '',
      error_code: c.errorCode,
      fail_reason: c.failReason,
      entities: { server_id: c.serverId, ...(c.status === 'FAIL' ? { errorcode_message: c.failReason } : {}) },
    }));
  }
  return {
    job_id: job.id,
    job_type: job.type,
    status: job.status,
    begin_time: isoMillis(job.beginAt ?? job.createdAt),
    end_time: job.endAt ? isoMillis(job.endAt) : '',
    error_code: job.errorCode,
    fail_reason: job.failReason,
    entities,
  };
}

function flavorBase(f: Flavor, endpoint: string, projectId: string) {
  return {
    id: f.id,
    name: f.id,
    vcpus: String(f.vcpus),
    ram: f.ramMb,
    disk: '0',
    swap: '',
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    rxtx_factor: 1,
    rxtx_quota: null,
    rxtx_cap: null,
    'os-flavor-access:is_public': true,
    links: [
      { rel: 'self', href: `${endpoint}/v1/${projectId}/flavors/${f.id}`, type: null },
      { rel: 'bookmark', href: `${endpoint}/${projectId}/flavors/${f.id}`, type: null },
    ],
  };
}

const specs = (f: Flavor) => ({ 'cond:operation:status': 'normal', ...f.extraSpecs });

/** resize_flavors items carry `extra_specs` and `instance_quota`. */
export const renderResizeFlavor = (f: Flavor, endpoint: string, projectId: string) => ({
  ...flavorBase(f, endpoint, projectId),
  extra_specs: specs(f),
  instance_quota: {},
});

/** ListFlavors items carry `os_extra_specs` and `attachableQuantity`. */
export const renderFlavor = (f: Flavor, endpoint: string, projectId: string) => ({
  ...flavorBase(f, endpoint, projectId),
  os_extra_specs: specs(f),
  attachableQuantity: { free_scsi: 59, free_blk: 23, free_disk: 59, free_nic: Number(f.extraSpecs['quota:vif_max_num'] ?? 2) - 1 },
});
