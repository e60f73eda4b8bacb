// Flavor sale states, from the extra specs cond:operation:status and cond:operation:az (ecs_01_0069).
import type { Flavor } from '../../../../core/model/types.js';

export type SaleState = 'normal' | 'abandon' | 'sellout' | 'obt' | 'obt_sellout' | 'promotion';

/** Parses `cond:operation:az` ("az1(normal), az2(sellout)") into a map. */
export function parseAzStates(value: string | undefined): Map<string, SaleState> {
  const out = new Map<string, SaleState>();
  if (!value) return out;
  for (const part of value.split(',')) {
    const m = /^\s*([^()\s]+)\s*\(\s*([a-z_]+)\s*\)\s*$/.exec(part);
    if (m) out.set(m[1]!, m[2] as SaleState);
  }
  return out;
}

/** Sale state of a flavor in one AZ: the per-AZ override, else the region-wide status (missing = normal). */
export function saleStateIn(flavor: Flavor, az: string): SaleState {
  const perAz = parseAzStates(flavor.extraSpecs['cond:operation:az']).get(az);
  return perAz ?? ((flavor.extraSpecs['cond:operation:status'] as SaleState | undefined) ?? 'normal');
}

export const isSellable = (s: SaleState): boolean => s === 'normal' || s === 'obt' || s === 'promotion';
