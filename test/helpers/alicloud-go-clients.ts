// The two HTTP clients terraform-provider-alicloud talks to ECS with, reproduced request for request
// (the provider is Go; its requests are what specshift must take):
//
// - sdk-go (`client.WithEcsClient`, alibaba-cloud-sdk-go v1.63.x): POST / with every parameter in
//   the query string and an empty form body; Format=JSON, an empty but signed SignatureType,
//   RegionId added from the client when the request has none; HMAC-SHA1 1.0 over the query.
//   HTTP >= 500 is re-sent up to 5 more times at once, each time with a new nonce and signature.
// - tea-rpc (`client.RpcPost("Ecs", "2014-05-26", ...)`, tea-rpc v1.2.0): POST / with Action,
//   Format=json, Timestamp, Version, SignatureNonce and the signature parameters in the query and
//   the operation's parameters in a form body (lists as Name.1, Name.2); x-acs-action and
//   x-acs-version headers; the signature covers query and body. A 5xx is retried up to 3 attempts.
//
// Signing is written out here, independently of specshift's verifier, from the SDKs' sources.
import http from 'node:http';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/** RFC 3986 as both SDKs end up encoding (Go's QueryEscape with + -> %20, * -> %2A, %7E -> ~). */
const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function signV1(method: string, params: Map<string, string>, secret: string): string {
  const canonical = [...params.keys()]
    .sort()
    .map((k) => `${enc(k)}=${enc(params.get(k)!)}`)
    .join('&');
  return createHmac('sha1', `${secret}&`).update(`${method}&${enc('/')}&${enc(canonical)}`).digest('base64');
}

const formOf = (params: Map<string, string>): string => [...params.keys()].sort().map((k) => `${enc(k)}=${enc(params.get(k)!)}`).join('&');

/** sdk-go's ISO 8601 form: whole seconds. */
const isoSeconds = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface WireExchange {
  action: string;
  client: 'sdk-go' | 'tea-rpc';
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, string>;
  headers: Record<string, string>;
  status: number;
}

