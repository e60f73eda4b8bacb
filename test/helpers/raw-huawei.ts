// Hand-signed Huawei requests for what the SDK will not send: stale dates, tampered bodies,
// malformed JSON. The signing is the SDK core's algorithm, written out so a test can bend it.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export function sdkDate(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function sign(opts: { method: string; path: string; query?: string; headers: Record<string, string>; body: string | Buffer; ak: string; sk: string }): string {
  const names = Object.keys(opts.headers).map((h) => h.toLowerCase()).sort();
  const uri = opts.path.split('/').map((s) => enc(decodeURIComponent(s))).join('/') + (opts.path.endsWith('/') ? '' : '/');
  const query = (opts.query ?? '')
    .split('&')
    .filter(Boolean)
    .map((p) => p.split('=').map((x) => enc(decodeURIComponent(x ?? ''))).join('='))
    .sort()
    .join('&');
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) lower[k.toLowerCase()] = v;
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join('');
  const hash = createHash('sha256').update(opts.body).digest('hex');
  const canonical = [opts.method, uri, query, canonicalHeaders, names.join(';'), hash].join('\n');
  const sts = ['SDK-HMAC-SHA256', lower['x-sdk-date'], createHash('sha256').update(canonical).digest('hex')].join('\n');
  return `SDK-HMAC-SHA256 Access=${opts.ak}, SignedHeaders=${names.join(';')}, Signature=${createHmac('sha256', opts.sk).update(sts).digest('hex')}`;
}

export function send(endpoint: string, method: string, pathAndQuery: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawReply> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: pathAndQuery, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Signs and sends like the SDK does (content-type, host, X-Project-Id, X-Sdk-Date signed), with knobs to break it. */
export function signedSend(
  endpoint: string,
  creds: { ak: string; sk: string; project?: string },
  method: string,
  pathAndQuery: string,
  body: string | Buffer = '',
  bend: { date?: number; extraHeaders?: Record<string, string>; tamperBody?: string | Buffer; tamperPath?: string } = {},
): Promise<RawReply> {
  const host = new URL(endpoint).host;
  const [path, query] = pathAndQuery.split('?') as [string, string | undefined];
  const headers: Record<string, string> = { 'content-type': 'application/json', host, 'x-sdk-date': sdkDate(bend.date ?? Date.now()) };
  if (creds.project) headers['x-project-id'] = creds.project;
  const authorization = sign({ method, path, query: query ?? '', headers, body, ak: creds.ak, sk: creds.sk });
  return send(endpoint, method, bend.tamperPath ?? pathAndQuery, { ...headers, ...(bend.extraHeaders ?? {}), authorization }, bend.tamperBody ?? body);
}
