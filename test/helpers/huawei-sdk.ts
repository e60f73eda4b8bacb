// The official Huawei Cloud SDK, unmodified, pointed at a live specshift server.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// CommonJS packages; loaded through require so their classes keep their runtime shape
export const ecsSdk = require('@huaweicloud/huaweicloud-sdk-ecs') as any;
export const coreSdk = require('@huaweicloud/huaweicloud-sdk-core') as any;

/**
 * The SDK logs every failed call to stdout through log4js at error level, and its options cannot
 * change that; refusals are what these tests expect, so the SDK's own log4js is told to be quiet.
 */
createRequire(require.resolve('@huaweicloud/huaweicloud-sdk-core'))('log4js').configure({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});
export const quiet = {};

export function ecsClient(endpoint: string, ak: string, sk: string, projectId: string): any {
  const credentials = new coreSdk.BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  return ecsSdk.EcsClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).withOptions(quiet).build();
}

/** Calls an SDK method and returns either the reply or the SDK's exception, for error assertions. */
export async function attempt<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: any }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as any;

/**
 * A signed client for Huawei services without a Node SDK package (BSS billing, AAD): the core SDK's
 * own ClientBuilder, GlobalCredentials and signer, sending a request definition like the generated
 * clients do.
 */
export function globalClient(endpoint: string, ak: string, sk: string, domainId?: string) {
  // without a domain id the SDK asks IAM (GET /v3/auth/domains), which specshift serves too
  const credentials = new coreSdk.GlobalCredentials().withAk(ak).withSk(sk).withIamEndpoint(endpoint);
  if (domainId) credentials.withDomainId(domainId);
  const hc = new ClientBuilder((client: any) => ({ client }))
    .withCredential(credentials)
    .withEndpoint(endpoint)
    .withOptions(quiet)
    .build().client;
  return {
    send(method: string, url: string, opts: { data?: unknown; queryParams?: Record<string, unknown>; pathParams?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<any> {
      return hc.sendRequest({
        method,
        url,
        contentType: 'application/json',
        queryParams: opts.queryParams ?? {},
        pathParams: opts.pathParams ?? {},
        headers: opts.headers ?? {},
        ...(opts.data === undefined ? {} : { data: opts.data }),
        responseHeaders: [''],
      });
    },
  };
}

export const vpcSdk = require('@huaweicloud/huaweicloud-sdk-vpc') as any;

/** The VPC SDK's VpcClient (v2; its port calls are the /v1/{project_id}/ports API). */
export function vpcClient(endpoint: string, ak: string, sk: string, projectId: string): any {
  const credentials = new coreSdk.BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  return vpcSdk.VpcClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).withOptions(quiet).build();
}

/**
 * A project-scoped signed client for Huawei services without a Node SDK package (EVS, IMS) or calls
 * the SDK dropped (autorecovery): the core SDK's ClientBuilder and BasicCredentials, as the
 * generated clients send requests.
 */
export function projectClient(endpoint: string, ak: string, sk: string, projectId: string) {
  const credentials = new coreSdk.BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  const hc = new ClientBuilder((client: any) => ({ client })).withCredential(credentials).withEndpoint(endpoint).withOptions(quiet).build().client;
  return {
    send(method: string, url: string, opts: { data?: unknown; queryParams?: Record<string, unknown>; pathParams?: Record<string, string> } = {}): Promise<any> {
      return hc.sendRequest({
        method,
        url,
        contentType: 'application/json',
        queryParams: opts.queryParams ?? {},
        pathParams: { project_id: projectId, ...(opts.pathParams ?? {}) },
        headers: {},
        ...(opts.data === undefined ? {} : { data: opts.data }),
        responseHeaders: [''],
      });
    },
  };
}
