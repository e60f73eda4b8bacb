// The domain names of a website instance (ListInstanceDomains). A world may declare them; otherwise an
// instance gets generated ones, derived from its id and name so every read agrees. An IP-access
// instance protects ports, not domains: it has none. The count never exceeds bind_domain_num (the
// world loader refuses more, and a change may not lower bind_domain_num below it).
import { hex32, uuidFrom } from '../../../core/derived-ids.js';
import type { AadDomain, AadInstance } from './aad-instance.js';

/** How many domains an instance without declared ones protects. */
const GENERATED_DOMAINS = 2;

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'site';

/** A CNAME of the protection service, as the console hands it out for a domain (value format: docs/aad.md). */
export const cnameOf = (instanceId: string, domainName: string) => `${hex32(`aad-cname/${instanceId}/${domainName}`).slice(0, 20)}.aad.hwcloudsite.com`;

export const domainIdOf = (instanceId: string, domainName: string) => uuidFrom(`aad-domain/${instanceId}/${domainName}`);

/** An origin address in TEST-NET-1 (192.0.2.0/24), derived from the domain. */
const originOf = (instanceId: string, domainName: string) => `192.0.2.${(parseInt(hex32(`aad-origin/${instanceId}/${domainName}`).slice(0, 4), 16) % 254) + 1}`;

function generated(i: AadInstance): AadDomain[] {
  const base = `${slug(i.name)}.example.com`;
  const names = [`www.${base}`, `api.${base}`].slice(0, Math.min(GENERATED_DOMAINS, i.spec.bindDomainNum));
  return names.map((name, n) => ({
    id: domainIdOf(i.id, name),
    name,
    cname: cnameOf(i.id, name),
    status: 'normal',
    // the first serves HTTPS with an uploaded certificate, the second plain HTTP
    protocols: n === 0 ? ['HTTP', 'HTTPS'] : ['HTTP'],
    certName: n === 0 ? `${slug(i.name)}-cert` : '',
    realServerType: 'ip',
    realServers: [originOf(i.id, name)],
    ccProtection: true,
    wafProtection: false,
  }));
}

/** The domains an instance protects now. */
export function domainsOf(i: AadInstance): AadDomain[] {
  if (i.accessType !== 'website') return [];
  return i.domains ?? generated(i);
}

/** ListInstanceDomains. Enums (docs/aad.md): domain_status "0" normal / "1" frozen; https_cert_status 1 uploaded / 2 not; cc_status and waf_status 1 on / 0 off; real_server_type 0 IP / 1 domain. */
export function renderInstanceDomains(i: AadInstance, offset: number, limit: number | null) {
  // a frozen instance freezes its domains (an expired one keeps them as they were)
  const frozen = i.status === 'frozen';
  const all = domainsOf(i);
  const page = all.slice(offset, limit === null ? undefined : offset + limit);
  return {
    instance_id: i.id,
    instance_name: i.name,
    domains: page.map((d) => ({
      domain_id: d.id,
      domain_name: d.name,
      cname: d.cname,
      domain_status: frozen || d.status === 'frozen' ? '1' : '0',
      cc_status: d.ccProtection ? 1 : 0,
      https_cert_status: d.certName === '' ? 2 : 1,
      cert_name: d.certName,
      protocol_type: d.protocols,
      real_server_type: d.realServerType === 'ip' ? 0 : 1,
      real_servers: d.realServers.join(','),
      waf_status: d.wafProtection ? 1 : 0,
    })),
  };
}
