// Turns a raw HTTP request into an Alibaba Cloud RPC call: merged parameters, Action/Version, the
// caller's key, and a verifier that recomputes the signature exactly as the official SDKs do
// (@alicloud/openapi-core `getAuthorization` for ACS3-HMAC-SHA256, `getRPCSignature` and
// @alicloud/pop-core for the legacy HMAC-SHA1 "v2" scheme).
//
// Pure and framework-free: no I/O, no clock, no key store. The caller looks the AccessKeyId up
// (InvalidAccessKeyId.NotFound), checks freshness with isTimestampFresh (InvalidTimeStamp.Expired),
// remembers nonces to refuse replays (SignatureNonceUsed), checks the STS token, then calls
// verify(secret) and answers SignatureDoesNotMatch when it returns false.
import { createHmac, hash as oneShotHash, timingSafeEqual } from 'node:crypto';
import { aliyunAuthError, type AliyunAuthError } from './auth-errors.js';
import { rememberLast } from '../../../core/bounded-memo.js';
import { rfc3986 } from '../../../core/rfc3986.js';

/** Alibaba refuses a Timestamp / x-acs-date more than 15 minutes away from its own clock. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export type RpcSignatureScheme = 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';

export interface RawRpcRequest {
  method: string;
  /** path + '?' + raw query, exactly as received (node's req.url) */
  rawUrl: string;
  /** lowercase names, as node gives them */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string | undefined;
  /** defaults to the content-type header */
  contentType?: string;
}

export interface RpcCall {
  readonly scheme: RpcSignatureScheme;
  readonly method: string;
  /** the path without query; RPC APIs live at '/', routing is the caller's business */
  readonly path: string;
  readonly action: string;
  readonly version: string;
  /** operation parameters only: query ∪ form body, minus the common/signature parameters */
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  /** STS token (x-acs-security-token header or SecurityToken parameter), when sent */
  readonly securityToken: string | undefined;
  /** ms since epoch, from x-acs-date (ACS3) or Timestamp (v2) */
  readonly timestamp: number;
  /** x-acs-signature-nonce or SignatureNonce; the caller must refuse one seen in the window */
  readonly nonce: string;
  /** the Format parameter if sent (v2 clients send JSON/json); ACS3 sends none */
  readonly format: string | undefined;
  /** the server-side string to sign; real SignatureDoesNotMatch messages echo it */
  readonly stringToSign: string;
  /** the signature as sent */
  readonly signature: string;
  /** Recomputes the signature with `secret` and compares in constant time. */
  verify(secret: string): boolean;
  /**
   * Why the signature does not verify, in plain words, for the request log (never the secret):
   * the one difference that makes it verify, or the string to sign computed here.
   */
  diagnose(secret: string): string;
}

/** How far either side of the date sent the diagnosis looks for the date that was signed (s). */
const DATE_SEARCH_S = 120;
const acsDateText = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export type RpcParseResult =
  | { readonly ok: true; readonly call: RpcCall }
  | { readonly ok: false; readonly error: AliyunAuthError };

/**
 * Parameters that belong to the protocol, not to the operation. Kept out of `params` on both
 * paths so handlers see the same map whichever way the SDK signed.
 */
const COMMON_PARAMS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureType',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
  'BearerToken',
]);

/** RFC 3986 encoding as every Alibaba SDK does it: only A-Z a-z 0-9 - _ . ~ stay raw. */
export const percentEncode = rfc3986;

/**
 * `YYYY-MM-DDTHH:mm:ssZ` (UTC, as the current SDKs emit it) to epoch ms; NaN if malformed.
 * `fraction`: also `YYYY-MM-DDTHH:mm:ss.sssZ` (1 to 3 digits), the `Date.toISOString()` form the
 * legacy `aliyun-sdk` signs its v2 Timestamp with. That SDK was written against the real gateway,
 * so the gateway takes it; ACS3's x-acs-date stays whole seconds (no client sends a fraction there).
 */
export function parseAcsTimestamp(text: string, fraction = false): number {
  return fraction ? lastWithFraction(text) : lastWhole(text);
}

