// DescribeDisks and DescribeNetworkInterfaces: the cloud disks and ENIs attached to the caller's
// instances in a region, as the instances declare or derive them (instance-resources.ts), filtered
// (all filters AND-combined) and paged by PageNumber/PageSize or NextToken/MaxResults.
import { refuse } from '../../shared/aliyun-errors.js';
import type { RpcParams } from '../../shared/rpc-params.js';
import { decodeToken, dryRunRequested, encodeToken, MAX_ID, requireRegion, type ActionContext, type ActionHandler } from '../ecs-action-context.js';
import { renderDisk, renderEni } from '../ecs-render.js';
import { attachedTo } from '../ecs-world-docs.js';
import { derivedOwner, disksOf, enisOf, type InstanceDisk, type InstanceEni } from '../instance-resources.js';
import type { AliyunInstance } from '../instance-state.js';
import { instancesIn, pageByNumber, positionOf } from './instance-lists.js';

/** A disk or ENI with its instance and its place in the listing (instance creation order, then attachment order). */
interface Attached<T> {
  instance: AliyunInstance;
  item: T;
  position: string;
}

const attachedPosition = (s: AliyunInstance, index: number): string => `${positionOf(s)}/${String(index).padStart(2, '0')}`;
const ATTACHED_POSITION = /^\d{16}\/i-[a-z0-9]{1,60}\/\d{2}$/;

/**
 * The instances that may hold the resources the call names: one instance (InstanceId), the owners of
 * the named ids (a derived id names its instance, a declared one is in the world's index), or all
 * of the caller's instances in the region.
 */
async function candidates(a: ActionContext, region: string, instanceId: string | undefined, resourceIds: string[] | undefined): Promise<AliyunInstance[]> {
  if (instanceId !== undefined) return instancesIn(a, region, [instanceId]);
  if (resourceIds === undefined) return instancesIn(a, region);
  const owners = new Set<string>();
  for (const id of resourceIds) {
    const owner = (await attachedTo(a.app.store.reads, id)) ?? derivedOwner(id);
    if (owner !== undefined) owners.add(owner);
  }
  return owners.size === 0 ? [] : instancesIn(a, region, [...owners]);
}

/** PageNumber/PageSize, or NextToken/MaxResults when either is sent (as DescribeInstances pages). */
function page<T>(p: RpcParams, all: Attached<T>[], maxPageSize: number, maxResultsLimit: number): { meta: Record<string, unknown>; items: Attached<T>[] } {
  const nextToken = p.str('NextToken', 512);
  const maxResultsRaw = p.int('MaxResults', { min: 1, max: 1_000_000 });
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: maxPageSize }) ?? 10;
  if (nextToken !== undefined || maxResultsRaw !== undefined) {
    const maxResults = Math.min(maxResultsLimit, Math.max(10, maxResultsRaw ?? 10));
    const after = nextToken !== undefined ? decodeToken(nextToken, ATTACHED_POSITION) : undefined;
    const rest = after === undefined ? all : all.filter((x) => x.position > after);
    const items = rest.slice(0, maxResults);
    return { meta: { TotalCount: all.length, NextToken: rest.length > items.length ? encodeToken(items[items.length - 1]!.position) : '' }, items };
  }
  const items = pageByNumber(all, pageNumber, pageSize);
  const more = pageNumber * pageSize < all.length && items.length > 0;
  return {
    meta: { TotalCount: all.length, PageNumber: pageNumber, PageSize: pageSize, NextToken: more ? encodeToken(items[items.length - 1]!.position) : '' },
    items,
  };
}

const DISK_CATEGORIES = ['all', 'cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry', 'local_ssd_pro', 'local_hdd_pro', 'ephemeral', 'ephemeral_ssd'] as const;
const DISK_STATUSES = ['In_use', 'Available', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'All'] as const;
const LOCK_REASONS = ['financial', 'security', 'recycling', 'dedicatedhostfinancial'] as const;
/** DescribeDisks Filter.N.Value: `yyyy-MM-ddTHH:mmZ`. */
const FILTER_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;

/** Filter.N.Key / Filter.N.Value: the creation-time window, the only keys DescribeDisks takes. */
function creationWindow(p: RpcParams): { from: number; to: number } {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (let n = 1; n <= 10; n++) {
    const key = p.str(`Filter.${n}.Key`, 64);
    const value = p.str(`Filter.${n}.Value`, 64);
    if (key === undefined && value === undefined) continue;
    if (key !== 'CreationStartTime' && key !== 'CreationEndTime') refuse('InvalidFilterKey.NotFound');
    if (value === undefined || !FILTER_TIME.test(value) || Number.isNaN(Date.parse(value))) refuse('InvalidFilterValue');
    if (key === 'CreationStartTime') from = Date.parse(value);
    else to = Date.parse(value);
  }
  if (p.names().some((n) => /^Filter\.(\d+)\./.test(n) && Number(/^Filter\.(\d+)\./.exec(n)![1]) > 10)) refuse('InvalidParameter', 'Filter');
  return { from, to };
}

