// The "aad" section of a world file: AAD instances with their specs, state and owner. The JSON Schema
// (schema/world.schema.json, property "aad") has already checked types; this checks what a schema
// cannot (owners, unique ids, tiers on sale, consistent specs) and stores one document per instance.
import { uuidFrom } from '../../../core/derived-ids.js';
import { WorldError, type WorldSectionLoader } from '../../../core/world-section.js';
import { cnameOf, domainIdOf } from './aad-domains.js';
import { AAD_INSTANCE_DOC, type AadAccessType, type AadDeclaredStatus, type AadDomain, type AadInstance, type AadRegion, type AadSpec, type ElasticServiceBandwidthType } from './aad-instance.js';
import { shippedAadPrices } from './aad-pricing.js';

interface WorldAadInstance {
  id: string;
  name: string;
  account: string;
  region?: AadRegion;
  access_type?: AadAccessType;
  status?: AadDeclaredStatus;
  expires_at?: string;
  expires_in_days?: number;
  created_at?: string;
  enterprise_project_id?: string;
  basic_bandwidth?: number;
  elastic_bandwidth?: number;
  service_bandwidth?: number;
  port_num?: number;
  bind_domain_num?: number;
  elastic_service_bandwidth_type?: ElasticServiceBandwidthType;
  elastic_service_bandwidth?: number;
  basic_qps?: number;
  qps_enabled?: boolean;
  ips?: { ip: string; id?: string; isp?: string }[];
  tags?: string[];
  domains?: WorldAadDomain[];
}

interface WorldAadDomain {
  name: string;
  id?: string;
  real_servers: string[];
  real_server_type?: 'ip' | 'domain';
  protocols?: ('HTTP' | 'HTTPS')[];
  cert_name?: string;
  cc_protection?: boolean;
  waf_protection?: boolean;
  status?: 'normal' | 'frozen';
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function buildDomain(instanceId: string, d: WorldAadDomain): AadDomain {
  return {
    id: d.id ?? domainIdOf(instanceId, d.name),
    name: d.name,
    cname: cnameOf(instanceId, d.name),
    status: d.status ?? 'normal',
    protocols: d.protocols ?? ['HTTP'],
    certName: d.cert_name ?? '',
    // an origin of IP addresses unless it names a host
    realServerType: d.real_server_type ?? (d.real_servers.every((x) => IPV4.test(x)) ? 'ip' : 'domain'),
    realServers: d.real_servers,
    ccProtection: d.cc_protection ?? true,
    wafProtection: d.waf_protection ?? false,
  };
}

const DAY = 24 * 3600 * 1000;

function buildInstance(w: WorldAadInstance, accountId: string, now: number): AadInstance {
  const region = w.region ?? 'north_china';
  const mainland = region !== 'asia_pacific';
  const status = w.status ?? 'normal';
  const basicQps = w.basic_qps ?? 0;
  const spec: AadSpec = {
    basicBandwidth: w.basic_bandwidth ?? (mainland ? 10 : 0),
    elasticBandwidth: w.elastic_bandwidth ?? w.basic_bandwidth ?? (mainland ? 10 : 0),
    serviceBandwidth: w.service_bandwidth ?? 100,
    portNum: w.port_num ?? (mainland ? 50 : 5),
    bindDomainNum: w.bind_domain_num ?? (mainland ? 50 : 10),
    elasticServiceBandwidthType: w.elastic_service_bandwidth_type ?? 0,
    elasticServiceBandwidth: w.elastic_service_bandwidth ?? 0,
    basicQps,
  };
  // a declared expiry wins; otherwise a relative one, so a shipped world never goes stale
  const expiresAt =
    w.expires_at !== undefined ? Date.parse(w.expires_at) : w.expires_in_days !== undefined ? now + w.expires_in_days * DAY : status === 'expired' ? now - DAY : now + 365 * DAY;
  return {
    id: w.id,
    accountId,
    name: w.name,
    region,
    accessType: w.access_type ?? 'website',
    status,
    expiresAt,
    createdAt: w.created_at !== undefined ? Date.parse(w.created_at) : now - 30 * DAY,
    enterpriseProjectId: w.enterprise_project_id ?? '0',
    qpsEnabled: w.qps_enabled ?? basicQps > 0,
    spec,
    ips: (w.ips ?? []).map((x) => ({ id: x.id ?? uuidFrom(`aad-ip/${w.id}/${x.ip}`), ip: x.ip, isp: x.isp ?? 'BGP' })),
    tags: w.tags ?? [],
    ...(w.domains !== undefined ? { domains: w.domains.map((d) => buildDomain(w.id, d)) } : {}),
  };
}

function checkConsistent(i: AadInstance): void {
  const what = `world file: aad instance ${i.id}`;
  const prices = shippedAadPrices();
  const mainland = i.region !== 'asia_pacific';
  const { basicBandwidth: basic, elasticBandwidth: elastic } = i.spec;
  if (mainland) {
    if (!prices.basicBandwidth.has(basic)) throw new WorldError(`${what}: basic_bandwidth ${basic} is not a tier of data/aad-prices.json`);
    if (!prices.elasticBandwidth.has(elastic)) throw new WorldError(`${what}: elastic_bandwidth ${elastic} is not a tier of data/aad-prices.json`);
    if (elastic < basic) throw new WorldError(`${what}: elastic_bandwidth may not be lower than basic_bandwidth`);
  } else if (basic !== 0 || elastic !== 0) {
    throw new WorldError(`${what}: asia_pacific instances have no basic or elastic protection bandwidth`);
  }
  if (i.spec.elasticServiceBandwidthType === 0 && i.spec.elasticServiceBandwidth !== 0) {
    throw new WorldError(`${what}: elastic_service_bandwidth needs elastic_service_bandwidth_type 2 or 3`);
  }
  if (i.spec.basicQps > 0 && !i.qpsEnabled) throw new WorldError(`${what}: basic_qps is set but qps_enabled is false`);
  if (Number.isNaN(i.expiresAt) || Number.isNaN(i.createdAt)) throw new WorldError(`${what}: expires_at or created_at is not a valid time`);
  if (i.domains !== undefined) {
    if (i.accessType !== 'website') throw new WorldError(`${what}: only website instances protect domain names; an IP-access instance declares none`);
    if (i.domains.length > i.spec.bindDomainNum) throw new WorldError(`${what}: ${i.domains.length} domains declared but bind_domain_num is ${i.spec.bindDomainNum}`);
    const names = new Set<string>();
    for (const d of i.domains) {
      if (names.has(d.name.toLowerCase())) throw new WorldError(`${what}: domain ${d.name} is declared twice`);
      names.add(d.name.toLowerCase());
      if (d.realServerType === 'ip' && !d.realServers.every((x) => IPV4.test(x) && x.split('.').every((o) => Number(o) <= 255))) {
        throw new WorldError(`${what}: domain ${d.name} has real_server_type ip but an origin that is not an IPv4 address`);
      }
    }
  }
}

export const aadWorldSection: WorldSectionLoader = {
  key: 'aad',
  async load(section, ctx, tx) {
    const seen = new Set<string>();
    for (const w of (section.instances ?? []) as WorldAadInstance[]) {
      if (seen.has(w.id)) throw new WorldError(`world file: aad instance id ${w.id} is declared twice`);
      seen.add(w.id);
      const instance = buildInstance(w, ctx.accountByName(w.account).id, ctx.now);
      checkConsistent(instance);
      await tx.putWorldDoc(AAD_INSTANCE_DOC, instance.id, instance);
    }
  },
};
