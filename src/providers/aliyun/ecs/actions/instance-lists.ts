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
    total: false,
  });
  return items.filter(isAliyunInstance);
}

/** Instances per store read of eachInstanceIn. */
const SCAN_PAGE = 500;

/**
 * The caller's instances in a region in creation order, read from the store a page at a time by
 * position (keyset): a caller that keeps only what it needs holds one page in memory, however many
 * instances the region has.
 */
export async function* eachInstanceIn(a: ActionContext, region: string, ids?: readonly string[]): AsyncGenerator<AliyunInstance> {
  let after: { createdAt: number; id: string } | undefined;
  for (;;) {
    const { items } = await a.app.store.reads.listServers({
      accountId: a.caller.accountId,
      projectId: aliyunProjectId(region),
      ...(ids ? { ids: [...ids] } : {}),
      limit: SCAN_PAGE,
      total: false,
      ...(after ? { after } : {}),
    });
    for (const s of items) if (isAliyunInstance(s)) yield s;
    if (items.length < SCAN_PAGE) return;
    const last = items[items.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
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
