// SDK-HMAC-SHA256 as the official SDK core's AKSKSigner computes it, for the load generator: every
// request is signed before the clock starts, so hashing never competes with the server for CPU.
import { createHash, createHmac } from 'node:crypto';

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export const sdkDate = (t: number): string => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface HuaweiKey {
  ak: string;
  sk: string;
}

export interface SignedHttpRequest {
  method: string;
  /** path and query as sent */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Signs one request the way the SDK does: content-type, host, x-project-id (when given) and
 * x-sdk-date are signed; the body's SHA-256 is the payload hash.
 */
export function signHuawei(key: HuaweiKey, req: { method: string; path: string; host: string; project?: string; body?: string; date: string }): SignedHttpRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', host: req.host, 'x-sdk-date': req.date };
  if (req.project) headers['x-project-id'] = req.project;
  const q = req.path.indexOf('?');
  const path = q < 0 ? req.path : req.path.slice(0, q);
  const query = q < 0 ? '' : req.path.slice(q + 1);
  const uri = path.split('/').map((s) => rfc3986(decodeURIComponent(s))).join('/') + (path.endsWith('/') ? '' : '/');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((p) => p.split('=').map((x) => rfc3986(decodeURIComponent(x))).join('='))
    .sort()
    .join('&');
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]}\n`).join('');
  const payload = createHash('sha256').update(req.body ?? '').digest('hex');
  const canonical = [req.method, uri, canonicalQuery, canonicalHeaders, names.join(';'), payload].join('\n');
  const toSign = ['SDK-HMAC-SHA256', req.date, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const signature = createHmac('sha256', key.sk).update(toSign).digest('hex');
  headers.authorization = `SDK-HMAC-SHA256 Access=${key.ak}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { method: req.method, path: req.path, headers, ...(req.body !== undefined ? { body: req.body } : {}) };
}
