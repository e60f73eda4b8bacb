// ============================================================================================
// ALIBABA SLOT: ModifyInstanceSpec (ACS3-HMAC-SHA256 signed) through the whole path.
//
// Runs when the server answers Alibaba RPC at `/` (probe: GET /?Action=DescribeRegions is not the
// 404 InvalidAction.NotFound specshift sends for an unknown route) and `aliyunBenchSection` gives
// a world section (it uses aliyun.generate_instances). Otherwise the report lists it under
// "Skipped" with the reason.
// ============================================================================================
import type { ChildServer } from '../../test/helpers/child-server.js';
import { acsDate, signAcs3 } from '../lib/acs3-signer.js';
import type { SignedHttpRequest } from '../lib/huawei-signer.js';

export const ALIYUN_KEY = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001' };
export const ALIYUN_REGION = 'cn-hangzhou';
export const ALIYUN_ZONE = 'cn-hangzhou-j';
export const ALIYUN_TYPE = 'ecs.g6.large';
export const ALIYUN_TARGET_TYPE = 'ecs.g6.xlarge';
const ID_PREFIX = 'i-bench';

/**
 * The demo world's `aliyun` section plus `count` stopped pay-as-you-go instances. The demo's rate
 * limit on ModifyInstanceSpec (1,000 a minute) would refuse most of the run, so it is lifted; the
 * region's vCPU quota is kept but raised above what the run can reach, so every call still checks
 * it (issue 16 measures ModifyInstanceSpec with a quota set: the check reads the server counters of
 * store migration 5, no longer a sum over the account's instances).
 */
export function aliyunBenchSection(count: number, demo: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!demo) return null;
  const section = structuredClone(demo) as { regions?: { id: string; quotas?: Record<string, number> }[]; rate_limits?: Record<string, unknown>; generate_instances?: unknown[] };
  for (const r of section.regions ?? []) r.quotas = { ...r.quotas, postpaid_vcpus: 10_000_000 };
  section.rate_limits = { ...section.rate_limits, ModifyInstanceSpec: { calls: 1_000_000_000, period_seconds: 1 } };
  section.generate_instances = [{ count, id_prefix: ID_PREFIX, name_prefix: 'bench', account: 'demo', region: ALIYUN_REGION, zone: ALIYUN_ZONE, instance_type: ALIYUN_TYPE, status: 'Stopped' }];
  return section;
}

/** Id of the n-th generated instance (aliyun.generate_instances: prefix and n as 12 digits). */
export function aliyunInstanceId(n: number): string {
  return `${ID_PREFIX}${String(n).padStart(12, '0')}`;
}

/** Whether the server answers Alibaba RPC at all. */
export async function aliyunAnswers(s: ChildServer): Promise<boolean> {
  const res = await fetch(`${s.endpoint}/?Action=DescribeRegions&Version=2014-05-26`);
  const body = (await res.json().catch(() => ({}))) as { Code?: string };
  return !(res.status === 404 && body.Code === 'InvalidAction.NotFound');
}

export function modifyRequests(s: ChildServer, indexes: readonly number[]): SignedHttpRequest[] {
  const host = new URL(s.endpoint).host;
  const date = acsDate(Date.now());
  return indexes.map((n) =>
    signAcs3(ALIYUN_KEY, {
      action: 'ModifyInstanceSpec',
      version: '2014-05-26',
      params: { RegionId: ALIYUN_REGION, InstanceId: aliyunInstanceId(n), InstanceType: ALIYUN_TARGET_TYPE },
      host,
      date,
    }),
  );
}
