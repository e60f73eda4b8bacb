// Subscription (yearly/monthly) price changes, the same arithmetic on every cloud.
import type { Flavor } from '../model/types.js';

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** Months (of 30 days, fractional) left in a subscription's paid period; a month when it has no end. */
export const remainingMonths = (expiresAt: number | null, now: number): number => Math.max(0, ((expiresAt ?? now + MONTH_MS) - now) / MONTH_MS);

/** Prorated price difference of a subscription's flavor change for the rest of its paid period, in cents. */
export function proratedDifferenceCents(current: Flavor, target: Flavor, now: number, expiresAt: number | null): number {
  return Math.round((target.pricePerMonthCents - current.pricePerMonthCents) * remainingMonths(expiresAt, now));
}