export const describeDisks: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const zoneId = p.str('ZoneId', MAX_ID);
  const diskIds = p.jsonStringArray('DiskIds', 100, MAX_ID, 'InvalidDiskIds.ValueNotSupported');
  const instanceId = p.str('InstanceId', MAX_ID);
  const diskType = p.oneOf('DiskType', ['all', 'system', 'data'], 'InvalidDiskType.ValueNotSupported') ?? 'all';
  const category = p.oneOf('Category', DISK_CATEGORIES, 'InvalidCategory.ValueNotSupported') ?? 'all';
  const status = p.oneOf('Status', DISK_STATUSES, 'InvalidStatus.ValueNotSupported:disk') ?? 'All';
  const chargeType = p.oneOf('DiskChargeType', ['PrePaid', 'PostPaid'], 'InvalidDiskChargeType.NotFound');
  const lockReason = p.oneOf('LockReason', LOCK_REASONS, 'InvalidLockReason.NotFound');
  const portable = p.bool('Portable');
  const deleteWithInstance = p.bool('DeleteWithInstance');
  const deleteAutoSnapshot = p.bool('DeleteAutoSnapshot');
  const enableAutoSnapshot = p.bool('EnableAutoSnapshot');
  const encrypted = p.bool('Encrypted');
  const diskName = p.str('DiskName', 128);
  const kmsKeyId = p.str('KMSKeyId', 128);
  const snapshotId = p.str('SnapshotId', MAX_ID);
  const policyId = p.str('AutoSnapshotPolicyId', MAX_ID);
  const resourceGroupId = p.str('ResourceGroupId', MAX_ID);
  const multiAttach = p.oneOf('MultiAttach', ['Disabled', 'Enabled', 'LegacyShared']);
  p.list('AdditionalAttributes', 20, 64); // Performance, ... add nothing specshift models
  p.bool('EnableShared');
  p.bool('EnableAutomatedSnapshotPolicy');
  const tags = p.tags(20);
  const window = creationWindow(p);
  if (dryRunRequested(a)) refuse('DryRunOperation');

  const all: Attached<InstanceDisk>[] = [];
  for (const s of await candidates(a, region, instanceId, diskIds)) {
    disksOf(s).forEach((d, i) => {
      const charge = s.billing === 'prepaid' ? 'PrePaid' : 'PostPaid';
      const locks = s.aliyun.operationLocks;
      const keep =
        (diskIds === undefined || diskIds.includes(d.id)) &&
        (zoneId === undefined || s.az === zoneId) &&
        (diskType === 'all' || d.type === diskType) &&
        (category === 'all' || d.category === category) &&
        (status === 'All' || status === 'In_use') &&
        (chargeType === undefined || charge === chargeType) &&
        (lockReason === undefined || (locks as string[]).includes(lockReason)) &&
        (portable === undefined || portable === (d.type === 'data')) &&
        (deleteWithInstance === undefined || deleteWithInstance === d.deleteWithInstance) &&
        (deleteAutoSnapshot === undefined || deleteAutoSnapshot === false) &&
        (enableAutoSnapshot === undefined || enableAutoSnapshot === true) &&
        (encrypted === undefined || encrypted === d.encrypted) &&
        (diskName === undefined || diskName === d.name) &&
        (kmsKeyId === undefined || kmsKeyId === d.kmsKeyId) &&
        snapshotId === undefined && // no disk here was created from a snapshot
        (policyId === undefined || policyId === '') &&
        (resourceGroupId === undefined || resourceGroupId === '') &&
        (multiAttach === undefined || multiAttach === 'Disabled') &&
        tags.length === 0 && // disks carry no tags here
        s.createdAt >= window.from &&
        s.createdAt <= window.to;
      if (keep) all.push({ instance: s, item: d, position: attachedPosition(s, i) });
    });
  }
  const { meta, items } = page(p, all, 100, 500);
  return { ...meta, Disks: { Disk: items.map((x) => renderDisk(x.instance, x.item)) } };
};

const ENI_STATUSES = ['Available', 'Attaching', 'InUse', 'Detaching', 'Deleting'] as const;

export const describeNetworkInterfaces: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const ids = p.list('NetworkInterfaceId', 100, MAX_ID);
  const instanceId = p.str('InstanceId', MAX_ID);
  const vSwitchId = p.str('VSwitchId', MAX_ID);
  const vpcId = p.str('VpcId', MAX_ID);
  const primaryIp = p.str('PrimaryIpAddress', 64);
  const privateIps = p.list('PrivateIpAddress', 100, 64);
  const securityGroupId = p.str('SecurityGroupId', MAX_ID);
  const type = p.oneOf('Type', ['Primary', 'Secondary']);
  const name = p.str('NetworkInterfaceName', 128);
  const status = p.oneOf('Status', ENI_STATUSES);
  const resourceGroupId = p.str('ResourceGroupId', MAX_ID);
  const serviceManaged = p.bool('ServiceManaged');
  const ipv6 = p.list('Ipv6Address', 100, 64);
  const tags = p.tags(20);

  const all: Attached<InstanceEni>[] = [];
  for (const s of await candidates(a, region, instanceId, ids.length > 0 ? ids : undefined)) {
    enisOf(s).forEach((e, i) => {
      const keep =
        (ids.length === 0 || ids.includes(e.id)) &&
        (vSwitchId === undefined || e.vSwitchId === vSwitchId) &&
        (vpcId === undefined || s.aliyun.vpcId === vpcId) &&
        (primaryIp === undefined || e.privateIp === primaryIp) &&
        (privateIps.length === 0 || privateIps.some((ip) => ip === e.privateIp || e.secondaryPrivateIps.includes(ip))) &&
        (securityGroupId === undefined || e.securityGroupIds.includes(securityGroupId)) &&
        (type === undefined || e.type === type) &&
        (name === undefined || name === '') &&
        (status === undefined || status === 'InUse') &&
        (resourceGroupId === undefined || resourceGroupId === '') &&
        serviceManaged !== true &&
        ipv6.length === 0 && // no IPv6 addresses here
        tags.length === 0;
      if (keep) all.push({ instance: s, item: e, position: attachedPosition(s, i) });
    });
  }
  const { meta, items } = page(p, all, 1000, 500);
  return {
    ...meta,
    NetworkInterfaceSets: { NetworkInterfaceSet: items.map((x) => renderEni(x.instance, x.item, a.app.world.flavor('aliyun', x.instance.flavorId))) },
  };
};
