// ModifyPrepayInstanceSpec (reference §6): a subscription instance's type, upgraded or
// downgraded through an order; the change itself runs as a job once the order is paid.
import { AliyunFailure } from '../../shared/aliyun-errors.js';
import { MAX_ID, requireRegion, type ActionHandler } from '../ecs-action-context.js';
import { readClientToken } from '../client-tokens.js';
import { refuseNonPublic } from './modify-instance-spec.js';

/** `yyyy-MM-ddTHH:mm:ssZ`, the only time format the ECS API takes. */
const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;

export const modifyPrepayInstanceSpec: ActionHandler = async (a) => {
  const p = a.params;
  const regionId = requireRegion(a);
  const instanceId = p.required('InstanceId', MAX_ID);
  const instanceType = p.required('InstanceType', MAX_ID);
  const operatorType = p.oneOf('OperatorType', ['upgrade', 'downgrade']) ?? 'upgrade';
  const autoPay = p.bool('AutoPay') ?? true;
  const migrateAcrossZone = p.bool('MigrateAcrossZone') ?? false;
  const systemDiskCategory = p.oneOf('SystemDisk.Category', ['cloud_efficiency', 'cloud_ssd'], 'InvalidParam.SystemDiskCategory');
  const rebootWhenFinished = p.bool('RebootWhenFinished') ?? false;
  // decision: RebootTime is checked for form and the reboot happens when the change completes
  const rebootTime = p.str('RebootTime', 32);
  if (rebootTime !== undefined && !ISO_SECOND.test(rebootTime)) throw new AliyunFailure('InvalidParameter', 'RebootTime');
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
    clientToken,
    params: p,
  });
};
