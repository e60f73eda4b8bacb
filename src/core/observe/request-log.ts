// The request log: every cloud API call this node answered, newest last, in a bounded ring. Kept
// in memory on the node that answered (each node of a cluster logs its own calls). What a request
// carried is kept as received and redacted only when read (redact.ts), so the hot path pays for a
// few property writes and no copy; a secret is never written out.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { redactBody, redactHeaders, redactUrl } from './redact.js';

/** What the route, the authenticator and the error handler learned about one call. */
export interface RequestNote {
  cloud?: string;
  service?: string;
  operation?: string;
  account?: string;
  project?: string;
  region?: string;
  resources?: string[];
  /** the signature scheme or credential the caller used: SDK-HMAC-SHA256, X-Auth-Token, ACS3-HMAC-SHA256, HMAC-SHA1 */
  signature?: string;
  /** why the call was refused, in plain words (never a secret) */
  reason?: string;
  errorCode?: string;
  errorMessage?: string;
  /** the faults that fired on this call: "<id> <kind>" */
  faults?: string[];
  /** the connection was dropped on purpose after the answer was ready */
  dropped?: boolean;
}

/** A call as the log keeps it until it is read. */
export interface RawEntry {
  seq: number;
  at: number;
  method: string;
  url: string;
  requestId: string;
  status: number;
  latencyMs: number;
  note: RequestNote;
  reqHeaders: IncomingHttpHeaders;
  reqBody: Buffer | undefined;
  /** the answer's headers, or what holds them until the entry is read (node's ServerResponse) */
  replyHeaders: OutgoingHttpHeaders | { getHeaders(): OutgoingHttpHeaders } | undefined;
  replyBody: string | Buffer | undefined;
  /** the bodies were let go to keep the log within its body budget (the rest of the entry stays) */
  bodiesDropped?: boolean;
}

/** One call as the control API shows it. */
export interface RequestEntry {
  seq: number;
  at: string;
  cloud: string | null;
  service: string | null;
  operation: string | null;
  method: string;
  path: string;
  account: string | null;
  project: string | null;
  region: string | null;
  resources: string[];
  status: number;
  error_code: string | null;
  error_message: string | null;
  reason: string | null;
  request_id: string;
  latency_ms: number;
  signature: string | null;
  faults: string[];
}

export interface RequestDetail extends RequestEntry {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  reply: { status: number; headers: Record<string, string>; body: string | null };
}

export interface RequestFilter {
  cloud?: string;
  operation?: string;
  /** an exact status (409), a class (4xx, 5xx) or "error" (every status >= 400 or a dropped connection) */
  status?: string;
  account?: string;
  resource?: string;
  /** the seq of the last entry seen (entries after it), or an ISO time (entries at or after it) */
  since?: string;
  /** a word looked for in the operation, error code, reason and path */
  q?: string;
}

/** Bodies past this are kept cut: the log is for reading, not for replaying uploads. */
export const MAX_BODY = 64 * 1024;

/**
 * What the bodies of all entries together may take (characters of a string body, bytes of a
 * Buffer). Counting entries alone bounds nothing useful: 10,000 answers of a 60 KB server list
 * kept 600 MB alive, and the node's RSS passed 2 GB in a soak. Past the budget the oldest entries
 * keep everything but their bodies, so the newest calls (what a developer opens) stay whole.
 */
export const BODY_BUDGET = 32 * 1024 * 1024;

/** the size of the slabs small bodies are copied into (RequestLog.keep) */
const SLAB_BYTES = 64 * 1024;

const bodySize = (e: RawEntry): number => (e.reqBody?.length ?? 0) + (e.replyBody?.length ?? 0);

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export function statusMatches(want: string, status: number): boolean {
  if (want === 'error') return status >= 400 || status === 0;
  if (/^[1-5]xx$/i.test(want)) return Math.floor(status / 100) === Number(want[0]);
  return String(status) === want;
}

export class RequestLog {
  private readonly ring: (RawEntry | undefined)[];
  private next = 1;
  private readonly listeners = new Set<(e: RawEntry) => void>();

  /** what the bodies in the ring take now (see BODY_BUDGET) */
  private bodies = 0;
  /** the oldest seq that may still hold a body */
  private trimFrom = 1;

  constructor(
    readonly capacity = 10_000,
    readonly bodyBudget = BODY_BUDGET,
  ) {
    this.ring = new Array(capacity);
  }

  /** what the bodies the log holds take, characters or bytes (never more than bodyBudget plus one entry's) */
  get bodyBytes(): number {
    return this.bodies;
  }

  /** the seq the next entry gets */
  get nextSeq(): number {
    return this.next;
  }

  /** the slab small bodies are copied into (keep), and how much of it is used */
  private slab: Buffer = Buffer.alloc(0);
  private slabUsed = 0;

  /**
   * A body as the log keeps it. A small body arrives as a view into a larger slab: node's 8 KiB
   * Buffer pool, which fastify's body reader allocates from, as do pg, crypto and the sockets.
   * Kept as it was, each entry kept a whole pool slab alive (~5.5 KB of external memory per
   * entry, ~60 MB for a full ring: a PostgreSQL node passed 200 MB RSS), and a copy taken from
   * the same pool fared no better, the rest of the request filling the slab between two entries.
   * Small bodies are copied into slabs of the log's own, in order: the ring drops its entries
   * oldest first, so a slab is let go once its last entry is. A body that owns its memory stays.
   */
  private keep(b: Buffer): Buffer {
    if (b.byteLength === b.buffer.byteLength) return b;
    if (b.byteLength > SLAB_BYTES / 16) {
      const own = Buffer.allocUnsafeSlow(b.byteLength);
      b.copy(own);
      return own;
    }
    if (this.slabUsed + b.byteLength > this.slab.byteLength) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const kept = this.slab.subarray(this.slabUsed, this.slabUsed + b.byteLength);
    b.copy(kept);
    this.slabUsed += b.byteLength;
    return kept;
  }

