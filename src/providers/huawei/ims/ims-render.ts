// Wire shape of an image (ImageInfo of ListImages, ims_03_0702; the golangsdk model terraform
// decodes into): every __ attribute a string, min_disk/min_ram/size numbers, created_at with a Z.
import { hex32 } from '../../../core/derived-ids.js';
import type { HuaweiImage } from '../shared/huawei-images.js';

const isoSeconds = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function renderImage(i: HuaweiImage) {
  const isPublic = i.visibility === 'public';
  return {
    id: i.id,
    name: i.name,
    status: 'active',
    visibility: i.visibility,
    __os_type: i.osType,
    __platform: i.platform,
    __os_version: i.osVersion,
    __os_bit: i.osBit,
    __imagetype: i.imageType,
    __isregistered: 'true',
    __image_source_type: 'uds',
    __image_size: String(i.sizeBytes),
    __data_origin: isPublic ? '' : `instance,${hex32(`origin/${i.id}`).slice(0, 8)}`,
    __description: '',
    __originalimagename: '',
    __support_kvm: 'true',
    __support_xen: 'false',
    __support_arm: String(i.architecture === 'arm'),
    __support_amd: 'false',
    __support_agent_list: 'hss,ces',
    __os_feature_list: '',
    __lazyloading: 'true',
    __root_origin: '',
    __sequence_num: '',
    __is_offshelved: 'false',
    __account_code: '',
    ...(i.imageType === 'market' ? { __productcode: hex32(`product/${i.id}`).slice(0, 32) } : {}),
    __system_support_market: i.imageType === 'market',
    min_disk: i.minDiskGb,
    min_ram: i.minRamMb,
    max_ram: '',
    protected: isPublic,
    disk_format: i.diskFormat,
    container_format: 'bare',
    virtual_env_type: 'FusionCompute',
    hw_firmware_type: i.firmware,
    hw_vif_multiqueue_enabled: 'true',
    owner: i.owner,
    tags: [],
    file: `/v2/images/${i.id}/file`,
    self: `/v2/images/${i.id}`,
    schema: '/v2/schemas/image',
    checksum: hex32(`image-checksum/${i.id}`),
    size: 0,
    virtual_size: 0,
    enterprise_project_id: i.enterpriseProjectId,
    created_at: isoSeconds(i.createdAt),
    updated_at: isoSeconds(i.createdAt + 60_000),
    active_at: isoSeconds(i.createdAt + 60_000),
  };
}
