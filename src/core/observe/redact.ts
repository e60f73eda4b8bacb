// What the request log shows of a call: headers, query and bodies with every secret replaced.
// Secrets are credentials that would let a reader act as the caller: signatures, tokens,
// passwords, secret keys. Identifiers (access key ids, account and project ids) stay: they are
// what a reader looks for.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export const REDACTED = '[redacted]';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'x-security-token', 'x-acs-security-token', 'x-acs-bearer-token', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Query and form parameters that are credentials (Alibaba's v2 signature travels in the query). */
const SECRET_PARAMS = /^(signature|securitytoken|bearertoken|accesskeysecret|password|secret|token)$/i;

/** JSON keys whose string values are credentials. */
const SECRET_KEYS = /(password|passwd|secret|token|signature|credential|private_?key|adminpass|admin_pass|access_?key_?secret|user_?data)$/i;

/**
 * The Authorization header without its signature: the scheme, the access key id and the signed
 * header list say how the caller signed, which is what a reader needs; the signature itself goes.
 */
export function redactAuthorization(value: string): string {
  const scheme = /^\s*(\S+)\s/.exec(value)?.[1];
  if (!scheme) return REDACTED;
  const access = /(?:Access|Credential)=([^,\s]+)/.exec(value)?.[0];
  const signed = /SignedHeaders=([^,\s]+)/.exec(value)?.[0];
  if (!access && !signed) return `${scheme} ${REDACTED}`;
  return [`${scheme} ${access ?? ''}`.trim(), signed, `Signature=${REDACTED}`].filter(Boolean).join(', ');
}

export function redactHeaders(h: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    out[name] = name === 'authorization' ? redactAuthorization(value) : SECRET_HEADERS.has(name) ? REDACTED : value;
  }
  return out;
}

function redactPairs(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let key = pair.slice(0, eq);
      try {
        key = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        /* kept as sent */
      }
      return SECRET_PARAMS.test(key) || SECRET_KEYS.test(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?${redactPairs(url.slice(q + 1))}`;
}

function redactJson(v: unknown, depth = 0): unknown {
  if (depth > 32 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => redactJson(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) && (typeof x === 'string' || typeof x === 'number') ? REDACTED : redactJson(x, depth + 1);
  }
  return out;
}

/** A body as text with its secrets replaced; JSON and form bodies are read, anything else is kept. */
export function redactBody(body: string | null, contentType: string): string | null {
  if (body === null) return null;
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(body)), null, 2);
    } catch {
      // not JSON after all (a cut body): keys that look secret are blanked by pattern
      return body.replace(/("(?:[^"]*(?:password|secret|token|signature)[^"]*)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`);
    }
  }
  if (contentType.includes('x-www-form-urlencoded') || /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(body)) return redactPairs(body);
  return body;
}
