// Verification of Huawei's SDK-HMAC-SHA256 request signature (API Request Signing Guide), byte for
// byte as the official SDK core's AKSKSigner computes it.
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { BoundedMemo, rememberLast } from '../../../core/bounded-memo.js';
import { rfc3986 } from '../../../core/rfc3986.js';

/** one-shot SHA-256 (crypto.hash: no Hash object per call, about half the cost of createHash for short inputs) */
const sha256Hex = (data: string | Buffer): string => hash('sha256', data, 'hex');

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** The gateway refuses X-Sdk-Date values further than this from its own clock. */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header || header.length > 4096) return null;
  const m = AUTH_RE.exec(header.trim());
  if (!m) return null;
  return { accessKey: m[1]!, signedHeaders: m[2]!.toLowerCase().split(';'), signature: m[3]!.toLowerCase() };
}

/** X-Sdk-Date `YYYYMMDDTHHmmssZ` to epoch ms; NaN when malformed. */
export function parseSdkDate(value: string | undefined): number {
  return lastSdkDate(value);
}

// A burst of requests carries the same X-Sdk-Date (one-second resolution): the last one parsed is kept.
const lastSdkDate = rememberLast((value: string | undefined) => parseSdkDateUncached(value));

function parseSdkDateUncached(value: string | undefined): number {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  // every field in its range, as the gateway's parser (Go's time.Parse) has it: no hour 24, no
  // minute or second 60; Date.UTC would roll them over into a valid, merely "expired", time
  if (h! > 23 || mi! > 59 || s! > 59) return NaN;
  const t = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const back = new Date(t);
  return back.getUTCMonth() === mo! - 1 && back.getUTCDate() === d! ? t : NaN;
}

const safeDecode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/** Characters RFC 3986 leaves as they are, plus '/': a path made only of them is its own canonical form. */
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;

export function canonicalUri(path: string): string | null {
  // the common case (ids, no escapes) skips the decode/encode round trip of every segment
  if (PLAIN_PATH.test(path)) return path.endsWith('/') ? path : path + '/';
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    const d = safeDecode(seg);
    if (d === null) return null;
    parts.push(rfc3986(d));
  }
  const joined = parts.join('/');
  return joined.endsWith('/') ? joined : joined + '/';
}

export function canonicalQuery(rawQuery: string): string | null {
  if (!rawQuery) return '';
  const byKey = new Map<string, string[]>();
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = safeDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const v = safeDecode((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    if (k === null || v === null) return null;
    const list = byKey.get(k) ?? [];
    list.push(v);
    byKey.set(k, list);
  }
  const out: string[] = [];
  for (const k of [...byKey.keys()].sort()) {
    for (const v of byKey.get(k)!.sort()) out.push(`${rfc3986(k)}=${rfc3986(v)}`);
  }
  return out.join('&');
}

export interface SignedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
}

interface CanonicalParts {
  method: string;
  uri: string;
  query: string;
  /** signed header names, sorted */
  names: readonly string[];
  /** the same joined with ';', as the canonical request carries them */
  signedList: string;
  values: Map<string, string>;
  payloadHash: string;
  date: string;
}

/** signed header names sorted, and the same joined with ';' */
interface SortedHeaders {
  readonly names: readonly string[];
  readonly list: string;
}
/**
 * The signed header names in the SDK's order (localeCompare, as huaweicloud-sdk-core sorts them).
 * Clients send the same few lists over and over, and localeCompare goes through ICU: the sorted
 * list is remembered per list (a bounded memo, cleared when full, so hostile lists cannot grow it).
 */
const sortedMemo = new BoundedMemo<string, SortedHeaders>(256);
function sortedList(list: string): SortedHeaders {
  // frozen: every request with this list shares the one array
  const names = Object.freeze(list.split(';').sort((a, b) => a.localeCompare(b)));
  return { names, list: names.join(';') };
}
const sortedNames = (signed: readonly string[]): SortedHeaders => sortedMemo.get(signed.join(';'), sortedList);

const headerText = (v: string | string[] | undefined): string | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.join(',') : v);

/** The pieces the signature covers, as this side computes them; null for a request no SDK could sign. */
function canonicalParts(req: SignedRequest, auth: ParsedAuthorization): CanonicalParts | null {
  const uri = canonicalUri(req.path);
  const query = canonicalQuery(req.rawQuery);
  if (uri === null || query === null) return null;
  const { names, list: signedList } = sortedNames(auth.signedHeaders);
  // the timestamp must be covered, or a captured request could be replayed with a fresh date
  if (!names.includes('x-sdk-date')) return null;
  const values = new Map<string, string>();
  for (const name of names) {
    const v = headerText(req.headers[name]);
    if (v === undefined) return null;
    values.set(name, v);
  }
  const declared = req.headers['x-sdk-content-sha256'];
  const payloadHash =
    // a declared body hash counts only when it is itself signed; otherwise a body could be swapped
    typeof declared === 'string' && declared !== '' && names.includes('x-sdk-content-sha256')
      ? declared
      : req.body && req.body.length > 0
        ? sha256Hex(req.body)
        : EMPTY_BODY_SHA256;
  const date = req.headers['x-sdk-date'];
  return { method: req.method, uri, query, names, signedList, values, payloadHash, date: typeof date === 'string' ? date : '' };
}

