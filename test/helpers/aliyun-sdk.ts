// The official @alicloud/ecs20140526 client pointed at a live specshift, with both signatures, and
// the refusal check every Alibaba SDK test uses.
import assert from 'node:assert/strict';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';

export type EcsClient = InstanceType<typeof Ecs.default>;

export const ALIYUN_SIGNATURES = [
  { name: 'ACS3-HMAC-SHA256 (default)', algorithm: undefined },
  { name: "HMAC-SHA1 (signatureAlgorithm 'v2')", algorithm: 'v2' },
] as const;

export function ecsClient(port: number, key: { ak: string; sk: string }, algorithm?: string): EcsClient {
  const config = new OpenApi.Config({
    accessKeyId: key.ak,
    accessKeySecret: key.sk,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
  });
  return new Ecs.default(config as unknown as ConstructorParameters<typeof Ecs.default>[0]);
}

/** Awaits a call that must fail; checks the SDK's error class, code, status and the envelope it kept. */
export async function refusedBy(call: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, the call succeeded`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.statusCode, status, `${code}: ${err.message}`);
  assert.equal(err.name, code.includes('Throttling') ? 'ThrottlingError' : status >= 500 ? 'ServerError' : 'ClientError');
  assert.deepEqual(Object.keys(err.data), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  if (typeof message === 'string') assert.equal(err.data.Message, message);
  else if (message) assert.match(err.data.Message, message);
  return err;
}

export { Ecs };
