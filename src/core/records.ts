// New job and order records. Ids come from the caller: each cloud has its own id formats
// (providers/*/shared/*-ids.ts), and core never makes one.
import type { Account, Cloud, Job, JobPlan, Order } from './model/types.js';

export interface JobOwner {
  accountId: string;
  projectId: string;
}

export interface NewJob {
  id: string;
  cloud: Cloud;
  owner: JobOwner;
  /** the wire job type, e.g. resizeServer */
  type: string;
  serverId: string | null;
  plan: JobPlan;
  now: number;
  /** when the first step is due; null waits for something else (a payment, a parent) */
  dueAt: number | null;
}

/** A job accepted at `now`, in INIT, with no step taken yet. */
export function newJob(j: NewJob): Job {
  return {
    id: j.id,
    cloud: j.cloud,
    accountId: j.owner.accountId,
    projectId: j.owner.projectId,
    parentId: null,
    type: j.type,
    status: 'INIT',
    serverId: j.serverId,
    plan: j.plan,
    phase: 'accepted',
    orderId: null,
    errorCode: null,
    failReason: null,
    createdAt: j.now,
    beginAt: null,
    endAt: null,
    purgeAt: null,
    dueAt: j.dueAt,
    childCount: 0,
  };
}

export interface NewOrder {
  id: string;
  cloud: Cloud;
  account: Account;
  kind: string;
  resourceId: string;
  jobId: string | null;
  amountCents: number;
  now: number;
  detail: Record<string, unknown>;
}

/** An order waiting for payment. */
export function newOrder(o: NewOrder): Order {
  return {
    id: o.id,
    cloud: o.cloud,
    accountId: o.account.id,
    kind: o.kind,
    status: 'pending_payment',
    amountCents: o.amountCents,
    jobId: o.jobId,
    resourceId: o.resourceId,
    detail: o.detail,
    createdAt: o.now,
    paidAt: null,
  };
}
