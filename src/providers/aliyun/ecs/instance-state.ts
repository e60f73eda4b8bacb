// How an Alibaba instance is seen: its wire Status (from the neutral vmState/taskState), which
// "project" groups it, and how a caller finds it. Pure, apart from the one store read in ownInstance.
import type { AliyunInstanceAttributes, Server, TaskState, VmState } from '../../../core/model/types.js';
import { isOwnedBy } from '../../../core/ownership.js';
import type { ServerQuery, StoreReads } from '../../../core/model/store.js';
import { refuse } from '../shared/aliyun-errors.js';

export type AliyunStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';

export const ALIYUN_STATUSES: readonly AliyunStatus[] = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];

/**
 * Alibaba's instance status from the power state the job engine drives: Running = active/idle,
 * Stopping = active/powering-off, Starting = stopped/powering-on, Stopped = stopped/idle. Other
 * task states (a Huawei resize) never occur on an Alibaba instance and read as the power state.
 */
export function aliyunStatus(vm: VmState, task: TaskState): AliyunStatus {
  if (vm === 'active') return task === 'powering-off' ? 'Stopping' : 'Running';
  return task === 'powering-on' ? 'Starting' : 'Stopped';
}

export const statusOf = (s: Server): AliyunStatus => aliyunStatus(s.vmState, s.taskState);

// every power and task state, checked complete by the compiler (a state added to the model must be listed)
const VM_STATES = Object.keys({ active: 1, stopped: 1, error: 1 } satisfies Record<VmState, 1>) as VmState[];
const TASK_STATES: TaskState[] = [null, ...(Object.keys({ 'powering-off': 1, 'powering-on': 1, resize_prep: 1, resize_migrating: 1, resize_migrated: 1, resize_finish: 1 } satisfies Record<NonNullable<TaskState>, 1>) as NonNullable<TaskState>[])];

/**
 * A Status filter as the store's status alternatives: every (vmState, taskState) that aliyunStatus
 * reads as `status`, grouped by vmState (Pending matches nothing: no instance is ever created here).
 */
export function aliyunStatusFilter(status: AliyunStatus): NonNullable<ServerQuery['statusIn']> {
  return VM_STATES.map((vmState) => ({ vmState, taskStates: TASK_STATES.filter((t) => aliyunStatus(vmState, t) === status) })).filter((alt) => alt.taskStates.length > 0);
}

/**
 * Alibaba has no projects: the neutral Server's projectId groups an account's instances by
 * region, so store queries stay indexed and Huawei's project-scoped look-ups never see them.
 */
export const aliyunProjectId = (region: string): string => `aliyun/${region}`;

export interface AliyunInstance extends Server {
  aliyun: AliyunInstanceAttributes;
}

export const isAliyunInstance = (s: Server | undefined): s is AliyunInstance => s !== undefined && s.cloud === 'aliyun' && s.aliyun !== undefined;

/**
 * The caller's instance, or InvalidInstanceId.NotFound: another account's instance (or one in
 * another region, when the call names a region) is as absent as a missing one.
 */
export async function ownInstance(r: StoreReads, accountId: string, instanceId: string, regionId?: string): Promise<AliyunInstance> {
  const s = await r.getServer(instanceId);
  if (!isAliyunInstance(s) || !isOwnedBy(s, { accountId }) || (regionId !== undefined && s.region !== regionId)) {
    return refuse('InvalidInstanceId.NotFound');
  }
  return s;
}

/** ECS times on the wire: UTC to the minute, `2017-12-10T04:04Z`. */
export const aliyunTime = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + 'Z';

/** The to-the-second form some replies use (DescribeDisks, DescribeNetworkInterfaces): `2019-11-11T08:35:29Z`. */
export const aliyunSecondTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** What pay-as-you-go instances report as ExpiredTime (they never expire). */
export const POSTPAID_EXPIRED_TIME = '2099-12-31T15:59Z';
