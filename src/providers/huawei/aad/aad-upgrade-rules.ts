// The rules of an AAD specification change (seed 003 and the reference's section 6), as pure
// functions: given an instance, a requested change and the price list, they return the specs the
// instance would have, or throw an AAD refusal. Choices where the sources are silent are explained in
// docs/aad.md.
import type { AadInstance, AadRegion, AadSpec } from './aad-instance.js';
import type { AadPriceList } from './aad-pricing.js';
import { bandwidthTiers } from './aad-pricing.js';
import { domainsOf } from './aad-domains.js';
import { refuse } from './aad-refusals.js';

/** A requested change: only the given fields change. Bandwidths already read from their strings. */
export interface UpgradeData {
  basicBandwidth?: number;
  elasticBandwidth?: number;
  serviceBandwidth?: number;
  portNum?: number;
  bindDomainNum?: number;
  elasticServiceBandwidthType?: number;
  elasticServiceBandwidth?: number;
  basicQps?: number;
}

export type AadStatus = 'normal' | 'expired' | 'frozen';

export function statusAt(instance: AadInstance, now: number): AadStatus {
  if (instance.status === 'frozen') return 'frozen';
  if (instance.status === 'expired' || instance.expiresAt <= now) return 'expired';
  return 'normal';
}

interface Range {
  min: number;
  max: number;
  step?: number;
}

const mainland = (region: AadRegion) => region !== 'asia_pacific';

/** Drawer page "Service Bandwidth": at most 5000 Mbit/s. The floor is the smallest value seen in use. */
export const SERVICE_BANDWIDTH: Range = { min: 100, max: 5000 };
/** Increment of the elastic service bandwidth; the sources give no range, so it shares the service ceiling. */
export const ELASTIC_SERVICE_BANDWIDTH: Range = { min: 0, max: 5000 };
/** CreateInstance `forwarding_rule`, which Terraform sends as `port_num` when it upgrades. */
export const portRange = (region: AadRegion): Range => (mainland(region) ? { min: 50, max: 500 } : { min: 5, max: 200 });
/** CreateInstance `protected_domain` (step 5), which Terraform sends as `bind_domain_num` when it upgrades. */
export const domainRange = (region: AadRegion): Range => (mainland(region) ? { min: 50, max: 500, step: 5 } : { min: 10, max: 200, step: 5 });
/** CreateInstance `basic_qps`. */
export const qpsRange = (region: AadRegion): Range => (mainland(region) ? { min: 3000, max: 100000 } : { min: 1000, max: 100000 });
/** UpgradeInstanceSpec: 0 switches elastic service bandwidth off, 3 bills it by the monthly 95th percentile. */
export const ELASTIC_SERVICE_TYPES: readonly number[] = [0, 3];

function inRange(field: string, value: number, r: Range): number {
  if (value < r.min || value > r.max) refuse('spec.out-of-range', `${field} must be between ${r.min} and ${r.max}; ${value} was given.`);
  if (r.step && value % r.step !== 0) refuse('spec.out-of-range', `${field} must be a multiple of ${r.step}; ${value} was given.`);
  return value;
}

function onSale(field: string, value: number, tiers: readonly number[]): number {
  if (!tiers.includes(value)) refuse('spec.out-of-range', `${field} ${value} Gbit/s is not on sale; choose one of ${tiers.join(', ')}.`);
  return value;
}

/** Expired or frozen instances cannot change (user guide "Upgrading Instance Specifications"); nor can one with an unpaid change. */
export function checkChangeable(instance: AadInstance, now: number, unpaidOrderId: string | null): void {
  const status = statusAt(instance, now);
  if (status === 'frozen') refuse('instance.frozen', `The instance ${instance.id} is frozen; frozen instances cannot change specifications.`);
  if (status === 'expired') refuse('instance.expired', `The instance ${instance.id} has expired; expired instances cannot change specifications.`);
  if (unpaidOrderId !== null) {
    refuse('instance.order-pending', `The instance ${instance.id} has an unpaid specification change (order ${unpaidOrderId}); pay or cancel it first.`);
  }
}

