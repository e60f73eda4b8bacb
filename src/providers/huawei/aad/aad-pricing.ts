// What an AAD spec costs and what changing it costs, from the price list shipped in
// data/aad-prices.json. Everything but the file read is pure.
import { readFileSync } from 'node:fs';
import { packageFile } from '../../../paths.js';
import type { AadSpec } from './aad-instance.js';

/** The price list in cents per month; fractional cents are kept until the final amount is rounded. */
export interface AadPriceList {
  basicBandwidth: ReadonlyMap<number, number>;
  elasticBandwidth: ReadonlyMap<number, number>;
  servicePerMbps: number;
  portsIncluded: number;
  perExtraPort: number;
  domainsIncluded: number;
  perExtraDomain: number;
  elasticServicePerMbps: number;
  per1000Qps: number;
}

interface PriceFile {
  basic_bandwidth_gbps: Record<string, number>;
  elastic_bandwidth_gbps: Record<string, number>;
  service_bandwidth_per_mbps: number;
  ports: { included: number; per_extra_port: number };
  domains: { included: number; per_extra_domain: number };
  elastic_service_bandwidth_per_mbps: number;
  basic_qps_per_1000: number;
}

// rounded to 1/10000 cent so 0.2 USD is 20 cents, not 20.000000000000004
const cents = (usd: number) => Math.round(usd * 1_000_000) / 10_000;
const tiers = (t: Record<string, number>) => new Map(Object.entries(t).map(([gbps, usd]) => [Number(gbps), cents(usd)]));

export function parsePriceList(f: PriceFile): AadPriceList {
  return {
    basicBandwidth: tiers(f.basic_bandwidth_gbps),
    elasticBandwidth: tiers(f.elastic_bandwidth_gbps),
    servicePerMbps: cents(f.service_bandwidth_per_mbps),
    portsIncluded: f.ports.included,
    perExtraPort: cents(f.ports.per_extra_port),
    domainsIncluded: f.domains.included,
    perExtraDomain: cents(f.domains.per_extra_domain),
    elasticServicePerMbps: cents(f.elastic_service_bandwidth_per_mbps),
    per1000Qps: cents(f.basic_qps_per_1000),
  };
}

let shipped: AadPriceList | undefined;

/** The shipped price list (read once per process). */
export function shippedAadPrices(): AadPriceList {
  shipped ??= parsePriceList(JSON.parse(readFileSync(packageFile('data', 'aad-prices.json'), 'utf8')) as PriceFile);
  return shipped;
}

/** The protection-bandwidth tiers on sale, ascending (Gbit/s). */
export const bandwidthTiers = (prices: AadPriceList, table: 'basicBandwidth' | 'elasticBandwidth'): number[] =>
  [...prices[table].keys()].sort((a, b) => a - b);

// 0 Gbit/s (no basic or elastic protection: asia_pacific instances) costs nothing
const tierPrice = (table: ReadonlyMap<number, number>, gbps: number): number => (gbps === 0 ? 0 : (table.get(gbps) ?? 0));

export function monthlyPriceCents(spec: AadSpec, prices: AadPriceList): number {
  return (
    tierPrice(prices.basicBandwidth, spec.basicBandwidth) +
    tierPrice(prices.elasticBandwidth, spec.elasticBandwidth) +
    spec.serviceBandwidth * prices.servicePerMbps +
    Math.max(0, spec.portNum - prices.portsIncluded) * prices.perExtraPort +
    Math.max(0, spec.bindDomainNum - prices.domainsIncluded) * prices.perExtraDomain +
    spec.elasticServiceBandwidth * prices.elasticServicePerMbps +
    (spec.basicQps / 1000) * prices.per1000Qps
  );
}

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** Months of the paid period left, counting a started month as a whole one (at least 1). */
export const startedMonthsLeft = (expiresAt: number, now: number): number => Math.max(1, Math.ceil((expiresAt - now) / MONTH_MS));

/**
 * The order amount of a change: the monthly price difference for every month left. Negative for a
 * downgrade, which refunds the difference (billing doc "Pricing of a Changed Specification").
 */
export function changeAmountCents(before: AadSpec, after: AadSpec, prices: AadPriceList, expiresAt: number, now: number): number {
  return Math.round((monthlyPriceCents(after, prices) - monthlyPriceCents(before, prices)) * startedMonthsLeft(expiresAt, now));
}