// a burst of requests carries the same date (one-second resolution): the last one parsed is kept
const lastWhole = rememberLast((text: string) => parseAcsTimestampUncached(text, false));
const lastWithFraction = rememberLast((text: string) => parseAcsTimestampUncached(text, true));

function parseAcsTimestampUncached(text: string, fraction: boolean): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/.exec(text);
  if (!m || (m[7] !== undefined && !fraction)) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return NaN;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  // Date.UTC rolls 2024-02-31 over to March; a real calendar date round-trips
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : NaN;
}

/** True when `tsMs` lies within ±15 minutes of `nowMs` (else InvalidTimeStamp.Expired). */
export function isTimestampFresh(tsMs: number, nowMs: number): boolean {
  return Number.isFinite(tsMs) && Number.isFinite(nowMs) && Math.abs(nowMs - tsMs) <= TIMESTAMP_WINDOW_MS;
}

/**
 * Splits `a=1&b=2` into a map, first occurrence winning (no SDK repeats a key; one map feeds both
 * the signature and `params`, so a repeated key cannot smuggle an unsigned value).
 * `plusIsSpace`: a form body follows the form-urlencoded rule; the query string keeps `+` literal,
 * as the reference asks (the SDKs always send `%2B`, `%20`). A component with malformed `%`
 * sequences or invalid UTF-8 is kept verbatim rather than thrown on: no SDK sends one, and such a
 * request simply fails verification.
 */
