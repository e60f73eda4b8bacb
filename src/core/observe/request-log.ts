// The request log: every cloud API call this node answered, newest last, in a bounded ring. Kept
// in memory on the node that answered (each node of a cluster logs its own calls). What a request
// carried is kept as received (as bytes, see RequestLog) and redacted only when read (redact.ts); a
// secret is never written out.
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
  /** the request's headers as received (node's rawHeaders: name, value, name, value, ...); what is logged when given */
  reqRawHeaders?: string[];
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
 * What the bodies of all entries together may take (bytes). Counting entries alone bounds nothing
 * useful: 10,000 answers of a 60 KB server list kept 600 MB alive, and the node's RSS passed 2 GB in
 * a soak. Past the budget the oldest entries keep everything but their bodies, so the newest calls
 * (what a developer opens) stay whole.
 */
export const BODY_BUDGET = 32 * 1024 * 1024;

/** the size of the arenas entries are written into (smaller when the body budget is small) */
const CHUNK_BYTES = 1024 * 1024;

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export function statusMatches(want: string, status: number): boolean {
  if (want === 'error') return status >= 400 || status === 0;
  if (/^[1-5]xx$/i.test(want)) return Math.floor(status / 100) === Number(want[0]);
  return String(status) === want;
}

const headersOf = (h: RawEntry['replyHeaders']): OutgoingHttpHeaders =>
  h === undefined ? {} : typeof (h as { getHeaders?: unknown }).getHeaders === 'function' ? (h as { getHeaders(): OutgoingHttpHeaders }).getHeaders() : (h as OutgoingHttpHeaders);

/** A header map as name, value, name, value, ... (a list value gives one pair per item). */
function flatHeaders(h: IncomingHttpHeaders | undefined): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(h ?? {})) {
    if (Array.isArray(v)) for (const x of v) out.push(k, x);
    else if (v !== undefined) out.push(k, v);
  }
  return out;
}

/**
 * Header lines (name and value on alternate lines) as a map the way the log shows them: names in
 * lower case, a repeated header's values joined with ", " (set-cookie's kept as a list).
 */
function headerMap(lines: string): IncomingHttpHeaders {
  const h: Record<string, string | string[]> = {};
  if (lines === '') return h;
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const k = parts[i]!.toLowerCase();
    const v = parts[i + 1]!;
    const had = h[k];
    if (had === undefined) h[k] = k === 'set-cookie' ? [v] : v;
    else if (Array.isArray(had)) had.push(v);
    else h[k] = `${had}, ${v}`;
  }
  return h;
}

/**
 * Byte arenas written in order and let go oldest first. Entries are appended in seq order and leave
 * the log in seq order, so an arena is let go once its newest record is no longer wanted. An arena
 * let go is kept for reuse: a steady log allocates nothing (arenas dropped and left to the collector
 * piled up as external memory faster than it ran: 72 MB of them for a 16 MB log in a microbenchmark).
 */
class Arenas {
  /** live arenas, oldest first; `first` is the id of chunks[0] */
  private chunks: { buf: Buffer; used: number; lastSeq: number; bytes: number }[] = [];
  private first = 0;
  private spare: Buffer[] = [];

  constructor(private readonly chunkBytes: number) {}

  /**
   * Writes at most `len` bytes with `write` (which says how many it wrote) into the newest arena (a
   * new one when it has less room); returns [arena id, offset, bytes written].
   */
  append(seq: number, len: number, write: (buf: Buffer, at: number) => number): [number, number, number] {
    let c = this.chunks.at(-1);
    if (!c || c.used + len > c.buf.length) {
      // outside V8's heap (allocUnsafeSlow: not a slice of node's shared pool); an oversized record gets an arena of its own
      const buf = len <= this.chunkBytes ? (this.spare.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes)) : Buffer.allocUnsafeSlow(len);
      c = { buf, used: 0, lastSeq: seq, bytes: 0 };
      this.chunks.push(c);
    }
    const at = c.used;
    const wrote = write(c.buf, at);
    c.used += wrote;
    c.lastSeq = seq;
    c.bytes += wrote;
    return [this.first + this.chunks.length - 1, at, wrote];
  }

  /** whether arena `id` is still held */
  alive(id: number): boolean {
    return id >= this.first && id < this.first + this.chunks.length;
  }

  /** A copy of the bytes at [offset, offset + len) of arena `id` (an arena is reused once let go), or undefined once it was let go. */
  read(id: number, offset: number, len: number): Buffer | undefined {
    const c = this.chunks[id - this.first];
    return c ? Buffer.from(c.buf.subarray(offset, offset + len)) : undefined;
  }

  /** The text at [offset, offset + len) of arena `id`, or undefined once it was let go. */
  text(id: number, offset: number, len: number): string | undefined {
    const c = this.chunks[id - this.first];
    return c ? c.buf.toString('utf8', offset, offset + len) : undefined;
  }

  /** what the entries still wanted take in arena `id` goes down by `len` (an entry left the log) */
  release(id: number, len: number): void {
    const c = this.chunks[id - this.first];
    if (c) c.bytes -= len;
  }

  /** Lets go the arenas whose newest record is older than `seq`, never the newest arena. */
  dropBefore(seq: number): void {
    while (this.chunks.length > 1 && this.chunks[0]!.lastSeq < seq) this.dropOldest();
  }

  /** Lets go the oldest arena (not the newest); returns the bytes its wanted entries took, or -1 when there is none to drop. */
  dropOldest(): number {
    if (this.chunks.length <= 1) return -1;
    const c = this.chunks.shift()!;
    this.first++;
    if (c.buf.length === this.chunkBytes && this.spare.length < 2) this.spare.push(c.buf);
    return c.bytes;
  }

  clear(): void {
    this.first += this.chunks.length;
    this.chunks = [];
    this.spare = [];
  }
}

