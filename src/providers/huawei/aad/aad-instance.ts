// An Advanced Anti-DDoS (AAD) instance as specshift keeps it: one world document per instance.
// AAD has no other provider's concepts (projects, flavors, jobs), so it lives beside the core model.

/** The store's world-document kind for AAD instances. */
export const AAD_INSTANCE_DOC = 'aad-instance';

/** Protection region, as CreateInstance names it (`resource_region`). */
export type AadRegion = 'north_china' | 'east_china' | 'asia_pacific';

/** Website instances protect domain names; IP-access instances protect ports of fixed IPs. */
export type AadAccessType = 'website' | 'ip';

/** The state an instance was declared in; an instance also counts as expired once its expiry passes. */
export type AadDeclaredStatus = 'normal' | 'expired' | 'frozen';

/** 0 = off, 2 = daily 95th percentile (creation in asia_pacific only), 3 = monthly 95th percentile. */
export type ElasticServiceBandwidthType = 0 | 2 | 3;

/** Everything UpgradeInstanceSpec can change. Protection bandwidths in Gbit/s, service bandwidths in Mbit/s. */
export interface AadSpec {
  basicBandwidth: number;
  elasticBandwidth: number;
  serviceBandwidth: number;
  portNum: number;
  bindDomainNum: number;
  elasticServiceBandwidthType: ElasticServiceBandwidthType;
  elasticServiceBandwidth: number;
  basicQps: number;
}

export interface AadIp {
  id: string;
  ip: string;
  /** the line, e.g. BGP */
  isp: string;
}

/** A domain name a website instance protects (ListInstanceDomains). */
export interface AadDomain {
  id: string;
  name: string;
  /** the CNAME the customer points the domain at */
  cname: string;
  /** a frozen instance's domains read frozen whatever this says */
  status: 'normal' | 'frozen';
  protocols: ('HTTP' | 'HTTPS')[];
  /** the uploaded certificate's name; '' when none was uploaded */
  certName: string;
  /** the origin: IP addresses or a domain name */
  realServerType: 'ip' | 'domain';
  realServers: string[];
  ccProtection: boolean;
  wafProtection: boolean;
}

export interface AadInstance {
  id: string;
  accountId: string;
  name: string;
  region: AadRegion;
  accessType: AadAccessType;
  status: AadDeclaredStatus;
  /** end of the paid period (ms) */
  expiresAt: number;
  createdAt: number;
  enterpriseProjectId: string;
  /** seed 003: QPS can be changed through the API only after it was enabled once in the console */
  qpsEnabled: boolean;
  spec: AadSpec;
  ips: AadIp[];
  tags: string[];
  /** website instances: the protected domains as the world declared them; absent = generated (aad-domains.ts) */
  domains?: AadDomain[];
  /** when a paid change last applied (ms); absent = never since creation */
  updatedAt?: number;
}

export const sameSpec = (a: AadSpec, b: AadSpec): boolean =>
  (Object.keys(a) as (keyof AadSpec)[]).every((k) => a[k] === b[k]);