function canonicalRequestOf(p: CanonicalParts): string {
  let canonicalHeaders = '';
  for (const name of p.names) canonicalHeaders += `${name}:${p.values.get(name)}\n`;
  return [p.method, p.uri, p.query, canonicalHeaders, p.signedList, p.payloadHash].join('\n');
}

function signatureOf(p: CanonicalParts, secretKey: string): Buffer {
  const stringToSign = ['SDK-HMAC-SHA256', p.date, sha256Hex(canonicalRequestOf(p))].join('\n');
  return createHmac('sha256', secretKey).update(stringToSign).digest();
}

/** Recomputes the signature; returns false for any request the SDK could not have produced. */
export function verifySignature(req: SignedRequest, auth: ParsedAuthorization, secretKey: string): boolean {
  const parts = canonicalParts(req, auth);
  if (!parts) return false;
  const expected = signatureOf(parts, secretKey);
  const given = Buffer.from(auth.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How far either side of the X-Sdk-Date sent the diagnosis looks for the date that was signed. */
const DATE_SEARCH_S = 120;

const sdkDateText = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * Why a signature did not verify, in plain words, for the request log (never sent to the client,
 * never containing the secret): the one difference between what was sent and what must have been
 * signed, found by recomputing the signature under each likely difference, or the canonical
 * request computed here when no single difference explains it. Runs only on refusals.
 */
export function diagnoseSignature(req: SignedRequest, auth: ParsedAuthorization, secretKey: string): string {
  const names = [...auth.signedHeaders].sort((a, b) => a.localeCompare(b));
  if (!names.includes('x-sdk-date')) return `signature refused: the signed headers (${names.join(';')}) do not include x-sdk-date, which the gateway requires`;
  for (const n of names) if (req.headers[n] === undefined) return `signature refused: the header ${n} is listed in SignedHeaders but missing from the request`;
  const parts = canonicalParts(req, auth);
  if (!parts) return 'signature refused: the path or query string cannot be decoded (malformed percent-encoding)';
  const given = Buffer.from(auth.signature, 'hex');
  const matches = (p: CanonicalParts) => {
    const s = signatureOf(p, secretKey);
    return s.length === given.length && timingSafeEqual(s, given);
  };
  const mismatch = 'signature mismatch: the canonical request differs in';
  // the date the client signed is not the one it sent (a proxy re-stamped it, a retry reused a signature)
  const sent = parseSdkDateUncached(parts.date);
  if (!Number.isNaN(sent)) {
    for (let d = 1; d <= DATE_SEARCH_S; d++) {
      for (const t of [sent - d * 1000, sent + d * 1000]) {
        const date = sdkDateText(t);
        const values = new Map(parts.values).set('x-sdk-date', date);
        if (matches({ ...parts, date, values })) return `${mismatch} the x-sdk-date header: the signature was made for X-Sdk-Date ${date}, but the request carries ${parts.date} (changed after signing?)`;
      }
    }
  }
  const bodyLength = req.body?.length ?? 0;
  if (bodyLength > 0 && matches({ ...parts, payloadHash: EMPTY_BODY_SHA256 })) return `${mismatch} the body: the client signed an empty body but sent ${bodyLength} bytes`;
  if (req.body && parts.payloadHash !== sha256Hex(req.body)) {
    if (matches({ ...parts, payloadHash: sha256Hex(req.body) })) return `${mismatch} the body hash: x-sdk-content-sha256 does not match the body sent`;
  }
  const declared = headerText(req.headers['x-sdk-content-sha256']);
  if (declared && !names.includes('x-sdk-content-sha256') && matches({ ...parts, payloadHash: declared })) {
    return `${mismatch} the body hash: the client used x-sdk-content-sha256 without signing that header`;
  }
  for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
    if (m !== parts.method && matches({ ...parts, method: m })) return `${mismatch} the method: the client signed ${m} but sent ${parts.method}`;
  }
  if (parts.uri.endsWith('/') && matches({ ...parts, uri: parts.uri.slice(0, -1) })) return `${mismatch} the path: the client signed ${parts.uri.slice(0, -1)} without the trailing slash the canonical URI ends with`;
  if (matches({ ...parts, uri: req.path })) return `${mismatch} the path: the client did not percent-encode the path segments (RFC 3986) before signing`;
  if (req.rawQuery && matches({ ...parts, query: req.rawQuery })) return `${mismatch} the query string: the client signed it as sent, not sorted and RFC 3986 encoded`;
  const host = parts.values.get('host');
  if (host !== undefined) {
    const bare = host.replace(/:\d+$/, '');
    for (const h of [bare, `${bare}:443`, `${bare}:80`]) {
      if (h !== host && matches({ ...parts, values: new Map(parts.values).set('host', h) })) return `${mismatch} the host header: the client signed host ${h} but sent ${host}`;
    }
  }
  return (
    `signature mismatch: no single difference explains it; either the request was not signed with the secret key of access key ${auth.accessKey}, ` +
    `or a signed header (${parts.names.join(', ')}) changed after signing. The canonical request computed here is:\n${canonicalRequestOf(parts)}`
  );
}
