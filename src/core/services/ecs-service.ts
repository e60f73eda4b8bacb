// Huawei-style ECS use cases. Each public method is one store transaction: it checks the rules,
// then records the job, the order and the server's new owner together.
import type { Clock } from '../clock.js';
import { DomainError, fail } from '../errors.js';
import { newHuaweiJobId, newHuaweiOrderId } from '../ids.js';
import type { Account, AccountKind, Job, JobPlan, Order, Server } from '../model/types.js';
import { checkResize, proratedDifferenceCents, type ResizeRequest } from '../rules/resize-rules.js';
import { isBusy } from '../rules/server-status.js';
import type { WorldState } from '../world-state.js';
import { StoreConflict, type Store, type StoreTx } from '../../store/store.js';
import { canAutoPay, payOrderInTx, registerFulfilment } from './orders.js';

export interface Caller {
  accountId: string;
  projectId: string;
}

export interface Accepted {
  jobId: string;
  orderId?: string;
}

export interface JobSink {
  poke(): void;
}

export class EcsService {
  constructor(
    private readonly store: Store,
    private readonly world: WorldState,
    private readonly clock: Clock,
    private readonly jobs: JobSink,
  ) {
    // paying a resize order releases the job that waited in PENDING_PAYMENT
    registerFulfilment('ecs_resize', async (tx, order, now) => {
      if (!order.jobId) return;
      const job = await tx.getJob(order.jobId);
      if (job && job.status === 'PENDING_PAYMENT') await tx.updateJob({ ...job, status: 'INIT', phase: 'accepted', dueAt: now });
      this.jobs.poke();
    });
  }

  /** Looks a server up as the caller sees it: another project's server is as absent as a missing one. */
  private async ownServer(tx: StoreTx, caller: Caller, serverId: string): Promise<Server> {
    const server = await tx.getServer(serverId);
    if (!server || server.cloud !== 'huawei' || server.accountId !== caller.accountId || server.projectId !== caller.projectId) {
      return fail('server.not-found', `The ECS ${serverId} does not exist.`, [serverId]);
    }
    return server;
  }

  private account(tx: StoreTx, caller: Caller): Promise<Account> {
    return tx.getAccount(caller.accountId).then((a) => a ?? fail('server.not-found', 'account not found'));
  }

  async resize(caller: Caller, serverId: string, req: ResizeRequest, dryRun: boolean): Promise<Accepted | null> {
    const accepted = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const server = await this.ownServer(tx, caller, serverId);
        const account = await this.account(tx, caller);
        const current = this.world.flavor('huawei', server.flavorId);
        const target = this.world.flavor('huawei', req.flavorRef);
        checkResize(server, current, target, account.kind as AccountKind, req);
        if (dryRun) return null;
        const now = this.clock.now();
        const job = newJob(caller, 'resizeServer', server.id, now, {
          kind: 'resize',
          fromFlavorId: server.flavorId,
          toFlavorId: target!.id,
          restart: server.vmState === 'active',
          cpuThreads: req.cpuThreads,
          dedicatedHostId: req.dedicatedHostId,
        });
        let orderId: string | undefined;
        if (server.billing === 'prepaid') {
          const order = newOrder(account, 'ecs_resize', server.id, job.id, proratedDifferenceCents(current!, target!, now, server.expiresAt), now, {
            from_flavor: server.flavorId,
            to_flavor: target!.id,
          });
          orderId = order.id;
          job.orderId = order.id;
          job.status = 'PENDING_PAYMENT';
          job.dueAt = null;
          await tx.insertOrder(order);
          await tx.insertJob(job);
          if (req.autoPay && canAutoPay(account, order.amountCents)) await payOrderInTx(tx, account, order, now);
        } else {
          await tx.insertJob(job);
        }
        await tx.updateServer({ ...server, busyJobId: job.id, version: server.version + 1, updatedAt: now });
        return { jobId: job.id, ...(orderId ? { orderId } : {}) };
      }),
    );
    if (accepted) this.jobs.poke();
    return accepted;
  }

  /** os-start / os-stop on a list of servers: one parent job with a sub-job per server. */
  async power(caller: Caller, action: 'start' | 'stop', serverIds: readonly string[], hard: boolean): Promise<Accepted> {
    const accepted = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const now = this.clock.now();
        const servers: Server[] = [];
        for (const id of serverIds) servers.push(await this.ownServer(tx, caller, id));
        for (const s of servers) {
          if (isBusy(s)) fail('server.busy', `ECS ${s.id} is being operated by another task.`, [s.id]);
        }
        const parent = newJob(caller, action === 'start' ? 'batchStartServers' : 'batchStopServers', null, now, { kind: 'batch' });
        parent.dueAt = null;
        parent.childCount = servers.length;
        await tx.insertJob(parent);
        for (const s of servers) {
          const child = newJob(caller, action === 'start' ? 'startServer' : 'stopServer', s.id, now, action === 'start' ? { kind: 'start' } : { kind: 'stop', hard });
          child.parentId = parent.id;
          await tx.insertJob(child);
          await tx.updateServer({ ...s, busyJobId: child.id, version: s.version + 1, updatedAt: now });
        }
        return { jobId: parent.id };
      }),
    );
    this.jobs.poke();
    return accepted;
  }

  async getJob(caller: Caller, jobId: string): Promise<{ job: Job; children: Job[] }> {
    const job = await this.store.reads.getJob(jobId);
    if (!job || job.accountId !== caller.accountId || job.projectId !== caller.projectId) {
      return fail('job.not-found', `Job ${jobId} does not exist.`, [jobId]);
    }
    return { job, children: job.childCount > 0 ? await this.store.reads.listChildJobs(job.id) : [] };
  }
}

export function newJob(caller: Caller, type: string, serverId: string | null, now: number, plan: JobPlan): Job {
  return {
    id: newHuaweiJobId(),
    accountId: caller.accountId,
    projectId: caller.projectId,
    parentId: null,
    type,
    status: 'INIT',
    serverId,
    plan,
    phase: 'accepted',
    orderId: null,
    errorCode: null,
    failReason: null,
    createdAt: now,
    beginAt: null,
    endAt: null,
    dueAt: now,
    childCount: 0,
  };
}

export function newOrder(account: Account, kind: Order['kind'], resourceId: string, jobId: string | null, amountCents: number, now: number, detail: Record<string, unknown>): Order {
  return { id: newHuaweiOrderId(now), accountId: account.id, kind, status: 'pending_payment', amountCents, jobId, resourceId, detail, createdAt: now, paidAt: null };
}

/** Engines without serialised transactions (PostgreSQL) may lose an optimistic race; one retry re-reads and re-checks. */
async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreConflict && attempt < 3) continue;
      if (err instanceof StoreConflict) throw new DomainError('server.busy', 'The ECS is being operated by another task.');
      throw err;
    }
  }
}
