// The one ownership check every provider makes before it shows or changes a resource.

export interface Owner {
  accountId: string;
  /** where the cloud scopes resources by project (Huawei ECS), the caller's project */
  projectId?: string;
}

/**
 * Whether the caller may see the resource. Another account's resource, or another project's where
 * projects scope, is as absent as a missing one: callers learn nothing of what is not theirs.
 */
export function isOwnedBy<T extends { accountId: string; projectId?: string }>(resource: T | undefined, owner: Owner): resource is T {
  return resource !== undefined && resource.accountId === owner.accountId && (owner.projectId === undefined || resource.projectId === owner.projectId);
}
