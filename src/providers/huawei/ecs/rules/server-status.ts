import type { Server, TaskState, VmState } from '../../../../core/model/types.js';

/** Nova's resize task states: the server shows RESIZE while it is in one (ecs_08_0002). */
export const RESIZE_TASKS: readonly TaskState[] = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'];

// Huawei "ECS Statuses": the wire status is a function of vm_state and task_state.
export function serverStatus(vm: VmState, task: TaskState): string {
  if (vm === 'error') return 'ERROR';
  if (RESIZE_TASKS.includes(task)) return 'RESIZE';
  return vm === 'active' ? 'ACTIVE' : 'SHUTOFF';
}

/** power_state as Nova reports it: 1 RUNNING, 4 SHUTDOWN. */
export function powerState(vm: VmState): number {
  return vm === 'active' ? 1 : vm === 'stopped' ? 4 : 0;
}

export function isBusy(server: Server): boolean {
  return server.busyJobId !== null || server.taskState !== null;
}
