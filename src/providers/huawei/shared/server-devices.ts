// A Huawei server's disks (EVS volumes) and NICs (VPC ports): one source of truth for ECS (the
// server's addresses, volumes_attached, block_device), EVS (ShowVolume) and VPC (ShowPort,
// ListPorts). What a world declared is stored resolved on the server (Server.huawei); everything
// else is derived from the server record, so a generated world of a million servers stores no
// row per disk or port.
//
// Derived device ids are the server id XOR a fixed mask per kind and index (the uuid's version and
// variant nibbles kept): a volume or port id leads back to its server without an index, by trying
// each index. Ids a world declares explicitly are indexed in world documents instead.
import { hex32, uuidFrom } from '../../../core/derived-ids.js';
import type { StoreReads } from '../../../core/model/store.js';
import type { HuaweiNicSpec, HuaweiVolumeSpec, Server } from '../../../core/model/types.js';
import { serverIp } from './server-ip.js';

export type StoreReadsLike = Pick<StoreReads, 'getServer' | 'findWorldDoc'>;

/** EVS: a server holds at most 24 disks (1 system + 23 data, KVM); ECS: at most 12 NICs. */
export const MAX_VOLUMES = 24;
export const MAX_NICS = 12;

export type DeviceKind = 'volume' | 'port';

/** The world document kind indexing device ids a world declared explicitly: id -> { serverId }. */
export const DEVICE_INDEX_DOC = 'huawei.device';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (s: string): boolean => UUID.test(s);

const masks: Record<DeviceKind, number[][]> = { volume: [], port: [] };

function mask(kind: DeviceKind, k: number): number[] {
  let m = masks[kind][k];
  if (!m) {
    const h = hex32(`huawei-device/${kind}/${k}`);
    // nibble 12 is the uuid version, nibble 16 the variant: xor-ing zero keeps the server's
    m = [...h].map((c, i) => (i === 12 || i === 16 ? 0 : parseInt(c, 16)));
    masks[kind][k] = m;
  }
  return m;
}

/** the value of a lower-case hex digit by its character code (0 for anything else) */
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
const HEX_CODE = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
/** room for one uuid (36 characters), reused: a render derives several ids */
const uuidBytes = Buffer.alloc(36);

/** `id` (a lower-case uuid) with each hex digit xor-ed with the mask's next nibble, the dashes kept. */
function xorUuid(id: string, m: number[]): string {
  let n = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    uuidBytes[i] = c === 45 ? 45 : HEX_CODE[HEX_VALUE[c]! ^ m[n++]!]!;
  }
  return uuidBytes.toString('latin1', 0, 36);
}

/** The derived id of a server's k-th volume or port. */
export function deviceId(serverId: string, kind: DeviceKind, k: number): string {
  const id = serverId.toLowerCase();
  return isUuid(id) ? xorUuid(id, mask(kind, k)) : uuidFrom(`${kind}/${serverId}/${k}`);
}

/** The server ids a derived device id may belong to, by index: [serverId, k]. */
export function deviceOwnerCandidates(id: string, kind: DeviceKind): [string, number][] {
  const lower = id.toLowerCase();
  if (!isUuid(lower)) return [];
  const n = kind === 'volume' ? MAX_VOLUMES : MAX_NICS;
  const out: [string, number][] = [];
  for (let k = 0; k < n; k++) out.push([xorUuid(lower, mask(kind, k)), k]);
  return out;
}

// ---- networks: one VPC, subnet and default security group per project unless declared

export const projectVpcId = (projectId: string): string => uuidFrom(`vpc/${projectId}`);
export const projectSubnetId = (projectId: string): string => uuidFrom(`subnet/${projectId}`);
export const neutronSubnetIdOf = (subnetId: string): string => uuidFrom(`neutron-subnet/${subnetId}`);

/** A security group of a project by name; "default" keeps the id every server had before NICs were declarable. */
export const securityGroupOf = (projectId: string, name: string): { id: string; name: string } => ({
  id: name === 'default' ? uuidFrom(`sg/${projectId}`) : uuidFrom(`sg/${projectId}/${name}`),
  name,
});

/** fa:16:3e (OpenStack's prefix) and the last three bytes of the port id. */
export const macFor = (portId: string): string => `fa:16:3e:${portId.slice(-6, -4)}:${portId.slice(-4, -2)}:${portId.slice(-2)}`;

export interface ServerNic extends HuaweiNicSpec {
  primary: boolean;
  index: number;
}

