// Requests exactly as golangsdk (vendored by terraform-provider-huaweicloud) sends them, for flow tests
// of Go tools that have no Node client: provider_client.go sets Accept, User-Agent and, with a body,
// Content-Type, then the request's MoreHeaders; the signer (auth/core/signer) signs every header then
// present plus X-Sdk-Date (Go keeps Host outside the header map, so it is not signed); X-Project-Id and
// X-Domain-Id are added after signing, unsigned. Go's json.Marshal writes a map's keys sorted.
import { send, sdkDate, sign, type RawReply } from './raw-huawei.js';

export interface GoCredentials {
  ak: string;
  sk: string;
  /** AKSKAuthOptions.ProjectId: set for the provider's project-level client once the project is known */
  projectId?: string;
  domainId?: string;
}

/** Terraform's provider prepends its name to golangsdk's DefaultUserAgent (config.go providerUserAgent). */
export const TERRAFORM_USER_AGENT = 'terraform-provider-iac golangsdk/2.0.0';

/** A Go map marshalled: keys sorted at every level. Go structs keep their field order: build those as plain objects in order. */
export function goMapJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sorted(v));
}

export function goRequest(endpoint: string, creds: GoCredentials, method: string, pathAndQuery: string, opts: { body?: string; moreHeaders?: Record<string, string> } = {}): Promise<RawReply> {
  const [path, query] = pathAndQuery.split('?') as [string, string | undefined];
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  headers.Accept = 'application/json';
  headers['User-Agent'] = TERRAFORM_USER_AGENT;
  Object.assign(headers, opts.moreHeaders ?? {});
  headers['X-Sdk-Date'] = sdkDate(Date.now());
  const body = opts.body ?? '';
  const authorization = sign({ method, path, query: query ?? '', headers, body, ak: creds.ak, sk: creds.sk });
  const unsigned: Record<string, string> = {};
  if (creds.projectId) unsigned['X-Project-Id'] = creds.projectId;
  if (creds.domainId) unsigned['X-Domain-Id'] = creds.domainId;
  return send(endpoint, method, pathAndQuery, { ...headers, Authorization: authorization, ...unsigned }, opts.body);
}

/**
 * terraform-plugin-sdk's retry.StateChangeConf, without the waiting: Delay and PollInterval pass on a
 * virtual clock (counted, not slept). Refresh returns [result, state]; a null result counts towards
 * NotFoundChecks (20), as the SDK does; a state neither pending nor target is an error.
 */
export async function waitForState<T>(conf: {
  pending: string[];
  target: string[];
  refresh: () => Promise<[T | null, string]>;
  delayS: number;
  pollS: number;
  timeoutS: number;
  between?: (poll: number) => Promise<void>;
}): Promise<{ result: T; polls: number; elapsedS: number }> {
  let elapsed = conf.delayS;
  let notFound = 0;
  for (let poll = 1; elapsed <= conf.timeoutS; poll++, elapsed += conf.pollS) {
    const [result, state] = await conf.refresh();
    if (result === null) {
      if (++notFound > 20) throw new Error(`couldn't find resource (21 retries)`);
    } else {
      notFound = 0;
      if (conf.target.includes(state)) return { result, polls: poll, elapsedS: elapsed };
      if (!conf.pending.includes(state)) throw new Error(`unexpected state '${state}', wanted target '${conf.target.join(', ')}'`);
    }
    await conf.between?.(poll);
  }
  throw new Error(`timeout while waiting for state to become '${conf.target.join(', ')}'`);
}