  add(e: Omit<RawEntry, 'seq'>): RawEntry {
    const entry = e as RawEntry;
    entry.seq = this.next++;
    // a cut is a copy (keep copies every view): a view, or V8's sliced string, would keep the whole body alive
    if (entry.reqBody) entry.reqBody = this.keep(entry.reqBody.length > MAX_BODY ? entry.reqBody.subarray(0, MAX_BODY) : entry.reqBody);
    if (typeof entry.replyBody === 'string' && entry.replyBody.length > MAX_BODY) entry.replyBody = Buffer.from(entry.replyBody.slice(0, MAX_BODY));
    else if (entry.replyBody instanceof Buffer) entry.replyBody = this.keep(entry.replyBody.length > MAX_BODY ? entry.replyBody.subarray(0, MAX_BODY) : entry.replyBody);
    const slot = entry.seq % this.capacity;
    const old = this.ring[slot];
    if (old) this.bodies -= bodySize(old);
    this.ring[slot] = entry;
    this.bodies += bodySize(entry);
    // over budget: the oldest entries let their bodies go (never the one just added)
    this.trimFrom = Math.max(this.trimFrom, entry.seq - this.capacity + 1);
    while (this.bodies > this.bodyBudget && this.trimFrom < entry.seq) {
      const e = this.get(this.trimFrom++);
      if (e && !e.bodiesDropped) {
        this.bodies -= bodySize(e);
        e.reqBody = undefined;
        e.replyBody = undefined;
        e.bodiesDropped = true;
      }
    }
    for (const l of this.listeners) l(entry);
    return entry;
  }

  /** Hears every entry added from now on; returns the function that stops listening. */
  subscribe(listener: (e: RawEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.bodies = 0;
    this.trimFrom = this.next;
  }

  get(seq: number): RawEntry | undefined {
    const e = this.ring[seq % this.capacity];
    return e && e.seq === seq ? e : undefined;
  }

  /** Entries matching the filter, oldest first, at most `limit` (the newest ones when more match). */
  query(f: RequestFilter, limit: number): RawEntry[] {
    const out: RawEntry[] = [];
    const first = Math.max(1, this.next - this.capacity);
    let from = first;
    let sinceTime = -Infinity;
    if (f.since !== undefined && f.since !== '') {
      if (/^\d+$/.test(f.since)) from = Math.max(first, Number(f.since) + 1);
      else sinceTime = Date.parse(f.since);
    }
    for (let seq = this.next - 1; seq >= from && out.length < limit; seq--) {
      const e = this.get(seq);
      if (!e || e.at < sinceTime) continue;
      if (matches(e, f)) out.push(e);
    }
    return out.reverse();
  }
}

export function matches(e: RawEntry, f: RequestFilter): boolean {
  const n = e.note;
  if (f.cloud && n.cloud !== f.cloud) return false;
  if (f.operation && n.operation !== f.operation) return false;
  if (f.account && n.account !== f.account) return false;
  if (f.status && !statusMatches(f.status, e.status)) return false;
  if (f.resource && !(n.resources ?? []).includes(f.resource)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const hay = `${n.operation ?? ''} ${n.errorCode ?? ''} ${n.reason ?? ''} ${pathOf(e.url)} ${(n.resources ?? []).join(' ')}`.toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

export function entryView(e: RawEntry): RequestEntry {
  const n = e.note;
  return {
    seq: e.seq,
    at: new Date(e.at).toISOString(),
    cloud: n.cloud ?? null,
    service: n.service ?? null,
    operation: n.operation ?? null,
    method: e.method,
    path: pathOf(e.url),
    account: n.account ?? null,
    project: n.project ?? null,
    region: n.region ?? null,
    resources: n.resources ?? [],
    status: e.status,
    error_code: n.errorCode ?? null,
    error_message: n.errorMessage ?? null,
    reason: n.reason ?? (n.dropped ? 'the connection was dropped by an injected fault after the answer was committed' : null),
    request_id: e.requestId,
    latency_ms: Math.round(e.latencyMs * 1000) / 1000,
    signature: n.signature ?? null,
    faults: n.faults ?? [],
  };
}

const text = (b: string | Buffer | undefined): string | null => (b === undefined || b.length === 0 ? null : typeof b === 'string' ? b : b.toString('utf8'));

/** The whole call, with every secret replaced by "[redacted]". */
const headersOf = (h: RawEntry['replyHeaders']): OutgoingHttpHeaders =>
  h === undefined ? {} : typeof (h as { getHeaders?: unknown }).getHeaders === 'function' ? (h as { getHeaders(): OutgoingHttpHeaders }).getHeaders() : (h as OutgoingHttpHeaders);

export function detailView(e: RawEntry): RequestDetail {
  const reqType = String(e.reqHeaders['content-type'] ?? '');
  const replyHeaders = headersOf(e.replyHeaders);
  const replyType = String(replyHeaders['content-type'] ?? '');
  return {
    ...entryView(e),
    request: { method: e.method, url: redactUrl(e.url), headers: redactHeaders(e.reqHeaders), body: redactBody(text(e.reqBody), reqType) },
    reply: { status: e.status, headers: redactHeaders(replyHeaders), body: redactBody(text(e.replyBody), replyType) },
  };
}
