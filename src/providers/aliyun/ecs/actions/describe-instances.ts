// DescribeInstances, DescribeInstanceStatus and DescribeInstanceAttribute (reference §8, §9):
// the caller's instances in a region, filtered (all filters AND-combined) and paged either by
// PageNumber/PageSize or by NextToken/MaxResults.
import { refuse } from '../../shared/aliyun-errors.js';
import { decodeToken, dryRunRequested, encodeToken, MAX_ID, requireRegion, type ActionHandler } from '../ecs-action-context.js';
import { ALIYUN_STATUSES, aliyunStatusFilter, ownInstance, statusOf, type AliyunInstance } from '../instance-state.js';
import { aliyunProjectId, isAliyunInstance } from '../instance-state.js';
import { eachInstanceIn, instancesIn, pageByNumber, POSITION, positionOf } from './instance-lists.js';
import { renderInstance, renderInstanceAttribute, type AdditionalAttribute } from '../ecs-render.js';

const ADDITIONAL: readonly AdditionalAttribute[] = ['LOGIN_AS_NON_ROOT', 'DISK_HIGH_DENSITY_MODE', 'CPU_OPTIONS_TOPOLOGY_TYPE'];

/** InstanceName filter: `*` is a wildcard, otherwise the whole name must match. */
function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return (name) => re.test(name);
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
  // AdditionalAttributes.N: extra fields on request (Terraform asks for these on every Read); the
  // values that name always-rendered fields (META_OPTIONS, NETWORK_PRIMARY_ENI_IP, ...) change nothing
  const additional = new Set(p.list('AdditionalAttributes', 20, 64).filter((v): v is AdditionalAttribute => (ADDITIONAL as readonly string[]).includes(v)));
  const nextToken = p.str('NextToken', 512);
  // reference §8: MaxResults defaults to 10, below 10 counts as 10, above 100 as 100
  const maxResultsRaw = p.int('MaxResults', { min: 1, max: 1_000_000 });
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 100 }) ?? 10;
  if (dryRunRequested(a)) refuse('DryRunOperation');

  const render = (s: AliyunInstance) => renderInstance(s, a.app.world.flavor('aliyun', s.flavorId), additional);
  const byToken = nextToken !== undefined || maxResultsRaw !== undefined;
  const maxResults = Math.min(100, Math.max(10, maxResultsRaw ?? 10));
  const after = nextToken !== undefined ? decodeToken(nextToken, POSITION) : undefined;

  // Filtered on nothing the store cannot filter (the ids, the instance type, the status): the store
  // pages in index order and the total comes from the server (state) counters, so the cost does not
  // grow with the region's instances (docs/architecture.md "Flat cost"). Any other filter reads them
  // all below.
  const storeOnly = [chargeType, internetChargeType, zoneId, family, name, vpcId, vSwitchId, securityGroupId, privateIps, publicIps, eips].every((f) => f === undefined) && tags.length === 0;
  if (storeOnly) {
    const query = {
      accountId: a.caller.accountId,
      projectId: aliyunProjectId(region),
      ...(ids ? { ids: [...ids] } : {}),
      ...(instanceType !== undefined ? { flavorId: instanceType } : {}),
      ...(status !== undefined ? { statusIn: aliyunStatusFilter(status) } : {}),
    };
    const reads = a.app.store.reads;
    if (byToken) {
      const [createdAt, id] = after === undefined ? [] : [Number(after.slice(0, 16)), after.slice(17)];
      const { total, items } = await reads.listServers({ ...query, limit: maxResults + 1, ...(id !== undefined ? { after: { createdAt: createdAt!, id } } : {}) });
      const page = items.filter(isAliyunInstance);
      const shown = page.slice(0, maxResults);
      return { TotalCount: total, NextToken: page.length > maxResults ? encodeToken(positionOf(shown[shown.length - 1]!)) : '', Instances: { Instance: shown.map(render) } };
    }
    const { total, items } = await reads.listServers({ ...query, limit: pageSize, offset: (pageNumber - 1) * pageSize });
    const page = items.filter(isAliyunInstance);
    const more = pageNumber * pageSize < total && page.length > 0;
    return { TotalCount: total, PageNumber: pageNumber, PageSize: pageSize, NextToken: more ? encodeToken(positionOf(page[page.length - 1]!)) : '', Instances: { Instance: page.map(render) } };
  }

  const matchName = name !== undefined ? nameMatcher(name) : undefined;
  const keep = (s: AliyunInstance): boolean => {
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
  };

  // every instance of the region is read (TotalCount counts the matches), a store page at a time:
  // only the page asked for is kept, so memory does not grow with the region
  let total = 0;
  const items: AliyunInstance[] = [];
  if (byToken) {
    let more = false;
    for await (const s of eachInstanceIn(a, region, ids)) {
      if (!keep(s)) continue;
      total++;
      if (after !== undefined && positionOf(s) <= after) continue;
      if (items.length < maxResults) items.push(s);
      else more = true;
    }
    return { TotalCount: total, NextToken: more ? encodeToken(positionOf(items[items.length - 1]!)) : '', Instances: { Instance: items.map(render) } };
  }
  const skip = (pageNumber - 1) * pageSize;
  for await (const s of eachInstanceIn(a, region, ids)) {
    if (!keep(s)) continue;
    const at = total++;
    if (at >= skip && at < skip + pageSize) items.push(s);
  }
  // a NextToken where more follow, so a client that loops on NextToken works from any first call
  const more = pageNumber * pageSize < total && items.length > 0;
  return {
    TotalCount: total,
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
  const row = (s: AliyunInstance) => ({ InstanceId: s.id, Status: statusOf(s) });
  if (zoneId === undefined) {
    // no zone: the store pages and counts (the counters, or the ids given), as DescribeInstances does
    const { total, items } = await a.app.store.reads.listServers({
      accountId: a.caller.accountId,
      projectId: aliyunProjectId(region),
      ...(ids.length > 0 ? { ids } : {}),
      limit: pageSize,
      offset: (pageNumber - 1) * pageSize,
    });
    return { TotalCount: total, PageNumber: pageNumber, PageSize: pageSize, InstanceStatuses: { InstanceStatus: items.filter(isAliyunInstance).map(row) } };
  }
  const all = (await instancesIn(a, region, ids.length > 0 ? ids : undefined)).filter((s) => s.az === zoneId);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    InstanceStatuses: { InstanceStatus: pageByNumber(all, pageNumber, pageSize).map(row) },
  };
};

export const describeInstanceAttribute: ActionHandler = async (a) => {
  const instanceId = a.params.required('InstanceId', MAX_ID);
  const s = await ownInstance(a.app.store.reads, a.caller.accountId, instanceId);
  return renderInstanceAttribute(s, a.app.world.flavor('aliyun', s.flavorId));
};
