// Subscription (yearly/monthly) price changes, the same arithmetic on every cloud.
import type { Flavor } from '../model/types.js';

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** Prorated price difference of a subscription's flavor change for the rest of its paid period, in cents. */
export function proratedDifferenceCents(current: Flavor, target: Flavor, now: number, expiresAt: number | null): number {
  const remainingMonths = Math.max(0, ((expiresAt ?? now + MONTH_MS) - now) / MONTH_MS);
  return Math.round((target.pricePerMonthCents - current.pricePerMonthCents) * remainingMonths);
}
