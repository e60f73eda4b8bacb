// Wire shape of an EVS disk (VolumeDetail of ShowVolume, evs_04_2016; the golangsdk cloudvolumes
// model terraform decodes into): metadata, volume_image_metadata and tags hold strings only,
// bootable and shareable are strings, size and iops numbers.
import { hex32, uuidFrom } from '../../../core/derived-ids.js';
import type { Server } from '../../../core/model/types.js';
import type { HuaweiImage } from '../shared/huawei-images.js';
import { serverOrderId, type ServerVolume } from '../shared/server-devices.js';

/** EVS times: `2026-08-01T08:10:25.117000`, microseconds and no zone. */
const evsTime = (t: number) => new Date(t).toISOString().replace('Z', '000');

/** A disk is created just before its server and attached as the server boots. */
const createdAt = (s: Server, v: ServerVolume) => s.createdAt - 5000 + v.index;
const attachedAt = (s: Server) => s.createdAt + 15_000;

function imageMetadata(s: Server, image: HuaweiImage | undefined): Record<string, string> {
  return {
    image_id: s.imageId,
    image_name: s.imageName,
    __os_type: image?.osType ?? s.osType,
    __os_version: image?.osVersion ?? s.imageName,
    __platform: image?.platform ?? '',
    __imagetype: s.imageType,
    __os_bit: image?.osBit ?? '64',
    min_disk: String(image?.minDiskGb ?? 40),
    min_ram: String(image?.minRamMb ?? 0),
    disk_format: image?.diskFormat ?? 'zvhd2',
    container_format: 'bare',
    size: String(image?.sizeBytes ?? 0),
    checksum: hex32(`image-checksum/${s.imageId}`),
  };
}

export function renderVolume(s: Server, v: ServerVolume, image: HuaweiImage | undefined, userId: string, endpoint: string) {
  const metadata: Record<string, string> = { 'hw:passthrough': String(v.passthrough), attached_mode: 'rw', readonly: 'False' };
  if (v.kmsKeyId) {
    metadata.__system__encrypted = '1';
    metadata.__system__cmkid = v.kmsKeyId;
  }
  if (s.billing === 'prepaid') {
    metadata.orderID = serverOrderId(s);
    metadata.resourceType = 'hws.resource.type.volume';
    metadata.resourceSpecCode = v.type;
  }
  const volume: Record<string, unknown> = {
    id: v.id,
    links: [
      { href: `${endpoint}/v2/${s.projectId}/volumes/${v.id}`, rel: 'self' },
      { href: `${endpoint}/${s.projectId}/volumes/${v.id}`, rel: 'bookmark' },
    ],
    name: v.name,
    status: 'in-use',
    attachments: [
      {
        server_id: s.id,
        attachment_id: uuidFrom(`attachment/${v.id}/${s.id}`),
        attached_at: evsTime(attachedAt(s)),
        host_name: null,
        volume_id: v.id,
        device: v.device,
        id: v.id,
      },
    ],
    availability_zone: s.az,
    'os-vol-host-attr:host': `pod01.${s.az}#${v.type}`,
    source_volid: null,
    snapshot_id: null,
    description: '',
    created_at: evsTime(createdAt(s, v)),
    'os-vol-tenant-attr:tenant_id': s.projectId,
    // a data disk not created from an image carries none
    volume_image_metadata: v.bootIndex === 0 ? imageMetadata(s, image) : {},
    volume_type: v.type,
    size: v.sizeGb,
    consistencygroup_id: null,
    bootable: String(v.bootIndex === 0),
    metadata,
    updated_at: evsTime(attachedAt(s)),
    encrypted: v.kmsKeyId !== null,
    replication_status: 'disabled',
    'os-volume-replication:extended_status': null,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
    shareable: 'false',
    user_id: userId,
    service_type: 'EVS',
    multiattach: false,
    dedicated_storage_id: null,
    dedicated_storage_name: null,
    tags: {},
    wwn: `688860300${hex32(`wwn/${v.id}`).slice(0, 23)}`,
    enterprise_project_id: s.enterpriseProjectId,
    serial_number: v.id.replace(/-/g, '').slice(0, 20),
  };
  // provisioned IOPS and throughput exist only for GPSSD2/ESSD2 disks
  if (v.iops !== null) volume.iops = { frozened: false, id: uuidFrom(`iops/${v.id}`), total_val: v.iops, volume_id: v.id };
  if (v.throughput !== null) volume.throughput = { frozened: false, id: uuidFrom(`throughput/${v.id}`), total_val: v.throughput, volume_id: v.id };
  return volume;
}