function parsePairs(text: string, plusIsSpace: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  const decode = (s: string): string => {
    // nothing to decode in most components (ids, types, region names)
    if (!s.includes('%') && !(plusIsSpace && s.includes('+'))) return s;
    const t = plusIsSpace ? s.replace(/\+/g, ' ') : s;
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!key || out.has(key)) continue;
    out.set(key, decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return out;
}

/** Header value as the SDK signs it: repeats trimmed, sorted and joined with ','. */
function headerValue(headers: RawRpcRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.map((x) => x.trim()).sort().join(',') : v.trim();
}

/** Constant-time comparison of two ASCII strings (the length of a signature is not secret). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const fail = (error: AliyunAuthError): RpcParseResult => ({ ok: false, error });

/**
 * Action/Version from the x-acs-action / x-acs-version header or the Action / Version parameter.
 * When both are present they must agree (InvalidParameter). On the v2 path the headers are
 * unsigned, so only the signed parameter may name the operation: otherwise a captured request
 * could be replayed as another operation by editing one header.
 */
function pickActionVersion(
  headers: RawRpcRequest['headers'],
  signed: Map<string, string>,
  headersAreSigned: boolean,
): { action: string; version: string } | AliyunAuthError {
  const result: Record<'Action' | 'Version', string> = { Action: '', Version: '' };
  for (const [param, header] of [
    ['Action', 'x-acs-action'],
    ['Version', 'x-acs-version'],
  ] as const) {
    const fromHeader = headerValue(headers, header) || undefined;
    const fromParam = signed.get(param) || undefined;
    // pop-core sends x-acs-action as the caller spelled it and Action with its first letter
    // upper-cased ('describeRegions' / 'DescribeRegions'): on the unsigned path only the case may differ
    const differ = headersAreSigned ? fromHeader !== fromParam : fromHeader?.toLowerCase() !== fromParam?.toLowerCase();
    if (fromHeader !== undefined && fromParam !== undefined && differ) {
      return aliyunAuthError('InvalidParameter', 'Action or Version');
    }
    const value = fromParam ?? (headersAreSigned ? fromHeader : undefined);
    if (value === undefined) return aliyunAuthError('MissingParameter', param);
    result[param] = value;
  }
  return { action: result.Action, version: result.Version };
}

function operationParams(merged: Map<string, string>): Record<string, string> {
  const out: [string, string][] = [];
  for (const entry of merged) if (!COMMON_PARAMS.has(entry[0])) out.push(entry);
  // fromEntries defines own properties, so a parameter named __proto__ stays a plain key
  return Object.fromEntries(out);
}

const isAuthError = (x: object): x is AliyunAuthError => 'httpStatus' in x;

/** Parses and checks the shape of an RPC request; the signature itself is checked by verify(). */
export function parseRpcRequest(raw: RawRpcRequest): RpcParseResult {
  const q = raw.rawUrl.indexOf('?');
  const path = q < 0 ? raw.rawUrl : raw.rawUrl.slice(0, q);
  const query = parsePairs(q < 0 ? '' : raw.rawUrl.slice(q + 1), false);
  const bodyBytes =
    raw.body === undefined ? NO_BODY : typeof raw.body === 'string' ? Buffer.from(raw.body, 'utf8') : raw.body;
  const contentType = (raw.contentType ?? headerValue(raw.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const form = contentType === 'application/x-www-form-urlencoded' ? parsePairs(bodyBytes.toString('utf8'), true) : new Map<string, string>();
  // the body wins over the query, as in openapi-core's doRPCRequest ({...query, ...body})
  const merged = new Map<string, string>(query);
  for (const [k, v] of form) merged.set(k, v);

  const authorization = headerValue(raw.headers, 'authorization');
  if (authorization) return parseAcs3(raw, authorization, path, query, merged, bodyBytes);
  if (merged.has('Signature')) return parseV2(raw, path, merged);
  return fail(aliyunAuthError('MissingParameter', merged.has('AccessKeyId') ? 'Signature' : 'AccessKeyId'));
}

/** no body: nothing reads or writes its bytes, one buffer serves every request */
const NO_BODY = Buffer.alloc(0);

const AUTH_RE = /^(\S+) Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([^,\s]+)$/;

function parseAcs3(
  raw: RawRpcRequest,
  authorization: string,
  path: string,
  query: Map<string, string>,
  merged: Map<string, string>,
  body: Buffer,
): RpcParseResult {
  const m = AUTH_RE.exec(authorization);
  if (!m) {
    // an ACS3-SM3 / ACS3-RSA header is well formed but uses an algorithm the emulator lacks
    const algo = authorization.split(' ', 1)[0]!;
    return fail(aliyunAuthError(algo.startsWith('ACS3-') && algo !== ACS3_ALGORITHM ? 'InvalidSignatureMethod' : 'IncompleteSignature'));
  }
  const algorithm = m[1]!;
  const accessKeyId = m[2]!;
  const signedList = m[3]!;
  const signature = m[4]!;
  if (algorithm !== ACS3_ALGORITHM) {
    return fail(aliyunAuthError(algorithm.startsWith('ACS3-') ? 'InvalidSignatureMethod' : 'IncompleteSignature'));
  }
  const signedHeaders = signedList.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase()) || new Set(signedHeaders).size !== signedHeaders.length) {
    return fail(aliyunAuthError('IncompleteSignature'));
  }
  for (const required of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!headerValue(raw.headers, required)) return fail(aliyunAuthError('MissingParameter', required));
  }
  // Alibaba: every common header present (host, content-type, x-acs-*) must be signed; otherwise
  // an unsigned x-acs-action or x-acs-security-token could be swapped on a captured request.
  for (const name of Object.keys(raw.headers)) {
    const lower = name.toLowerCase();
    if (raw.headers[name] === undefined) continue;
    if ((lower === 'host' || lower === 'content-type' || lower.startsWith('x-acs-')) && !signedHeaders.includes(lower)) {
      return fail(aliyunAuthError('IncompleteSignature'));
    }
  }
  let canonicalHeaders = '';
  for (const name of signedHeaders) {
    const v = headerValue(raw.headers, name);
    if (v === undefined) return fail(aliyunAuthError('IncompleteSignature'));
    canonicalHeaders += `${name}:${v}\n`;
  }

  const dateText = headerValue(raw.headers, 'x-acs-date')!;
  const timestamp = parseAcsTimestamp(dateText);
  if (Number.isNaN(timestamp)) return fail(aliyunAuthError('InvalidTimeStamp.Format'));

  const av = pickActionVersion(raw.headers, merged, true);
  if (isAuthError(av)) return fail(av);

  const securityToken = headerValue(raw.headers, 'x-acs-security-token') || merged.get('SecurityToken') || undefined;
  const tokenKeyId = headerValue(raw.headers, 'x-acs-accesskey-id');
  // the SDK repeats the key id next to an STS token; a different one means a spliced request
  if (tokenKeyId !== undefined && tokenKeyId !== accessKeyId) return fail(aliyunAuthError('IncompleteSignature'));
  if (accessKeyId.startsWith('STS.') && !securityToken) return fail(aliyunAuthError('MissingSecurityToken'));

  // NB: openapi-core encodes only the value, never the key, in the canonical query
  const canonicalQuery = [...query.keys()]
    .sort()
    .map((k) => `${k}=${percentEncode(query.get(k)!)}`)
    .join('&');
  const canonicalUri = path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  // hash of the bytes received, not the declared x-acs-content-sha256: a swapped body then fails
  const payloadHash = body.length === 0 ? EMPTY_BODY_SHA256 : oneShotHash('sha256', body, 'hex');
  const toSign = (method: string, headersText: string, hash: string, queryText = canonicalQuery) =>
    `${ACS3_ALGORITHM}\n${oneShotHash('sha256', [method, canonicalUri, queryText, headersText, signedHeaders.join(';'), hash].join('\n'), 'hex')}`;
  const stringToSign = toSign(raw.method, canonicalHeaders, payloadHash);
  const matchesWith = (secret: string, sts: string) => safeEqual(createHmac('sha256', secret).update(sts, 'utf8').digest('hex'), signature.toLowerCase());
  const diagnose = (secret: string): string => {
    const mismatch = 'signature mismatch: the canonical request differs in';
    if (signedHeaders.includes('x-acs-date')) {
      const sent = parseAcsTimestamp(dateText);
      for (let d = 1; d <= DATE_SEARCH_S; d++) {
        for (const t of [sent - d * 1000, sent + d * 1000]) {
          const date = acsDateText(t);
          const headersText = canonicalHeaders.replace(`x-acs-date:${dateText}\n`, `x-acs-date:${date}\n`);
          if (matchesWith(secret, toSign(raw.method, headersText, payloadHash))) return `${mismatch} the x-acs-date header: the signature was made for ${date}, but the request carries ${dateText} (changed after signing?)`;
        }
      }
    }
    const declared = headerValue(raw.headers, 'x-acs-content-sha256');
    if (declared && declared !== payloadHash && matchesWith(secret, toSign(raw.method, canonicalHeaders, declared))) {
      return `${mismatch} the body: x-acs-content-sha256 is the hash of other bytes than the ${body.length} sent`;
    }
    if (body.length > 0 && matchesWith(secret, toSign(raw.method, canonicalHeaders, EMPTY_BODY_SHA256))) return `${mismatch} the body: the client signed an empty body but sent ${body.length} bytes`;
    for (const m of ['GET', 'POST', 'PUT', 'DELETE']) {
      if (m !== raw.method && matchesWith(secret, toSign(m, canonicalHeaders, payloadHash))) return `${mismatch} the method: the client signed ${m} but sent ${raw.method}`;
    }
    const encodedKeys = [...query.keys()].sort().map((k) => `${percentEncode(k)}=${percentEncode(query.get(k)!)}`).join('&');
    if (encodedKeys !== canonicalQuery && matchesWith(secret, toSign(raw.method, canonicalHeaders, payloadHash, encodedKeys))) return `${mismatch} the query string: the client percent-encoded the parameter names`;
    return `signature mismatch: no single difference explains it; either the request was not signed with the secret of access key ${accessKeyId}, or a signed header (${signedHeaders.join(', ')}) changed after signing. The string to sign computed here is:\n${stringToSign}`;
  };

  return {
    ok: true,
    call: {
      scheme: 'ACS3-HMAC-SHA256',
      method: raw.method,
      path,
      action: av.action,
      version: av.version,
      params: operationParams(merged),
      accessKeyId,
      securityToken,
      timestamp,
      nonce: headerValue(raw.headers, 'x-acs-signature-nonce')!,
      format: merged.get('Format'),
      stringToSign,
      signature,
      verify: (secret: string): boolean => matchesWith(secret, stringToSign),
      diagnose,
    },
  };
}

