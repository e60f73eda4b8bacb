// ModifyPrepayInstanceSpec (reference §6): a subscription instance's type, upgraded or
// downgraded through an order; the change itself runs as a job once the order is paid.
import { refuse } from '../../shared/aliyun-errors.js';
import { MAX_ID, requireRegion, type ActionHandler } from '../ecs-action-context.js';
import { readClientToken } from '../client-tokens.js';
import { refuseNonPublic } from './modify-instance-spec.js';

/**
 * RebootTime: `yyyy-MM-ddTHH:mmZ` (the SDK model; seconds tolerated) as epoch ms, or
 * InvalidRebootTime.MalFormed for anything else, an impossible date included.
 */
export function parseRebootTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(text);
  if (!m) return refuse('InvalidRebootTime.MalFormed');
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(t);
  if (h > 23 || mi > 59 || sec > 59 || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) refuse('InvalidRebootTime.MalFormed');
  return t;
}

export const modifyPrepayInstanceSpec: ActionHandler = async (a) => {
  const p = a.params;
  const regionId = requireRegion(a);
  const instanceId = p.required('InstanceId', MAX_ID);
  const instanceType = p.required('InstanceType', MAX_ID);
  // the page since 2025: optional, "the system can automatically determine" the direction
  const operatorType = p.oneOf('OperatorType', ['upgrade', 'downgrade']);
  const autoPay = p.bool('AutoPay') ?? true;
  const migrateAcrossZone = p.bool('MigrateAcrossZone') ?? false;
  const systemDiskCategory = p.oneOf('SystemDisk.Category', ['cloud_efficiency', 'cloud_ssd'], 'InvalidParam.SystemDiskCategory');
  const rebootWhenFinished = p.bool('RebootWhenFinished') ?? false;
  // RebootTime: the restart after the change waits until then (checked against the clock by the rules)
  const rebootTime = p.str('RebootTime', 4096);
  const rebootAt = rebootTime === undefined ? undefined : parseRebootTime(rebootTime);
  const clientToken = readClientToken(p);
  // EndTime belongs to temporary upgrades, which are not public (as Temporary.* on ModifyInstanceSpec)
  refuseNonPublic(p, ['ModifyMode', 'EndTime'], ['Disk.']);
  return a.service.modifyPrepayInstanceSpec(a.caller, {
    regionId,
    instanceId,
    instanceType,
    operatorType,
    autoPay,
    migrateAcrossZone,
    systemDiskCategory,
    rebootWhenFinished,
    rebootAt,
    clientToken,
    params: p,
  });
};
