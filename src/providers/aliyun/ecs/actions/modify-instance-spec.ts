// ModifyInstanceSpec (seed 004): parameters read and checked for type and range, then the change
// runs as one transaction in AliyunEcsService.
import { AliyunFailure, refuse } from '../../shared/aliyun-errors.js';
import type { RpcParams } from '../../shared/rpc-params.js';
import { MAX_ID, type ActionHandler } from '../ecs-action-context.js';
import { readClientToken } from '../client-tokens.js';
import { MAX_BANDWIDTH_OUT } from '../spec-rules.js';

/** seed 004 marks these "not publicly available": a client sending them is refused, not ignored. */
export function refuseNonPublic(params: RpcParams, names: readonly string[], prefixes: readonly string[]): void {
  const sent = params.names().find((n) => names.includes(n) || prefixes.some((p) => n.startsWith(p)));
  if (sent !== undefined) {
    throw new AliyunFailure('InvalidParameter', sent, {}, `The specified parameter "${sent}" is not valid. It is not publicly available.`);
  }
}

export const modifyInstanceSpec: ActionHandler = async (a) => {
  const p = a.params;
  const instanceId = p.required('InstanceId', MAX_ID);
  const instanceType = p.str('InstanceType', MAX_ID);
  const bandwidthOut = p.int('InternetMaxBandwidthOut', { min: 0, max: MAX_BANDWIDTH_OUT });
  // the inbound range depends on the outbound value: checked by the rules (InvalidParameter.Bandwidth)
  const bandwidthIn = p.int('InternetMaxBandwidthIn', { min: -1_000_000, max: 1_000_000 });
  const async = p.bool('Async', 'InvalidParam.Async') ?? false;
  const allowMigrateAcrossZone = p.bool('AllowMigrateAcrossZone', 'InvalidParameter.AllowMigrateAcrossZone') ?? false;
  const systemDiskCategory = p.oneOf('SystemDisk.Category', ['cloud_efficiency', 'cloud_ssd'], 'InvalidParam.SystemDiskCategory');
  const dryRun = p.bool('DryRun') ?? false;
  const clientToken = readClientToken(p);
  refuseNonPublic(p, ['ModifyMode'], ['Disk.']);
  const temporaryParameter = p.names().find((n) => n.startsWith('Temporary.'));

  // seed 004: "Each call can modify only one configuration at a time"
  const bandwidth = bandwidthOut !== undefined || bandwidthIn !== undefined;
  if (instanceType !== undefined && bandwidth) refuse('InvalidParameter.Mismatch');
  if (instanceType === undefined && !bandwidth && temporaryParameter === undefined) refuse('MissingParameter', 'InstanceType');

  return a.service.modifyInstanceSpec(a.caller, {
    instanceId,
    instanceType,
    bandwidthOut,
    bandwidthIn,
    temporaryParameter,
    allowMigrateAcrossZone,
    systemDiskCategory,
    async,
    dryRun,
    clientToken,
    params: p,
  });
};