/**
 * The v2 string to sign: METHOD&%2F&enc(sorted enc(k)=enc(v) joined by &). Keys are sorted
 * before encoding, as openapi-core's normalize() and pop-core do.
 */
export function v2StringToSign(method: string, signedParams: ReadonlyMap<string, string>): string {
  const canonical = [...signedParams.keys()]
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(signedParams.get(k)!)}`)
    .join('&');
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

const v2Matches = (secret: string, stringToSign: string, signature: string): boolean =>
  safeEqual(createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64'), signature);

function parseV2(raw: RawRpcRequest, path: string, merged: Map<string, string>): RpcParseResult {
  const signature = merged.get('Signature')!;
  if (!signature) return fail(aliyunAuthError('MissingParameter', 'Signature'));
  const method = merged.get('SignatureMethod');
  if (!method) return fail(aliyunAuthError('MissingParameter', 'SignatureMethod'));
  if (method !== 'HMAC-SHA1') return fail(aliyunAuthError('InvalidSignatureMethod'));
  const sigVersion = merged.get('SignatureVersion');
  if (!sigVersion) return fail(aliyunAuthError('MissingParameter', 'SignatureVersion'));
  if (sigVersion !== '1.0') return fail(aliyunAuthError('InvalidParameter', 'SignatureVersion'));
  const accessKeyId = merged.get('AccessKeyId');
  if (!accessKeyId) return fail(aliyunAuthError('MissingParameter', 'AccessKeyId'));

  const av = pickActionVersion(raw.headers, merged, false);
  if (isAuthError(av)) return fail(av);

  const tsText = merged.get('Timestamp');
  if (!tsText) return fail(aliyunAuthError('MissingParameter', 'Timestamp'));
  const timestamp = parseAcsTimestamp(tsText, true);
  if (Number.isNaN(timestamp)) return fail(aliyunAuthError('InvalidTimeStamp.Format'));
  const nonce = merged.get('SignatureNonce');
  if (!nonce) return fail(aliyunAuthError('MissingParameter', 'SignatureNonce'));

  const securityToken = merged.get('SecurityToken') || undefined;
  if (accessKeyId.startsWith('STS.') && !securityToken) return fail(aliyunAuthError('MissingSecurityToken'));

  const signed = new Map(merged);
  signed.delete('Signature');
  const stringToSign = v2StringToSign(raw.method, signed);

  return {
    ok: true,
    call: {
      scheme: 'HMAC-SHA1',
      method: raw.method,
      path,
      action: av.action,
      version: av.version,
      params: operationParams(merged),
      accessKeyId,
      securityToken,
      timestamp,
      nonce,
      format: merged.get('Format'),
      stringToSign,
      signature,
      // the key is secret + '&' (the empty token secret of the OAuth-style scheme)
      verify: (secret: string): boolean => v2Matches(secret, stringToSign, signature),
      diagnose: (secret: string): string => {
        const mismatch = 'signature mismatch: the string to sign differs in';
        for (const m of ['GET', 'POST']) {
          if (m !== raw.method && v2Matches(secret, v2StringToSign(m, signed), signature)) return `${mismatch} the method: the client signed ${m} but sent ${raw.method}`;
        }
        if (signature.includes(' ') && v2Matches(secret, stringToSign, signature.replace(/ /g, '+'))) {
          return `${mismatch} nothing, but the Signature parameter's "+" arrived as " ": the client did not percent-encode it`;
        }
        return `signature mismatch: no single difference explains it; either the request was not signed with the secret of access key ${accessKeyId}, or a parameter changed after signing. The string to sign computed here is:\n${stringToSign}`;
      },
    },
  };
}
