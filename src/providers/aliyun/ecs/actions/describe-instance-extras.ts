// The per-instance attributes Terraform's alicloud_instance reads on every refresh besides the
// instance itself: DescribeUserData, DescribeInstanceRamRole, DescribeInstanceMaintenanceAttributes,
// DescribeInstanceAutoRenewAttribute, DescribeInstanceAttachmentAttributes. Each answers from the
// instance record (declared attributes or the defaults of instance-resources.ts).
// Decision: a named instance that is not the caller's (in the region) refuses the whole call with
// the operation's not-found code, rather than being left out of the list.
import { refuse, type AliyunErrorKey } from '../../shared/aliyun-errors.js';
import { MAX_ID, requireRegion, type ActionContext, type ActionHandler } from '../ecs-action-context.js';
import { autoRenewOf, maintenanceOf, maintenanceOptions, privatePoolOf } from '../instance-resources.js';
import { ownInstance, type AliyunInstance } from '../instance-state.js';
import { instancesIn, pageByNumber } from './instance-lists.js';

/** The named instances in the order named (duplicates once), or `missing` when one is not the caller's. */
async function namedInstances(a: ActionContext, region: string, ids: string[], missing: AliyunErrorKey): Promise<AliyunInstance[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await instancesIn(a, region, unique)).map((s) => [s.id, s]));
  if (unique.some((id) => !found.has(id))) refuse(missing);
  return unique.map((id) => found.get(id)!);
}

export const describeUserData: ActionHandler = async (a) => {
  const region = requireRegion(a);
  const instanceId = a.params.required('InstanceId', MAX_ID);
  const s = await ownInstance(a.app.store.reads, a.caller.accountId, instanceId, region);
  return { InstanceId: s.id, RegionId: s.region, UserData: s.aliyun.userData ?? '' };
};

export const describeInstanceRamRole: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const ids = p.jsonStringArray('InstanceIds', 100, MAX_ID, 'InvalidInstanceIds.Malformed');
  const roleName = p.str('RamRoleName', 64);
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 50 }) ?? 10;
  if ((ids === undefined || ids.length === 0) && roleName === undefined) refuse('InvalidParameter.AllEmpty');
  const instances = ids !== undefined && ids.length > 0 ? await namedInstances(a, region, ids, 'InvalidInstanceId.NotFound') : await instancesIn(a, region);
  // instances without a role have nothing to list
  const all = instances.filter((s) => s.aliyun.ramRoleName !== undefined && (roleName === undefined || s.aliyun.ramRoleName === roleName));
  return {
    RegionId: region,
    TotalCount: all.length,
    InstanceRamRoleSets: { InstanceRamRoleSet: pageByNumber(all, pageNumber, pageSize).map((s) => ({ InstanceId: s.id, RamRoleName: s.aliyun.ramRoleName })) },
  };
};

export const describeInstanceMaintenanceAttributes: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const ids = p.list('InstanceId', 1000, MAX_ID);
  if (ids.length > 100) refuse('InstanceIdLimitExceeded');
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 100 }) ?? 10;
  const all = ids.length > 0 ? await namedInstances(a, region, ids, 'InvalidInstanceId.NotFound') : await instancesIn(a, region);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    MaintenanceAttributes: {
      MaintenanceAttribute: pageByNumber(all, pageNumber, pageSize).map((s) => {
        const f = a.app.world.flavor('aliyun', s.flavorId);
        const m = maintenanceOf(s, f);
        const options = maintenanceOptions(f);
        return {
          InstanceId: s.id,
          NotifyOnMaintenance: m.notify,
          MaintenanceWindows: { MaintenanceWindow: m.windows.map((w) => ({ StartTime: w.startTime, EndTime: w.endTime })) },
          ActionOnMaintenance: { Value: m.action, DefaultValue: options.default, SupportedValues: { SupportedValue: [...options.supported] } },
        };
      }),
    },
  };
};

const RENEWAL_STATUSES = ['AutoRenewal', 'Normal', 'NotRenewal'] as const;

/** Every refusal of DescribeInstanceAutoRenewAttribute is 403 (its page). */
export const describeInstanceAutoRenewAttribute: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  // InstanceId: up to 100 ids, comma-separated
  const text = p.str('InstanceId', 100 * (MAX_ID + 1));
  const ids = text === undefined ? [] : text.split(',').map((x) => x.trim());
  if (ids.length > 100) refuse('InvalidParameter.ToManyInstanceIds');
  if (ids.some((id) => id === '' || id.length > MAX_ID)) refuse('InvalidParameter.InvalidInstanceId');
  const status = p.oneOf('RenewalStatus', RENEWAL_STATUSES, 'InvalidParameter.RenewalStatus');
  // the SDK models PageNumber and PageSize as strings here; digits all the same
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 100 }) ?? 10;
  let instances: AliyunInstance[];
  if (ids.length > 0) {
    instances = await namedInstances(a, region, ids, 'InvalidParameter.InvalidInstanceId');
    if (instances.some((s) => s.billing !== 'prepaid')) refuse('ChargeTypeViolation:renew');
  } else {
    instances = (await instancesIn(a, region)).filter((s) => s.billing === 'prepaid');
  }
  const all = instances.filter((s) => status === undefined || autoRenewOf(s).renewalStatus === status);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    InstanceRenewAttributes: {
      InstanceRenewAttribute: pageByNumber(all, pageNumber, pageSize).map((s) => {
        const r = autoRenewOf(s);
        return { InstanceId: s.id, AutoRenewEnabled: r.enabled, Duration: r.duration, PeriodUnit: r.periodUnit, RenewalStatus: r.renewalStatus };
      }),
    },
  };
};

export const describeInstanceAttachmentAttributes: ActionHandler = async (a) => {
  const p = a.params;
  const region = requireRegion(a);
  const ids = p.jsonStringArray('InstanceIds', 100, MAX_ID);
  const pageNumber = p.int('PageNumber', { min: 1, max: 1_000_000 }) ?? 1;
  const pageSize = p.int('PageSize', { min: 1, max: 100 }) ?? 10;
  const all = ids !== undefined && ids.length > 0 ? await namedInstances(a, region, ids, 'InvalidInstanceIds.NotFound') : await instancesIn(a, region);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Instances: {
      Instance: pageByNumber(all, pageNumber, pageSize).map((s) => {
        const pool = privatePoolOf(s);
        return { InstanceId: s.id, PrivatePoolOptionsMatchCriteria: pool.matchCriteria, PrivatePoolOptionsId: pool.id };
      }),
    },
  };
};
