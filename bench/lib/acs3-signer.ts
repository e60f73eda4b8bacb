// ACS3-HMAC-SHA256, the signature the Alibaba Cloud SDKs (@alicloud/openapi-core) put on RPC calls,
// precomputed per request like the Huawei one. Each request carries its own x-acs-signature-nonce:
// Alibaba refuses a nonce it has seen (SignatureNonceUsed).
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { SignedHttpRequest } from './huawei-signer.js';

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export const acsDate = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function signAcs3(
  key: { ak: string; sk: string },
  req: { action: string; version: string; params: Record<string, string>; host: string; date: string; method?: string },
): SignedHttpRequest {
  const method = req.method ?? 'POST';
  const query = Object.keys(req.params)
    .sort()
    .map((k) => `${enc(k)}=${enc(req.params[k]!)}`)
    .join('&');
  const payload = createHash('sha256').update('').digest('hex');
  const headers: Record<string, string> = {
    host: req.host,
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': req.date,
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': payload,
  };
  const names = Object.keys(headers).sort();
  const canonical = [method, '/', query, names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), payload].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', key.sk).update(toSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${key.ak},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { method, path: `/?${query}`, headers };
}