/** The error either client raises for a non-2xx answer. */
export class ServerError extends Error {
  constructor(
    readonly client: 'sdk-go' | 'tea-rpc',
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly requestId: string,
  ) {
    // tea-rpc's message is "code: <status>, <Message> request id: <id>" (the Code is not in it)
    super(client === 'tea-rpc' ? `code: ${status}, ${serverMessage} request id: ${requestId}` : `SDK.ServerError ErrorCode: ${code} Message: ${serverMessage}`);
  }
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
        } catch {
          reject(new Error(`not JSON (status ${res.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface GoClientOptions {
  port: number;
  ak: string;
  sk: string;
  /** the provider's region: sdk-go adds it as RegionId where a request has none */
  region: string;
  /** every exchange, in order, for the tests' call-by-call assertions */
  log: WireExchange[];
}

/** Flattens the provider's request map as tea-rpc's `Query()` does: lists to Name.1, Name.2, ... */
function flatten(params: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) v.forEach((x, i) => out.set(`${k}.${i + 1}`, String(x)));
    else out.set(k, String(v));
  }
  return out;
}

export class GoSdkClient {
  constructor(private readonly o: GoClientOptions) {}

  /**
   * One sdk-go call. `params` as the request struct sets them: empty strings are left out
   * (addParam skips them), lists go in as Name.1, Name.2, ...
   */
  async call(action: string, params: Record<string, unknown>): Promise<any> {
    const own = flatten(params);
    for (const [k, v] of own) if (v === '') own.delete(k);
    let last: ServerError | undefined;
    // MaxRetryTime 5: a 5xx (or a network error) is re-sent at once, freshly signed
    for (let attempt = 0; attempt <= 5; attempt++) {
      const q = new Map(own);
      q.set('Version', '2014-05-26');
      q.set('Action', action);
      q.set('Format', 'JSON');
      q.set('Timestamp', isoSeconds());
      q.set('SignatureMethod', 'HMAC-SHA1');
      q.set('SignatureType', '');
      q.set('SignatureVersion', '1.0');
      q.set('SignatureNonce', randomUUID());
      q.set('AccessKeyId', this.o.ak);
      if (!q.has('RegionId')) q.set('RegionId', this.o.region);
      q.set('Signature', signV1('POST', q, this.o.sk));
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-sdk-client': 'golang/1.0.0', 'x-sdk-invoke-type': 'normal' };
      const path = `/?${formOf(q)}`;
      const { status, json } = await send(this.o.port, 'POST', path, headers, '');
      this.o.log.push({ action, client: 'sdk-go', method: 'POST', path: '/', query: Object.fromEntries(q), body: {}, headers, status });
      if (status >= 200 && status < 300) return json;
      last = new ServerError('sdk-go', status, String(json.Code), String(json.Message), String(json.RequestId));
      if (status < 500) throw last;
    }
    throw last!;
  }
}

export class TeaRpcClient {
  constructor(private readonly o: GoClientOptions) {}

  /** `client.RpcPost("Ecs", "2014-05-26", action, nil, body, true)`. */
  async rpcPost(action: string, body: Record<string, unknown>): Promise<Record<string, any>> {
    const form = flatten(body);
    let last: ServerError | undefined;
    // autoretry: up to 3 attempts while the answer is a 5xx, no backoff
    for (let attempt = 0; attempt < 3; attempt++) {
      const q = new Map<string, string>([
        ['Action', action],
        ['Format', 'json'],
        ['Timestamp', isoSeconds()],
        ['Version', '2014-05-26'],
        ['SignatureNonce', randomBytes(16).toString('hex')],
        ['SignatureMethod', 'HMAC-SHA1'],
        ['SignatureVersion', '1.0'],
        ['AccessKeyId', this.o.ak],
      ]);
      q.set('Signature', signV1('POST', new Map([...q, ...form]), this.o.sk));
      const headers = {
        host: `127.0.0.1:${this.o.port}`,
        'x-acs-version': '2014-05-26',
        'x-acs-action': action,
        'user-agent': 'AlibabaCloud (linux; amd64) Go/1.22 Core/0.01 TeaDSL/1 Terraform/1.9.0',
        'content-type': 'application/x-www-form-urlencoded',
      };
      const { status, json } = await send(this.o.port, 'POST', `/?${formOf(q)}`, headers, formOf(form));
      this.o.log.push({ action, client: 'tea-rpc', method: 'POST', path: '/', query: Object.fromEntries(q), body: Object.fromEntries(form), headers, status });
      if (status >= 200 && status < 300) {
        // the provider's formatError: a 200 with a non-success top-level Code and a Message is an error
        if (json.Code !== undefined && !['success', 'ok', '200', '0'].includes(String(json.Code).toLowerCase()) && json.Message) {
          throw new ServerError('tea-rpc', status, String(json.Code), String(json.Message), String(json.RequestId));
        }
        return json;
      }
      last = new ServerError('tea-rpc', status, String(json.Code), String(json.Message), String(json.RequestId));
      if (status < 500) throw last;
    }
    throw last!;
  }
}

/** The provider's `buildClientToken(action)`: "TF-<Action>-<unix>-<uuid>" cut to 64 characters. */
export const buildClientToken = (action: string): string => `TF-${action}-${Math.floor(Date.now() / 1000)}-${randomUUID()}`.slice(0, 64);

/** alicloud/errors.go IsExpectedErrors for sdk-go errors: the code, or the code within the message. */
export const isExpected = (err: unknown, codes: string[]): boolean =>
  err instanceof ServerError && codes.some((c) => err.code === c || err.serverMessage.includes(c) || (err.client === 'tea-rpc' && err.code.startsWith(c)));

/** alicloud/errors.go NeedRetry: throttling, ServiceUnavailable, a tea-rpc 5xx. */
export const needRetry = (err: unknown): boolean =>
  err instanceof ServerError && (err.code === 'ServiceUnavailable' || err.code === 'Rejected.Throttling' || /Throttling/.test(err.code) || /^code: 5\d\d/.test(err.message));

/** alicloud/errors.go NotFoundError: 404, or a NotFound code / message. */
export const isNotFound = (err: unknown): boolean =>
  err instanceof ServerError &&
  (err.status === 404 || (err.client === 'tea-rpc' ? /NotFound/.test(err.message) : ['Instance.Notfound', 'Forbidden.InstanceNotFound', 'NotFound'].includes(err.code) || err.serverMessage.includes('instance is not found')));
