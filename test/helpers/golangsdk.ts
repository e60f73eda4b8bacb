// Requests as terraform-provider-huaweicloud's Go client (github.com/chnsz/golangsdk, vendored at
// the provider's HEAD) sends them with AK/SK credentials:
// - headers Accept: application/json and the provider's User-Agent, Content-Type when there is a
//   JSON body (or a call's MoreHeaders), and X-Sdk-Date; all of them signed (Go's request.Header
//   has no Host, so Host is not signed: auth/core/signer/signer.go SignedHeaders);
// - the query rewritten to its canonical form (keys sorted, RFC 3986 escaped) before it is sent:
//   CanonicalQueryString sets request.URL.RawQuery;
// - X-Project-Id set after signing, so unsigned (provider_client.go doRequest);
// - JSON bodies from json.Encoder, so with a trailing newline.
import { type RawReply, send, sign, sdkDate } from './raw-huawei.js';

export const TERRAFORM_USER_AGENT = 'terraform-provider-huaweicloud/1.79.0 golangsdk';

export interface GoCreds {
  ak: string;
  sk: string;
  project: string;
}

const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** Go's url.Values parse + signer.CanonicalQueryString: sorted keys, sorted values, escaped. */
export function canonicalGoQuery(query: string): string {
  const byKey = new Map<string, string[]>();
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    byKey.set(k, [...(byKey.get(k) ?? []), v]);
  }
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => byKey.get(k)!.sort().map((v) => `${escape(k)}=${escape(v)}`))
    .join('&');
}

export interface GoRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

/** One request as golangsdk sends it, recorded for the flow's call list, and its reply. */
export async function goSend(endpoint: string, creds: GoCreds, method: string, url: string, opts: { json?: unknown; moreHeaders?: Record<string, string>; log?: GoRequest[] } = {}): Promise<RawReply> {
  const [path, rawQuery = ''] = url.split('?') as [string, string?];
  const query = canonicalGoQuery(rawQuery);
  const body = opts.json === undefined ? '' : JSON.stringify(opts.json) + '\n';
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': TERRAFORM_USER_AGENT };
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, opts.moreHeaders ?? {});
  headers['X-Sdk-Date'] = sdkDate(Date.now());
  const authorization = sign({ method, path, query, headers, body, ak: creds.ak, sk: creds.sk });
  const sent = { ...headers, Authorization: authorization, 'X-Project-Id': creds.project };
  opts.log?.push({ method, path, query, headers: sent, body });
  return send(endpoint, method, query ? `${path}?${query}` : path, sent, opts.json === undefined ? undefined : body);
}
