// One load run with autocannon over a list of prepared requests, each sent once (or cycled when
// `repeat` allows), with latencies kept at full precision: autocannon's own histogram rounds to
// whole milliseconds, which hides the difference between 0.3 ms and 0.9 ms.
import autocannon from 'autocannon';
import type { SignedHttpRequest } from './huawei-signer.js';

export interface LoadOptions {
  url: string;
  requests: readonly SignedHttpRequest[];
  connections: number;
  /** total requests to send; defaults to requests.length */
  amount?: number;
  /** stop after this many seconds even if `amount` is not reached */
  maxSeconds?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** status code -> count */
  statuses: Record<string, number>;
  errors: number;
  /** the first few reply bodies that were not 2xx, to say why */
  failures: string[];
  /** every latency, sorted (ms) */
  latencies: Float64Array;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(opts: LoadOptions, onReply?: (index: number, status: number, body: string) => void): Promise<LoadResult> {
  const amount = opts.amount ?? opts.requests.length;
  const latencies = new Float64Array(amount);
  let n = 0;
  let next = 0;
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  // requests are handed out in order across all connections; each connection remembers which one
  // it sent, so a reply is matched to its request (no pipelining: one in flight per connection)
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    pipelining: 1,
    amount,
    ...(opts.maxSeconds ? { duration: opts.maxSeconds } : {}),
    timeout: 30,
    requests: [
      {
        setupRequest: (req: any, context: any) => {
          const i = next++;
          const r = opts.requests[i % opts.requests.length]!;
          context.index = i;
          return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
        },
        onResponse: (status: number, body: string, context: any) => {
          if (onReply) onReply(context.index as number, status, body);
          if ((status < 200 || status > 299) && failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  } as any);
  // autocannon notices the end of an `amount` run on its one-second tick, so its own duration is
  // rounded up to whole seconds: the run's time is taken to the last reply instead
  let lastReplyAt = started;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    lastReplyAt = process.hrtime.bigint();
    if (n < amount) latencies[n++] = ms;
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result: any = await instance;
  const seconds = Number(lastReplyAt - started) / 1e9;
  const sorted = latencies.subarray(0, n).sort();
  return {
    requests: n,
    seconds,
    rps: n / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: n ? sorted[n - 1]! : NaN,
    statuses,
    errors: (result.errors as number) + (result.timeouts as number),
    failures,
    latencies: sorted,
  };
}
