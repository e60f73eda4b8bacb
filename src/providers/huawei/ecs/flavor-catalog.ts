// The Huawei flavor catalog: shipped in data/huawei-flavors.json, extended by a world's own flavors.
import { readFileSync } from 'node:fs';
import type { Flavor } from '../../../core/model/types.js';
import { packageFile } from '../../../paths.js';

export interface WorldFlavor {
  id: string;
  family?: string;
  vcpus: number;
  ram_mb: number;
  performancetype?: string;
  generation?: string;
  extra_specs?: Record<string, string>;
  price?: { per_hour?: number; per_month?: number; currency?: string };
}

const cents = (usd: number | undefined) => Math.round((usd ?? 0) * 100);

export function toFlavor(f: WorldFlavor): Flavor {
  const extraSpecs: Record<string, string> = { ...(f.extra_specs ?? {}) };
  if (f.performancetype) extraSpecs['ecs:performancetype'] ??= f.performancetype;
  if (f.generation) extraSpecs['ecs:generation'] ??= f.generation;
  return {
    cloud: 'huawei',
    id: f.id,
    family: f.family ?? f.id.split('.')[0]!,
    vcpus: f.vcpus,
    ramMb: f.ram_mb,
    extraSpecs,
    pricePerHourCents: cents(f.price?.per_hour),
    pricePerMonthCents: cents(f.price?.per_month),
  };
}

let shipped: WorldFlavor[] | undefined;

/** The Huawei flavor catalog shipped in data/huawei-flavors.json (read once per process). */
export function shippedHuaweiFlavors(): WorldFlavor[] {
  shipped ??= (JSON.parse(readFileSync(packageFile('data', 'huawei-flavors.json'), 'utf8')) as { flavors: WorldFlavor[] }).flavors;
  return shipped;
}
