// The shipped Alibaba instance-type catalog (data/aliyun-instance-types.json) as Flavor records.
// Every field but `price` and `status` is a DescribeInstanceTypes wire field; they are kept
// verbatim in Flavor.aliyun.wire so the reply is the catalog, not a re-derivation of it.
import { readFileSync } from 'node:fs';
import type { Flavor } from '../../../core/model/types.js';
import { packageFile } from '../../../paths.js';

interface CatalogRecord {
  InstanceTypeId: string;
  InstanceTypeFamily: string;
  CpuCoreCount: number;
  /** GiB */
  MemorySize: number;
  price?: { per_hour?: number; per_month?: number; currency?: string };
  status?: 'offline';
  [wire: string]: unknown;
}

let shipped: Flavor[] | undefined;

const cents = (usd: number | undefined): number => Math.round((usd ?? 0) * 100);

export function toAliyunFlavor(r: CatalogRecord): Flavor {
  const { price, status, ...wire } = r;
  return {
    cloud: 'aliyun',
    id: r.InstanceTypeId,
    family: r.InstanceTypeFamily,
    vcpus: r.CpuCoreCount,
    ramMb: Math.round(r.MemorySize * 1024),
    extraSpecs: {},
    pricePerHourCents: cents(price?.per_hour),
    pricePerMonthCents: cents(price?.per_month),
    aliyun: { offline: status === 'offline', wire },
  };
}

/** The catalog, read once per process. Callers get copies: a world load must not share objects. */
export function shippedAliyunInstanceTypes(): Flavor[] {
  shipped ??= (JSON.parse(readFileSync(packageFile('data', 'aliyun-instance-types.json'), 'utf8')) as { instanceTypes: CatalogRecord[] }).instanceTypes.map(toAliyunFlavor);
  return shipped.map((f) => structuredClone(f));
}

/** The vCPU architecture a type runs on (X86, ARM): a type change never crosses it. */
export const architectureOf = (f: Flavor): string => String(f.aliyun?.wire.CpuArchitecture ?? 'X86');

export const isOffline = (f: Flavor): boolean => f.aliyun?.offline === true;

let order: Map<string, number> | undefined;

/**
 * Compares types by their place in the shipped catalog (family by family, smallest first), the
 * order every listing uses; types the catalog lacks sort after it, by id.
 */
export function catalogOrder(a: Flavor, b: Flavor): number {
  order ??= new Map(shippedAliyunInstanceTypes().map((f, i) => [f.id, i]));
  const x = order.get(a.id) ?? Number.MAX_SAFE_INTEGER;
  const y = order.get(b.id) ?? Number.MAX_SAFE_INTEGER;
  return x !== y ? x - y : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
