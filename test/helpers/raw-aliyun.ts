// Hand-signed Alibaba RPC requests, for wire tests and flows that replay a client the Node SDKs do
// not cover: the v2 (HMAC-SHA1) forms of pop-core/aliyun-sdk, the ACS3 form of the Tea SDKs, and
// the tea-rpc form Terraform's alicloud provider uses (common parameters in the query, operation
// parameters in a form body, one signature over both).
import http from 'node:http';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { percentEncode, v2StringToSign } from '../../src/providers/aliyun/shared/rpc-request.js';

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface AliyunKey {
  ak: string;
  sk: string;
}

export function send(port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** `2024-01-02T03:04:05Z`, as the SDKs send Timestamp / x-acs-date. */
export const acsTimestamp = (ms = Date.now()): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const encodePairs = (m: Map<string, string>): string => [...m].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');

function v2Common(key: AliyunKey, action: string, version: string, format: string): Map<string, string> {
  return new Map(
    Object.entries({
      Action: action,
      Version: version,
      Format: format,
      AccessKeyId: key.ak,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: acsTimestamp(),
    }),
  );
}

const v2Sign = (key: AliyunKey, method: string, params: Map<string, string>): string =>
  createHmac('sha1', `${key.sk}&`).update(v2StringToSign(method, params)).digest('base64');

/** A v2 (HMAC-SHA1) call: every parameter in the query (GET) or in a form body (POST). */
export function v2Call(port: number, key: AliyunKey, version: string, action: string, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<RawReply> {
  const all = v2Common(key, action, version, 'JSON');
  for (const [k, v] of Object.entries(params)) all.set(k, v);
  all.set('Signature', v2Sign(key, method, all));
  const encoded = encodePairs(all);
  return method === 'GET' ? send(port, 'GET', `/?${encoded}`, {}) : send(port, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, encoded);
}

/**
 * Terraform's `client.RpcPost(product, version, action, query, body, true)` (tea-rpc v1.2.0):
 * POST /, Format=json and the signature parameters in the query, the operation's parameters in a
 * form body, x-acs-action / x-acs-version headers, one HMAC-SHA1 signature over query and body.
 */
export function teaRpcPost(port: number, key: AliyunKey, version: string, action: string, body: Record<string, string>): Promise<RawReply> {
  const query = v2Common(key, action, version, 'json');
  const signed = new Map([...query, ...Object.entries(body)]);
  query.set('Signature', v2Sign(key, 'POST', signed));
  return send(
    port,
    'POST',
    `/?${encodePairs(query)}`,
    { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-action': action, 'x-acs-version': version },
    encodePairs(new Map(Object.entries(body))),
  );
}

/** An ACS3-HMAC-SHA256 call as the Tea SDKs' default path sends it: operation parameters in the query. */
export function acs3Call(port: number, key: AliyunKey, version: string, action: string, params: Record<string, string>): Promise<RawReply> {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${percentEncode(params[k]!)}`)
    .join('&');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': acsTimestamp(),
    'x-acs-signature-nonce': createHash('sha256').update(randomUUID()).digest('hex'),
    'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', query, names.map((h) => `${h}:${headers[h]}\n`).join(''), names.join(';'), headers['x-acs-content-sha256']].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${key.ak},SignedHeaders=${names.join(';')},Signature=${createHmac('sha256', key.sk).update(stringToSign).digest('hex')}`;
  return send(port, 'POST', query ? `/?${query}` : '/', headers);
}

/** The RequestId of a reply: its X-Request-Id in Alibaba's upper-case UUID layout. */
export function aliyunRequestIdOf(r: RawReply): string {
  const hex = String(r.headers['x-request-id']).toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