/**
 * The log. Each entry is written as bytes into arenas outside V8's heap the moment it is added: an
 * entry kept as objects (its note, the request's header map, the reply's headers and body) lives
 * for 10,000 calls, long enough to be promoted to V8's old generation and die there, which made the
 * collector the largest cost of the log (polling: ~30 µs of CPU a call and ~50 MB of RSS, against a
 * log of 100 entries that die young). An entry is read back (decoded) only when the log is read.
 *
 * Two sets of arenas: the entry itself (bounded by the count of entries) and its bodies (bounded by
 * the body budget). Per slot of the ring, typed arrays hold where each part is.
 */
export class RequestLog {
  private next = 1;
  private readonly listeners = new Set<(e: RawEntry) => void>();

  private readonly seqs: Float64Array;
  private readonly headArena: Int32Array;
  private readonly headAt: Int32Array;
  private readonly headLen: Int32Array;
  /** the bodies' arena (-1: no body), the request body's offset and length, the reply's length (it follows) */
  private readonly bodyArena: Int32Array;
  private readonly bodyAt: Int32Array;
  private readonly reqLen: Int32Array;
  private readonly replyLen: Int32Array;
  /**
   * What the filters compare, per slot, so a query skips the entries that do not match without
   * decoding them (decoding all 10,000 held the event loop ~100 ms for a filter matching none).
   * The strings are the route table's and the world's, shared, not copies made per call.
   */
  private readonly atOf: Float64Array;
  private readonly statusOf: Int16Array;
  private readonly cloudOf: (string | undefined)[];
  private readonly operationOf: (string | undefined)[];
  private readonly accountOf: (string | undefined)[];

  private readonly heads: Arenas;
  private readonly bodyChunks: Arenas;
  /** what the bodies of the entries in the log take now (see BODY_BUDGET) */
  private bodies = 0;

  constructor(
    readonly capacity = 10_000,
    readonly bodyBudget = BODY_BUDGET,
  ) {
    this.seqs = new Float64Array(capacity);
    this.headArena = new Int32Array(capacity);
    this.headAt = new Int32Array(capacity);
    this.headLen = new Int32Array(capacity);
    this.bodyArena = new Int32Array(capacity).fill(-1);
    this.bodyAt = new Int32Array(capacity);
    this.reqLen = new Int32Array(capacity);
    this.replyLen = new Int32Array(capacity);
    this.atOf = new Float64Array(capacity);
    this.statusOf = new Int16Array(capacity);
    this.cloudOf = new Array<string | undefined>(capacity);
    this.operationOf = new Array<string | undefined>(capacity);
    this.accountOf = new Array<string | undefined>(capacity);
    this.heads = new Arenas(CHUNK_BYTES);
    // an arena is at most an eighth of the budget, so dropping the oldest frees room for a new body
    this.bodyChunks = new Arenas(Math.max(4096, Math.min(CHUNK_BYTES, Math.floor(bodyBudget / 8))));
  }

  /** what the bodies the log holds take, in bytes (never more than bodyBudget plus one entry's) */
  get bodyBytes(): number {
    return this.bodies;
  }

  /** the seq the next entry gets */
  get nextSeq(): number {
    return this.next;
  }

