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
import { canAutoPay, type OrderBook } from './orders.js';

export interface Caller {
  accountId: string;
  projectId: string;
}

export interface Accepted {
  jobId: string;
  orderId?: string;
}

export interface BatchResizeRequest {
  flavorRef: string;
  serverIds: string[];
  withStopServer: boolean;
  cpuThreads: 1 | 2 | null;
  /** the SDK model has no extendparam for batches; a raw request asking for auto-pay is refused */
  autoPay: boolean;
  promotion: { type: string; id: string } | null;
}

/** seed 000: "a maximum of 50 ECSs in a batch" */
export const MAX_BATCH = 50;
const CANCELLED_JOB_RETENTION_MS = 14 * 24 * 3600 * 1000;

export interface JobSink {
  poke(): void;
}

export class EcsService {
  constructor(
    private readonly store: Store,
    private readonly world: WorldState,
    private readonly clock: Clock,
    private readonly jobs: JobSink,
    private readonly orders: OrderBook,
    /** delay between acceptance and a job's first step (StepDurations.dispatch) */
    private readonly dispatchMs: number,
  ) {
    // paying a resize order releases the job (or the batch's sub-jobs) that waited in PENDING_PAYMENT
    orders.registerFulfilment('ecs_resize', async (tx, order, now) => {
      if (!order.jobId) return;
      const job = await tx.getJob(order.jobId);
      if (!job || job.status !== 'PENDING_PAYMENT') return;
      if (job.childCount > 0) {
        await tx.updateJob({ ...job, status: 'INIT' });
        for (const child of await tx.listChildJobs(job.id)) await tx.updateJob({ ...child, dueAt: now + this.dispatchMs });
      } else {
        await tx.updateJob({ ...job, status: 'INIT', phase: 'accepted', dueAt: now + this.dispatchMs });
      }
      this.jobs.poke();
    });
    orders.registerCancellation('ecs_resize', (tx, order, now) => this.releaseCancelled(tx, order, now));
  }

