// AAD instances in the shapes of the read-back calls (reference sections 4 and 5). Bandwidths are
// integers here, unlike the strings of the upgrade body. Fields whose real values are undocumented
// (version, spec codes, freeze types, status codes) carry the placeholders listed in docs/aad.md.
import { uuidFrom } from '../../../core/derived-ids.js';
import type { AadInstance } from './aad-instance.js';
import { statusAt, type AadStatus } from './aad-upgrade-rules.js';

const seconds = (ms: number) => Math.floor(ms / 1000);
const overseasType = (i: AadInstance) => (i.region === 'asia_pacific' ? 1 : 0);
const accessTypeCode = (i: AadInstance) => (i.accessType === 'website' ? '0' : '1');

/** What BSS and the detail call the instance's main resource: its type, spec code and product. */
export const MAIN_RESOURCE_TYPE = 'hws.resource.type.aad';
export const specCodeOf = (i: AadInstance) => `aad.${i.accessType}.${i.region}`;
export const productIdOf = (i: AadInstance) => `OFFI${uuidFrom(`aad-offer/${i.region}/${i.accessType}`).replace(/-/g, '').slice(0, 24)}`;

/** v1 ListInstance `instance_status`: 0 is normal (doc example); the other codes are specshift's. */
const INSTANCE_STATUS: Record<AadStatus, number> = { normal: 0, frozen: 1, expired: 2 };

/** GET /v2/aad/instances/{instance_id}: no instance_id and no QPS in the reply; times in epoch seconds. */
export function renderInstanceDetail(i: AadInstance, now: number) {
  const status = statusAt(i, now);
  const s = i.spec;
  return {
    instance_name: i.name,
    enterprise_project_id: i.enterpriseProjectId,
    version: 'v2',
    expire_time: seconds(i.expiresAt),
    create_time: seconds(i.createdAt),
    current_time: seconds(now),
    product_spec_data: {
      product_uuid: uuidFrom(`aad-product/${i.region}/${i.accessType}`),
      isp_spec: 'BGP',
      data_center: i.region,
      spec_type: i.accessType === 'website' ? 0 : 1,
      basic_bandwidth: s.basicBandwidth,
      elastic_bandwidth: s.elasticBandwidth,
      service_bandwidth: s.serviceBandwidth,
      port_num: s.portNum,
      bind_domain_num: s.bindDomainNum,
      elastic_service_bandwidth: s.elasticServiceBandwidth,
      elastic_service_bandwidth_type: s.elasticServiceBandwidthType,
      main_resource_type: MAIN_RESOURCE_TYPE,
      main_resource_spec_code: specCodeOf(i),
      main_resource_product_id: productIdOf(i),
    },
    instance_config: { tags: i.tags, freeze_type: status === 'frozen' ? [1] : [] },
    elastic_service_bw_update_enable: status === 'normal',
  };
}

/** GET /v1/aad/instances (SDK v1 ListInstance): per-IP protection bandwidths; expiry in epoch milliseconds (doc example). */
export function renderInstanceListV1(instances: AadInstance[], now: number) {
  return {
    count: instances.length,
    items: instances.map((i) => ({
      instance_id: i.id,
      instance_name: i.name,
      ips: i.ips.map((ip) => ({ ip_id: ip.id, ip: ip.ip, basic_bandwidth: i.spec.basicBandwidth, elastic_bandwidth: i.spec.elasticBandwidth, ip_status: 0 })),
      expire_time: i.expiresAt,
      service_bandwidth: i.spec.serviceBandwidth,
      instance_status: INSTANCE_STATUS[statusAt(i, now)],
      enterprise_project_id: i.enterpriseProjectId,
      overseas_type: overseasType(i),
    })),
  };
}

/** GET /v2/aad/instances (ListInstanceV2): no spec numbers at all. */
export function renderInstanceListV2(instances: AadInstance[]) {
  return {
    items: instances.map((i) => ({
      instance_id: i.id,
      instance_name: i.name,
      enterprise_project_id: i.enterpriseProjectId,
      instance_access_type: accessTypeCode(i),
      pp_support: 0,
      pp_enable: 0,
      overseas_type: overseasType(i),
      vips: i.ips.map((ip) => ({ ip: ip.ip, isp: ip.isp })),
    })),
  };
}

export const accessTypeOfCode = (code: string): AadInstance['accessType'] | undefined => (code === '0' ? 'website' : code === '1' ? 'ip' : undefined);