export function defaultNic(s: Pick<Server, 'id' | 'projectId'>): HuaweiNicSpec {
  const portId = deviceId(s.id, 'port', 0);
  const subnetId = projectSubnetId(s.projectId);
  return {
    portId,
    subnetId,
    neutronSubnetId: neutronSubnetIdOf(subnetId),
    ip: serverIp(s.id),
    mac: macFor(portId),
    securityGroups: [securityGroupOf(s.projectId, 'default')],
    allowedAddressPairs: [],
  };
}

/** The server's NICs, primary first. */
export function serverNics(s: Server): ServerNic[] {
  const nics = s.huawei?.nics ?? [defaultNic(s)];
  // Object.assign, not { ...n, primary, index }: on node 20 a spread followed by keys the source
  // lacks builds a new hidden class per call (~1.3 us a key; bench/README.md, twelfth pass)
  return nics.map((n, index) => Object.assign({}, n, { primary: index === 0, index }));
}

export const serverVpcId = (s: Server): string => s.huawei?.vpcId ?? projectVpcId(s.projectId);

/** Every security group of the server's NICs, once each, in NIC order. */
export function serverSecurityGroups(s: Server): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const n of serverNics(s)) for (const g of n.securityGroups) if (!seen.has(g.id)) seen.set(g.id, g);
  return [...seen.values()];
}

// ---- disks

export const DEFAULT_SYSTEM_DISK_TYPE = 'GPSSD';
export const DEFAULT_SYSTEM_DISK_GB = 40;

/** /dev/vda, /dev/vdb, ... (SCSI disks /dev/sda, ...) */
export const deviceName = (k: number, scsi = false): string => `/dev/${scsi ? 'sd' : 'vd'}${String.fromCharCode(97 + k)}`;

export interface ServerVolume extends HuaweiVolumeSpec {
  /** 0 for the system disk, -1 for data disks */
  bootIndex: number;
  index: number;
  bus: 'virtio' | 'scsi';
  pciAddress: string;
}

export function defaultSystemVolume(s: Pick<Server, 'id' | 'name'>, sizeGb = DEFAULT_SYSTEM_DISK_GB): HuaweiVolumeSpec {
  return {
    id: deviceId(s.id, 'volume', 0),
    name: `${s.name}-volume-0000`,
    sizeGb,
    type: DEFAULT_SYSTEM_DISK_TYPE,
    device: deviceName(0),
    deleteOnTermination: true,
    passthrough: false,
    kmsKeyId: null,
    iops: null,
    throughput: null,
  };
}

/** The server's disks, system disk first. */
export function serverVolumes(s: Server): ServerVolume[] {
  const vols = s.huawei?.volumes ?? [defaultSystemVolume(s)];
  // Object.assign: see serverNics
  return vols.map((v, index) =>
    Object.assign({}, v, {
      index,
      bootIndex: index === 0 ? 0 : -1,
      bus: v.passthrough ? ('scsi' as const) : ('virtio' as const),
      pciAddress: `0000:02:${(index + 1).toString(16).padStart(2, '0')}.0`,
    }),
  );
}

/** The server's host name (OS-EXT-SRV-ATTR:hostname, its primary port's dns_name): the name, DNS-safe. */
export const serverHostname = (s: Pick<Server, 'name'>): string => s.name.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);

/** The order a yearly/monthly server was bought with: ECS metering.order_id, its disks' metadata.orderID. */
export const serverOrderId = (s: Pick<Server, 'id'>): string => `CS${s.id.replace(/-/g, '').slice(0, 15).toUpperCase()}`;

/** ShowServerAutoRecovery's answer when the world declared none (the service default: on). */
export const autoRecoveryOf = (s: Server): boolean => s.huawei?.autoRecovery ?? true;

/**
 * The Huawei server that has a volume or port with this id, and its index, or undefined. Explicitly
 * declared ids are looked up in the index; derived ones are tried index by index.
 */
export async function findDeviceOwner(reads: StoreReadsLike, kind: DeviceKind, rawId: string): Promise<{ server: Server; index: number } | undefined> {
  const id = rawId.toLowerCase();
  if (!isUuid(id)) return undefined;
  const match = (s: Server | undefined) => {
    if (s?.cloud !== 'huawei') return undefined;
    const list = kind === 'volume' ? serverVolumes(s).map((v) => v.id) : serverNics(s).map((n) => n.portId);
    const index = list.indexOf(id);
    return index < 0 ? undefined : { server: s, index };
  };
  const indexed = (await reads.findWorldDoc(DEVICE_INDEX_DOC, `${kind}/${id}`)) as { serverId: string } | undefined;
  if (indexed) {
    const hit = match(await reads.getServer(indexed.serverId));
    if (hit) return hit;
  }
  for (const [serverId] of deviceOwnerCandidates(id, kind)) {
    const hit = match(await reads.getServer(serverId));
    if (hit) return hit;
  }
  return undefined;
}
