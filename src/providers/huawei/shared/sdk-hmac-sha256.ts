// Verification of Huawei's SDK-HMAC-SHA256 request signature (API Request Signing Guide), byte for
// byte as the official SDK core's AKSKSigner computes it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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

// A burst of requests carries the same X-Sdk-Date (one-second resolution): the last one parsed is kept.
let lastDate = '';
let lastDateMs = NaN;

/** X-Sdk-Date `YYYYMMDDTHHmmssZ` to epoch ms; NaN when malformed. */
export function parseSdkDate(value: string | undefined): number {
  if (value !== undefined && value === lastDate) return lastDateMs;
  const ms = parseSdkDateUncached(value);
  lastDate = value ?? '';
  lastDateMs = ms;
  return ms;
}

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

/** RFC 3986 encoding as the SDK does it: only A-Z a-z 0-9 - _ . ~ stay raw. */
export const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

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

/** Recomputes the signature; returns false for any request the SDK could not have produced. */
export function verifySignature(req: SignedRequest, auth: ParsedAuthorization, secretKey: string): boolean {
  const uri = canonicalUri(req.path);
  const query = canonicalQuery(req.rawQuery);
  if (uri === null || query === null) return false;
  const sorted = [...auth.signedHeaders].sort((a, b) => a.localeCompare(b));
  // the timestamp must be covered, or a captured request could be replayed with a fresh date
  if (!sorted.includes('x-sdk-date')) return false;
  let canonicalHeaders = '';
  for (const name of sorted) {
    const v = req.headers[name];
    if (v === undefined) return false;
    canonicalHeaders += `${name}:${Array.isArray(v) ? v.join(',') : v}\n`;
  }
  const declared = req.headers['x-sdk-content-sha256'];
  const payloadHash =
    // a declared body hash counts only when it is itself signed; otherwise a body could be swapped
    typeof declared === 'string' && declared !== '' && sorted.includes('x-sdk-content-sha256')
      ? declared
      : req.body && req.body.length > 0
        ? createHash('sha256').update(req.body).digest('hex')
        : EMPTY_BODY_SHA256;
  const canonicalRequest = [req.method, uri, query, canonicalHeaders, sorted.join(';'), payloadHash].join('\n');
  const date = req.headers['x-sdk-date'];
  const stringToSign = ['SDK-HMAC-SHA256', typeof date === 'string' ? date : '', createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const expected = createHmac('sha256', secretKey).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