  /**
   * A cancelled order leaves its job in PENDING_PAYMENT, as the real service does (ShowJob: "not
   * updated"), purged 14 days later; its servers are free for another change at once.
   */
  private async releaseCancelled(tx: StoreTx, order: Order, now: number): Promise<void> {
    if (!order.jobId) return;
    const job = await tx.getJob(order.jobId);
    if (!job) return;
    await tx.updateJob({ ...job, purgeAt: now + CANCELLED_JOB_RETENTION_MS });
    const jobs = job.childCount > 0 ? await tx.listChildJobs(job.id) : [job];
    for (const j of jobs) {
      const server = j.serverId ? await tx.getServer(j.serverId) : undefined;
      if (server && server.busyJobId === j.id) await tx.updateServer({ ...server, busyJobId: null, version: server.version + 1, updatedAt: now });
    }
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
        const job = newJob(caller, 'resizeServer', server.id, now, resizePlan(server, target!.id, req.cpuThreads, req.dedicatedHostId));
        job.dueAt = now + this.dispatchMs;
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
          if (req.autoPay && canAutoPay(account, order.amountCents)) await this.orders.pay(tx, account, order, now);
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

  /**
   * Batch resize (seed 000): every server must pass every rule, or nothing is recorded. One parent
   * job with a sub-job per server; yearly/monthly batches get one order and never auto-pay.
   */
  async batchResize(caller: Caller, req: BatchResizeRequest): Promise<Accepted> {
    if (req.serverIds.length > MAX_BATCH) fail('batch.too-many', `At most ${MAX_BATCH} ECSs can be modified in a batch; ${req.serverIds.length} were given.`);
    const dup = req.serverIds.find((id, i) => req.serverIds.indexOf(id) !== i);
    if (dup) fail('batch.duplicate', `ECS ${dup} appears more than once in the batch.`, [dup]);
    const accepted = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const account = await this.account(tx, caller);
        const servers: Server[] = [];
        for (const id of req.serverIds) servers.push(await this.ownServer(tx, caller, id));
        const first = servers[0]!;
        const differ = (pick: (s: Server) => string) => servers.filter((s) => pick(s) !== pick(first)).map((s) => s.id);
        const mixedBilling = differ((s) => s.billing);
        if (mixedBilling.length) fail('server.billing-mixed', `All ECSs of a batch must have the same billing mode; ${mixedBilling.join(', ')} differ from ${first.id}.`, mixedBilling);
        const mixedAz = differ((s) => s.az);
        if (mixedAz.length) fail('server.az-mixed', `All ECSs of a batch must be in the same AZ; ${mixedAz.join(', ')} are not in ${first.az}.`, mixedAz);
        const mixedFlavor = differ((s) => s.flavorId);
        if (mixedFlavor.length) fail('server.flavor-mixed', `All ECSs of a batch must have the same current flavor; ${mixedFlavor.join(', ')} differ from ${first.flavorId}.`, mixedFlavor);
        const prepaid = first.billing === 'prepaid';
        if (prepaid && req.autoPay) fail('batch.auto-pay', 'Auto-payment is not supported for batch modification of yearly/monthly ECSs; pay the order instead.');
        const market = prepaid ? servers.filter((s) => s.imageType === 'market').map((s) => s.id) : [];
        if (market.length) fail('server.market-image', `Yearly/monthly ECSs created from paid public images cannot be batch modified: ${market.join(', ')}.`, market);
        const current = this.world.flavor('huawei', first.flavorId);
        const target = this.world.flavor('huawei', req.flavorRef);
        const rule: ResizeRequest = { api: 'batch', flavorRef: req.flavorRef, withStopServer: req.withStopServer, cpuThreads: req.cpuThreads, dedicatedHostId: null, autoPay: false };
        for (const s of servers) checkResize(s, current, target, account.kind as AccountKind, rule);

        const now = this.clock.now();
        const parent = newJob(caller, 'batchResizeServers', null, now, { kind: 'batch' });
        parent.dueAt = null;
        parent.childCount = servers.length;
        let order: Order | undefined;
        if (prepaid) {
          const amount = servers.reduce((sum, s) => sum + proratedDifferenceCents(current!, target!, now, s.expiresAt), 0);
          order = newOrder(account, 'ecs_resize', servers.map((s) => s.id).join(','), parent.id, amount, now, {
            from_flavor: first.flavorId,
            to_flavor: target!.id,
            servers: servers.map((s) => s.id),
            ...(req.promotion ? { promotion: req.promotion } : {}),
          });
          parent.status = 'PENDING_PAYMENT';
          parent.orderId = order.id;
          await tx.insertOrder(order);
        }
        await tx.insertJob(parent);
        for (const s of servers) {
          const child = newJob(caller, 'resizeServer', s.id, now, resizePlan(s, target!.id, req.cpuThreads, null));
          child.parentId = parent.id;
          child.dueAt = prepaid ? null : now + this.dispatchMs; // prepaid: released when the order is paid
          await tx.insertJob(child);
          await tx.updateServer({ ...s, busyJobId: child.id, version: s.version + 1, updatedAt: now });
        }
        return { jobId: parent.id, ...(order ? { orderId: order.id } : {}) };
      }),
    );
    this.jobs.poke();
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
          const child = newJob(caller, action === 'start' ? 'startServer' : 'stopServer', s.id, now, action === 'start' ? { kind: 'start' } : { kind: 'stop', hard }, now + this.dispatchMs);
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

/** A running server is stopped first and started again after (mode withStopServer). */
const resizePlan = (server: Server, toFlavorId: string, cpuThreads: 1 | 2 | null, dedicatedHostId: string | null): JobPlan => ({
  kind: 'resize',
  fromFlavorId: server.flavorId,
  toFlavorId,
  restart: server.vmState === 'active',
  cpuThreads,
  dedicatedHostId,
});

/** A job accepted at `now`; its first step is due at `dueAt` (defaults to now). */
export function newJob(caller: Caller, type: string, serverId: string | null, now: number, plan: JobPlan, dueAt: number = now): Job {
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
    purgeAt: null,
    dueAt,
    childCount: 0,
  };
}

export function newOrder(account: Account, kind: Order['kind'], resourceId: string, jobId: string | null, amountCents: number, now: number, detail: Record<string, unknown>): Order {
  return { id: newHuaweiOrderId(now), accountId: account.id, kind, status: 'pending_payment', amountCents, jobId, resourceId, detail, createdAt: now, paidAt: null };
}

/**
 * Engines without serialised transactions (PostgreSQL) may lose an optimistic race; a retry re-reads
 * and re-checks. Still losing after three: the server is busy, in the caller's cloud's words.
 */
export async function retryOnConflict<T>(fn: () => Promise<T>, busyMessage = 'The ECS is being operated by another task.'): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreConflict && attempt < 3) continue;
      if (err instanceof StoreConflict) throw new DomainError('server.busy', busyMessage);
      throw err;
    }
  }
}