/** The specs the instance has after the change. Fields left out keep their value; nothing here looks at money. */
export function plannedSpec(instance: AadInstance, data: UpgradeData, prices: AadPriceList): AadSpec {
  const { region, accessType } = instance;
  const next: AadSpec = { ...instance.spec };
  const notHere = (field: string, why: string) => refuse('spec.not-applicable', `${field} cannot be changed on this instance: ${why}.`);

  if (data.basicBandwidth !== undefined) {
    if (!mainland(region)) notHere('basic_bandwidth', 'asia_pacific instances have no basic protection bandwidth');
    next.basicBandwidth = onSale('basic_bandwidth', data.basicBandwidth, bandwidthTiers(prices, 'basicBandwidth'));
  }
  if (data.elasticBandwidth !== undefined) {
    if (!mainland(region)) notHere('elastic_bandwidth', 'asia_pacific instances have no elastic protection bandwidth');
    next.elasticBandwidth = onSale('elastic_bandwidth', data.elasticBandwidth, bandwidthTiers(prices, 'elasticBandwidth'));
  }
  if (data.serviceBandwidth !== undefined) next.serviceBandwidth = inRange('service_bandwidth', data.serviceBandwidth, SERVICE_BANDWIDTH);
  if (data.portNum !== undefined) {
    if (accessType !== 'ip') notHere('port_num', 'ports (forwarding rules) belong to IP-access instances');
    next.portNum = inRange('port_num', data.portNum, portRange(region));
  }
  if (data.bindDomainNum !== undefined) {
    if (accessType !== 'website') notHere('bind_domain_num', 'protected domain names belong to website instances');
    next.bindDomainNum = inRange('bind_domain_num', data.bindDomainNum, domainRange(region));
    const bound = domainsOf(instance).length;
    if (next.bindDomainNum < bound) {
      refuse('spec.below-usage', `bind_domain_num cannot go below the ${bound} domain names the instance protects; ${data.bindDomainNum} was given. Remove domains first.`);
    }
  }
  if (data.elasticServiceBandwidthType !== undefined) {
    if (!ELASTIC_SERVICE_TYPES.includes(data.elasticServiceBandwidthType)) {
      refuse('spec.out-of-range', `elastic_service_bandwidth_type must be 0 (off) or 3 (monthly 95th percentile); ${data.elasticServiceBandwidthType} was given.`);
    }
    next.elasticServiceBandwidthType = data.elasticServiceBandwidthType as 0 | 3;
  }
  if (data.elasticServiceBandwidth !== undefined) {
    next.elasticServiceBandwidth = inRange('elastic_service_bandwidth', data.elasticServiceBandwidth, ELASTIC_SERVICE_BANDWIDTH);
  }
  if (data.basicQps !== undefined) {
    if (accessType !== 'website') notHere('basic_qps', 'service QPS belongs to website instances');
    // seed 003: QPS has to be enabled once in the console before the API may change it
    if (!instance.qpsEnabled) refuse('spec.qps-not-enabled', 'No QPS has been purchased for this instance; enable QPS once in the console, then change it through the API.');
    next.basicQps = inRange('basic_qps', data.basicQps, qpsRange(region));
  }

  if (next.elasticServiceBandwidthType === 0) {
    if (data.elasticServiceBandwidth !== undefined && data.elasticServiceBandwidth > 0) {
      refuse('spec.elastic-service-disabled', 'elastic_service_bandwidth needs elastic_service_bandwidth_type 3; the elastic service bandwidth is off.');
    }
    // switching the billing off releases the increment
    next.elasticServiceBandwidth = 0;
  }
  // the elastic protection bandwidth is the ceiling of protection, not an add-on to the basic one
  if (mainland(region) && next.elasticBandwidth < next.basicBandwidth) {
    refuse('spec.elastic-below-basic', `elastic_bandwidth (${next.elasticBandwidth} Gbit/s) may not be lower than basic_bandwidth (${next.basicBandwidth} Gbit/s).`);
  }
  return next;
}
