// The caller's instances in a region, and the two paging styles of ECS Describe* calls: shared by
// DescribeInstances and the calls that list what hangs off instances (disks, ENIs, attributes).
import type { ActionContext } from '../ecs-action-context.js';
import { aliyunProjectId, isAliyunInstance, type AliyunInstance } from '../instance-state.js';

/** The caller's instances in a region, in creation order (the store's order); `ids` narrows them. */
export async function instancesIn(a: ActionContext, region: string, ids?: readonly string[]): Promise<AliyunInstance[]> {
  const { items } = await a.app.store.reads.listServers({
    accountId: a.caller.accountId,
    projectId: aliyunProjectId(region),
    ...(ids ? { ids: [...ids] } : {}),
    limit: 1_000_000,
  });
  return items.filter(isAliyunInstance);
}

/** The position of an instance in creation order, as text that sorts the same way. */
export const positionOf = (s: AliyunInstance): string => `${String(s.createdAt).padStart(16, '0')}/${s.id}`;
export const POSITION = /^\d{16}\/i-[a-z0-9]{1,60}$/;

export interface Page<T> {
  items: T[];
  next: string;
}

/** PageNumber/PageSize paging. */
export function pageByNumber<T>(all: T[], pageNumber: number, pageSize: number): T[] {
  return all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}