  /** Logs a call; returns it (as given, with its seq) for whoever listens now. */
  add(e: Omit<RawEntry, 'seq'>): RawEntry {
    const entry = e as RawEntry;
    const seq = (entry.seq = this.next++);
    const slot = seq % this.capacity;
    if (this.seqs[slot] !== 0) this.leave(slot);

    // the request's headers as node received them, one per line (a header line holds no newline);
    // the rest as JSON, which holds no raw newline either: cheaper than JSON of the header map
    const head = `${JSON.stringify([entry.method, entry.url, entry.requestId, entry.latencyMs, entry.note, headersOf(entry.replyHeaders)])}\n${(entry.reqRawHeaders ?? flatHeaders(entry.reqHeaders)).join('\n')}`;
    // at most 3 bytes of UTF-8 a UTF-16 unit: room enough without measuring the string first
    const [ha, hat, headLen] = this.heads.append(seq, head.length * 3, (buf, at) => buf.write(head, at));
    this.seqs[slot] = seq;
    this.atOf[slot] = entry.at;
    this.statusOf[slot] = entry.status;
    this.cloudOf[slot] = entry.note.cloud;
    this.operationOf[slot] = entry.note.operation;
    this.accountOf[slot] = entry.note.account;
    this.headArena[slot] = ha;
    this.headAt[slot] = hat;
    this.headLen[slot] = headLen;
    // the entries that left the ring by count no longer hold their arenas
    this.heads.dropBefore(seq - this.capacity + 1);
    this.bodyChunks.dropBefore(seq - this.capacity + 1);

    const req = entry.reqBody && entry.reqBody.length > 0 ? entry.reqBody.subarray(0, MAX_BODY) : undefined;
    const reply = entry.replyBody;
    const replyText = typeof reply === 'string' && reply.length > 0 ? (reply.length > MAX_BODY ? reply.slice(0, MAX_BODY) : reply) : undefined;
    const replyBytes = reply instanceof Buffer && reply.length > 0 ? reply.subarray(0, MAX_BODY) : undefined;
    const reqLen = req?.length ?? 0;
    const replyLen = replyText !== undefined ? Buffer.byteLength(replyText) : (replyBytes?.length ?? 0);
    this.bodyArena[slot] = -1;
    if (reqLen + replyLen > 0) {
      const [ba, bat] = this.bodyChunks.append(seq, reqLen + replyLen, (buf, at) => {
        if (req) req.copy(buf, at);
        if (replyText !== undefined) buf.write(replyText, at + reqLen, replyLen, 'utf8');
        else if (replyBytes) replyBytes.copy(buf, at + reqLen);
        return reqLen + replyLen;
      });
      this.bodyArena[slot] = ba;
      this.bodyAt[slot] = bat;
      this.reqLen[slot] = reqLen;
      this.replyLen[slot] = replyLen;
      this.bodies += reqLen + replyLen;
      // over budget: the oldest bodies go (never the newest arena, which holds the one just added)
      while (this.bodies > this.bodyBudget) {
        const freed = this.bodyChunks.dropOldest();
        if (freed < 0) break;
        this.bodies -= freed;
      }
    }
    for (const l of this.listeners) l(entry);
    return entry;
  }

  /** The entry in `slot` leaves the log (the ring wrapped over it): its bodies no longer count. */
  private leave(slot: number): void {
    const ba = this.bodyArena[slot]!;
    if (ba >= 0 && this.bodyChunks.alive(ba)) {
      const len = this.reqLen[slot]! + this.replyLen[slot]!;
      this.bodyChunks.release(ba, len);
      this.bodies -= len;
    }
    this.seqs[slot] = 0;
    this.bodyArena[slot] = -1;
  }

  /** Hears every entry added from now on; returns the function that stops listening. */
  subscribe(listener: (e: RawEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.seqs.fill(0);
    this.cloudOf.fill(undefined);
    this.operationOf.fill(undefined);
    this.accountOf.fill(undefined);
    this.bodyArena.fill(-1);
    this.heads.clear();
    this.bodyChunks.clear();
    this.bodies = 0;
  }

  get(seq: number): RawEntry | undefined {
    const slot = seq % this.capacity;
    if (seq < 1 || this.seqs[slot] !== seq) return undefined;
    const head = this.heads.text(this.headArena[slot]!, this.headAt[slot]!, this.headLen[slot]!);
    if (head === undefined) return undefined;
    const nl = head.indexOf('\n');
    // the time and the status are the slot's (kept for the filters), not repeated in the text
    const [method, url, requestId, latencyMs, note, replyHeaders] = JSON.parse(head.slice(0, nl)) as [string, string, string, number, RequestNote, OutgoingHttpHeaders];
    const at = this.atOf[slot]!;
    const status = this.statusOf[slot]!;
    const reqHeaders = headerMap(head.slice(nl + 1));
    const e: RawEntry = { seq, at, method, url, requestId, status, latencyMs, note, reqHeaders, reqBody: undefined, replyHeaders, replyBody: undefined };
    const ba = this.bodyArena[slot]!;
    if (ba >= 0) {
      const reqLen = this.reqLen[slot]!;
      const body = this.bodyChunks.read(ba, this.bodyAt[slot]!, reqLen + this.replyLen[slot]!);
      if (body) {
        if (reqLen > 0) e.reqBody = body.subarray(0, reqLen);
        if (body.length > reqLen) e.replyBody = body.subarray(reqLen);
      } else e.bodiesDropped = true;
    }
    return e;
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
      const slot = seq % this.capacity;
      if (this.seqs[slot] !== seq || this.atOf[slot]! < sinceTime) continue;
      // the filters a slot answers without decoding its entry
      if ((f.cloud && this.cloudOf[slot] !== f.cloud) || (f.operation && this.operationOf[slot] !== f.operation) || (f.account && this.accountOf[slot] !== f.account)) continue;
      if (f.status && !statusMatches(f.status, this.statusOf[slot]!)) continue;
      const e = this.get(seq);
      if (e && matches(e, f)) out.push(e);
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
