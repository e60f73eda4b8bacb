// DescribeInstances, DescribeInstanceStatus and DescribeInstanceAttribute (reference §8, §9):
// the caller's instances in a region, filtered (all filters AND-combined) and paged either by
// PageNumber/PageSize or by NextToken/MaxResults.
import { refuse } from '../../shared/aliyun-errors.js';
import { decodeToken, dryRunRequested, encodeToken, MAX_ID, requireRegion, type ActionContext, type ActionHandler } from '../ecs-action-context.js';
import { ALIYUN_STATUSES, aliyunProjectId, isAliyunInstance, ownInstance, statusOf, type AliyunInstance } from '../instance-state.js';
import { renderInstance, renderInstanceAttribute } from '../ecs-render.js';

/** The caller's instances in a region, in creation order (the store's order). */
async function instancesIn(a: ActionContext, region: string, ids?: string[]): Promise<AliyunInstance[]> {
  const { items } = await a.app.store.reads.listServers({
    accountId: a.caller.accountId,
    projectId: aliyunProjectId(region),
    ...(ids ? { ids } : {}),
    limit: 1_000_000,
  });
  return items.filter(isAliyunInstance);
}

/** InstanceName filter: `*` is a wildcard, otherwise the whole name must match. */
function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return (name) => re.test(name);
}

/** The position of an instance in creation order, as text that sorts the same way. */
const positionOf = (s: AliyunInstance): string => `${String(s.createdAt).padStart(16, '0')}/${s.id}`;
const POSITION = /^\d{16}\/i-[a-z0-9]{1,60}$/;

interface Page<T> {
  items: T[];
  next: string;
}

/** PageNumber/PageSize paging (default 10, at most 100). */
function pageByNumber<T>(all: T[], pageNumber: number, pageSize: number): T[] {
  return all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

export const describeInstances: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const ids = p.jsonStringArray('InstanceIds', 100, MAX_ID);
  const status = p.oneOf('Status', ALIYUN_STATUSES, 'InvalidStatus.NotFound');
  const chargeType = p.oneOf('InstanceChargeType', ['PrePaid', 'PostPaid'], 'InvalidInstanceChargeType.NotFound');
  const internetChargeType = p.oneOf('InternetChargeType', ['PayByTraffic', 'PayByBandwidth']);
  const zoneId = p.str('ZoneId', MAX_ID);
  const instanceType = p.str('InstanceType', MAX_ID);
  const family = p.str('InstanceTypeFamily', MAX_ID);
  const name = p.str('InstanceName', 128);
  const vpcId = p.str('VpcId', MAX_ID);
  const vSwitchId = p.str('VSwitchId', MAX_ID);
  const securityGroupId = p.str('SecurityGroupId', MAX_ID);
  const privateIps = p.jsonStringArray('PrivateIpAddresses', 100, 64);
  const publicIps = p.jsonStringArray('PublicIpAddresses', 100, 64);
  const eips = p.jsonStringArray('EipAddresses', 100, 64);
  const tags = p.tags(20);
  const nextToken = p.str('NextToken', 512);
  // reference §8: MaxResults defaults to 10, below 10 counts as 10, above 100 as 100
  const maxResultsRaw = p.int('MaxResults', { min: 1, max: 1_000_000 });
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 100 }) ?? 10;
  if (dryRunRequested(a)) refuse('DryRunOperation');

  const matchName = name !== undefined ? nameMatcher(name) : undefined;
  const all = (await instancesIn(a, region, ids)).filter((s) => {
    const x = s.aliyun;
    if (status !== undefined && statusOf(s) !== status) return false;
    if (chargeType !== undefined && (s.billing === 'prepaid' ? 'PrePaid' : 'PostPaid') !== chargeType) return false;
    if (internetChargeType !== undefined && x.internetChargeType !== internetChargeType) return false;
    if (zoneId !== undefined && s.az !== zoneId) return false;
    if (instanceType !== undefined && s.flavorId !== instanceType) return false;
    if (family !== undefined && a.app.world.flavor('aliyun', s.flavorId)?.family !== family) return false;
    if (matchName && !matchName(s.name)) return false;
    if (vpcId !== undefined && x.vpcId !== vpcId) return false;
    if (vSwitchId !== undefined && x.vSwitchId !== vSwitchId) return false;
    if (securityGroupId !== undefined && !x.securityGroupIds.includes(securityGroupId)) return false;
    if (privateIps !== undefined && !privateIps.includes(x.privateIp)) return false;
    if (publicIps !== undefined && !(x.publicIp !== null && publicIps.includes(x.publicIp))) return false;
    if (eips !== undefined && !(x.eip !== null && eips.includes(x.eip.ipAddress))) return false;
    return tags.every((t) => Object.hasOwn(s.tags, t.key) && (t.value === undefined || s.tags[t.key] === t.value));
  });

  const render = (s: AliyunInstance) => renderInstance(s, a.app.world.flavor('aliyun', s.flavorId));
  const byToken = nextToken !== undefined || maxResultsRaw !== undefined;
  let page: Page<AliyunInstance>;
  if (byToken) {
    const maxResults = Math.min(100, Math.max(10, maxResultsRaw ?? 10));
    const after = nextToken !== undefined ? decodeToken(nextToken, POSITION) : undefined;
    const rest = after === undefined ? all : all.filter((s) => positionOf(s) > after);
    const items = rest.slice(0, maxResults);
    page = { items, next: rest.length > items.length ? encodeToken(positionOf(items[items.length - 1]!)) : '' };
    return { TotalCount: all.length, NextToken: page.next, Instances: { Instance: page.items.map(render) } };
  }
  const items = pageByNumber(all, pageNumber, pageSize);
  // a NextToken where more follow, so a client that loops on NextToken works from any first call
  const more = pageNumber * pageSize < all.length && items.length > 0;
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    NextToken: more ? encodeToken(positionOf(items[items.length - 1]!)) : '',
    Instances: { Instance: items.map(render) },
  };
};

export const describeInstanceStatus: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const zoneId = p.str('ZoneId', MAX_ID);
  const ids = p.list('InstanceId', 100, MAX_ID);
  p.str('ClusterId', MAX_ID); // classic-network clusters do not exist here
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 50 }) ?? 10;
  const all = (await instancesIn(a, region, ids.length > 0 ? ids : undefined)).filter((s) => zoneId === undefined || s.az === zoneId);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    InstanceStatuses: { InstanceStatus: pageByNumber(all, pageNumber, pageSize).map((s) => ({ InstanceId: s.id, Status: statusOf(s) })) },
  };
};

export const describeInstanceAttribute: ActionHandler = async (a) => {
  const instanceId = a.params.required('InstanceId', MAX_ID);
  const s = await ownInstance(a.app.store.reads, a.caller.accountId, instanceId);
  return renderInstanceAttribute(s, a.app.world.flavor('aliyun', s.flavorId));
};
