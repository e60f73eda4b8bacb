// The official Huawei Cloud SDK, unmodified, pointed at a live specshift server.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// CommonJS packages; loaded through require so their classes keep their runtime shape
export const ecsSdk = require('@huaweicloud/huaweicloud-sdk-ecs') as any;
export const coreSdk = require('@huaweicloud/huaweicloud-sdk-core') as any;

/** The SDK logs every failed call at error level; refusals are what these tests expect, so hush it. */
const noop = () => undefined;
export const quiet = { logger: { debug: noop, info: noop, warn: noop, error: noop } };

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
