// Alibaba limits each API per account ("1000 calls per 60 s" for ModifyInstanceSpec on the API
// portal). The world's aliyun section sets the limits; this counts calls in fixed windows.
// Counters live in memory on purpose: a restart forgets them, as a gateway node would.

export interface RateLimit {
  calls: number;
  periodMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Counts one call for `key` at `now` under `limit`; a refused call is not counted. */
  take(key: string, limit: RateLimit, now: number): RateDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= limit.periodMs || now < w.start) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit.calls) return { allowed: false, retryAfterMs: Math.max(0, w.start + limit.periodMs - now) };
    w.count++;
    return { allowed: true };
  }

  /** A new world brings new limits: start every window afresh. */
  clear(): void {
    this.windows.clear();
  }
}
