// ModifyInstanceNetworkSpec (its page, 2025 and 2021 versions) and AllocatePublicIpAddress (2026):
// public bandwidth, the billing method for network usage and the static public IP of an instance.
// Parameters are read and checked for form here; the change is one transaction in AliyunEcsService.
import { AliyunFailure, refuse } from '../../shared/aliyun-errors.js';
import { MAX_ID, type ActionHandler } from '../ecs-action-context.js';
import { readClientToken } from '../client-tokens.js';
import { ownInstance } from '../instance-state.js';
import { refuseNonPublic } from './modify-instance-spec.js';

/** Temporary upgrades: StartTime to the minute, EndTime to the hour (the page's formats). */
const START_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;
const END_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}Z$/;

export const modifyInstanceNetworkSpec: ActionHandler = async (a) => {
  const p = a.params;
  const instanceId = p.required('InstanceId', MAX_ID);
  // integers first (InvalidParameter for text); the ranges depend on the instance (the rules)
  const out = p.int('InternetMaxBandwidthOut', { min: 0, max: 1_000_000, outOfRange: 'InvalidInternetMaxBandwidthOut.ValueNotSupported' });
  const inbound = p.int('InternetMaxBandwidthIn', { min: -1_000_000, max: 1_000_000, outOfRange: 'InvalidInternetMaxBandwidthIn.ValueNotSupported' });
  const chargeType = p.oneOf('NetworkChargeType', ['PayByTraffic', 'PayByBandwidth'], 'InvalidInternetChargeType.ValueNotSupported');
  const allocatePublicIp = p.bool('AllocatePublicIp', 'InvalidParam.AllocatePublicIp') ?? false;
  const autoPay = p.bool('AutoPay') ?? true;
  const clientToken = readClientToken(p);
  const startTime = p.str('StartTime', 64);
  const endTime = p.str('EndTime', 64);
  if (startTime !== undefined && !START_TIME.test(startTime)) refuse('InvalidStartTime.ValueNotSupported');
  if (endTime !== undefined && !END_TIME.test(endTime)) refuse('InvalidEndTime.ValueNotSupported');
  refuseNonPublic(p, ['ISP'], []);
  if (out === undefined && inbound === undefined && chargeType === undefined && !allocatePublicIp) {
    throw new AliyunFailure('MissingParameter', 'InternetMaxBandwidthOut');
  }
  if (startTime !== undefined || endTime !== undefined) {
    // temporary bandwidth upgrades are not served: refused as such, after the EIP rule the page states
    const instance = await ownInstance(a.app.store.reads, a.caller.accountId, instanceId);
    if (instance.aliyun.eip) refuse('BandwidthUpgradeDenied.EipBoundInstance');
    const name = startTime !== undefined ? 'StartTime' : 'EndTime';
    throw new AliyunFailure('InvalidParameter', name, {}, `The specified parameter "${name}" is not valid. specshift does not serve temporary bandwidth upgrades.`);
  }
  return a.service.modifyInstanceNetworkSpec(a.caller, {
    instanceId,
    change: { out, in: inbound, chargeType, allocatePublicIp },
    autoPay,
    clientToken,
    params: p,
  });
};

/** Public IPv4 only: not private, loopback, link-local, shared, multicast or reserved space. */
export function isPublicIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const allocatePublicIpAddress: ActionHandler = async (a) => {
  const p = a.params;
  const instanceId = p.required('InstanceId', MAX_ID);
  const ipAddress = p.str('IpAddress', 64);
  if (ipAddress !== undefined) {
    if (!IPV4.test(ipAddress)) refuse('InvalidIpAddress.Malformed');
    if (!isPublicIpv4(ipAddress)) refuse('InvalidIpAddress.NotPublic');
  }
  // VlanId belongs to the retired classic network: no VLAN exists here
  if (p.str('VlanId', MAX_ID) !== undefined) refuse('InvalidVlanId.NotFound');
  return a.service.allocatePublicIpAddress(a.caller, { instanceId, ipAddress });
};
