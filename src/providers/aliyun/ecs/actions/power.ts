// StopInstance and StartInstance (reference §9): answered at once; the instance shows Stopping or
// Starting until the job engine finishes the transition.
import { AliyunFailure } from '../../shared/aliyun-errors.js';
import { MAX_ID, type ActionHandler } from '../ecs-action-context.js';

export const stopInstance: ActionHandler = async (a) => {
  const p = a.params;
  const instanceId = p.required('InstanceId', MAX_ID);
  const forceStop = p.bool('ForceStop') ?? false;
  p.bool('ConfirmStop'); // deprecated, accepted for old clients
  // decision: Not-applicable (what DescribeInstances reports for a Running instance) is taken as not
  // sent. terraform-provider-alicloud reads stopped_mode back from DescribeInstances and sends it on
  // every stop it makes for a type change, so the real API must take it.
  const requested = p.oneOf('StoppedMode', ['StopCharging', 'KeepCharging', 'Not-applicable']);
  const stoppedMode = requested === 'Not-applicable' ? undefined : requested;
  // decision: hibernation needs a hibernation-configured instance, which specshift does not model
  if (p.bool('Hibernate') === true) throw new AliyunFailure('InvalidParameter', 'Hibernate', {}, 'The specified parameter "Hibernate" is not valid. The instance is not configured for hibernation.');
  const dryRun = p.bool('DryRun') ?? false;
  return a.service.power(a.caller, 'stop', { instanceId, dryRun, forceStop, stoppedMode });
};

export const startInstance: ActionHandler = async (a) => {
  const p = a.params;
  const instanceId = p.required('InstanceId', MAX_ID);
  p.bool('InitLocalDisk'); // no local disks in the catalog: nothing to initialise
  const dryRun = p.bool('DryRun') ?? false;
  return a.service.power(a.caller, 'start', { instanceId, dryRun, forceStop: false, stoppedMode: undefined });
};
