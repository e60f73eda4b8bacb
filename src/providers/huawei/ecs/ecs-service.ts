// Huawei ECS use cases. Each public method is one store transaction: it checks the rules, then
// records the job, the order and the server's new owner together.
import type { Clock } from '../../../core/clock.js';
import type { JobRunner } from '../../../core/jobs/job-runner.js';
import type { Store, StoreTx } from '../../../core/model/store.js';
import { BATCH_PLAN, type Account, type AccountKind, type Job, type JobPlan, type Order, type Server } from '../../../core/model/types.js';
import type { OrderBook } from '../../../core/orders/order-book.js';
import { canAutoPay } from '../../../core/orders/order-book.js';
import { proratedDifferenceCents } from '../../../core/orders/proration.js';
import { isOwnedBy } from '../../../core/ownership.js';
import { newJob, newOrder, type JobOwner } from '../../../core/records.js';
import { retryOnConflict } from '../../../core/retry.js';
import type { WorldState } from '../../../core/world-state.js';
import { startPlan, stopPlan } from '../../../jobs/power-stepper.js';
import { newHuaweiJobId, newHuaweiOrderId } from '../shared/huawei-ids.js';
import { unusedOrderId } from '../../../core/orders/unused-order-id.js';
import { refuse } from './ecs-refusals.js';
import { resizePlan } from './ecs-jobs.js';
import { checkBatchList, checkBatchServers } from './rules/batch-rules.js';
import { checkResize, type ResizeRequest } from './rules/resize-rules.js';
import { checkPower } from './rules/power-rules.js';

export type Caller = JobOwner;

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

/** The order kind of a resize of yearly/monthly ECSs: paying it releases the job. */
export const ECS_RESIZE_ORDER = 'ecs_resize';
const CANCELLED_JOB_RETENTION_MS = 14 * 24 * 3600 * 1000;
const BUSY = 'The ECS is being operated by another task.';

export class EcsService {
  constructor(
    private readonly store: Store,
    private readonly world: WorldState,
    private readonly clock: Clock,
    private readonly jobs: JobRunner,
    private readonly orders: OrderBook,
    /** delay between acceptance and a job's first step (StepDurations.dispatch) */
    private readonly dispatchMs: number,
  ) {
    // paying a resize order releases the job (or the batch's sub-jobs) that waited in PENDING_PAYMENT
    orders.registerFulfilment('huawei', ECS_RESIZE_ORDER, async (tx, order, now) => {
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
    orders.registerCancellation('huawei', ECS_RESIZE_ORDER, (tx, order, now) => this.releaseCancelled(tx, order, now));
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

  /**
   * The caller's account for the rules, read without a lock: a resize only reads it, and with the
   * lock every resize of an account queued on its row on PostgreSQL. A payment re-reads it locked.
   */
  private account(tx: StoreTx, caller: Caller): Promise<Account> {
    return tx.readAccount(caller.accountId).then((a) => a ?? refuse('server.not-found', 'account not found'));
  }

  private job(caller: Caller, type: string, serverId: string | null, now: number, plan: JobPlan, dueAt: number | null): Job {
    return newJob({ id: newHuaweiJobId(), cloud: 'huawei', owner: caller, type, serverId, plan, now, dueAt });
  }

  private async order(tx: StoreTx, account: Account, resourceId: string, jobId: string, amountCents: number, now: number, detail: Record<string, unknown>): Promise<Order> {
    const id = await unusedOrderId(tx, () => newHuaweiOrderId(now));
    return newOrder({ id, cloud: 'huawei', account, kind: ECS_RESIZE_ORDER, resourceId, jobId, amountCents, now, detail });
  }

  async resize(caller: Caller, serverId: string, req: ResizeRequest, dryRun: boolean): Promise<Accepted | null> {
    let dueAt: number | null = null;
    const accepted = await retryOnConflict(
      () =>
        this.store.transaction(async (tx) => {
          const server = await ownServer(tx, caller, serverId);
          const account = await this.account(tx, caller);
          const current = this.world.flavor('huawei', server.flavorId);
          const target = this.world.flavor('huawei', req.flavorRef);
          checkResize(server, current, target, account.kind as AccountKind, req);
          if (dryRun) return null;
          const now = this.clock.now();
          const job = this.job(caller, 'resizeServer', server.id, now, resizePlan(server, target!.id, req.cpuThreads, req.dedicatedHostId), now + this.dispatchMs);
          let orderId: string | undefined;
          if (server.billing === 'prepaid') {
            const order = await this.order(tx, account, server.id, job.id, proratedDifferenceCents(current!, target!, now, server.expiresAt), now, {
              from_flavor: server.flavorId,
              to_flavor: target!.id,
            });
            orderId = order.id;
            job.orderId = order.id;
            job.status = 'PENDING_PAYMENT';
            job.dueAt = null;
            await tx.insertOrder(order);
            await tx.insertJob(job);
            if (req.autoPay) {
              // the balance decides, so it is read under the account's lock (after the server's, as a batch does)
              const payer = (await tx.getAccount(account.id)) ?? account;
              if (canAutoPay(payer, order.amountCents)) await this.orders.pay(tx, payer, order, now);
            }
          } else {
            await tx.insertJob(job);
          }
          await tx.updateServer({ ...server, busyJobId: job.id, version: server.version + 1, updatedAt: now });
          // prepaid: an automatic payment released the job inside this body, so look at once
          dueAt = orderId ? now : job.dueAt;
          return { jobId: job.id, ...(orderId ? { orderId } : {}) };
        }),
      BUSY,
    );
    if (accepted) this.jobs.pokeAt(dueAt);
    return accepted;
  }

  /**
   * Batch resize (seed 000): every server must pass every rule, or nothing is recorded. One parent
   * job with a sub-job per server; yearly/monthly batches get one order and never auto-pay.
   */
  async batchResize(caller: Caller, req: BatchResizeRequest): Promise<Accepted> {
    checkBatchList(req.serverIds);
    const accepted = await retryOnConflict(
      () =>
        this.store.transaction(async (tx) => {
          const account = await this.account(tx, caller);
          const servers: Server[] = [];
          for (const id of req.serverIds) servers.push(await ownServer(tx, caller, id));
          checkBatchServers(servers, req.autoPay);
          const first = servers[0]!;
          const prepaid = first.billing === 'prepaid';
          const current = this.world.flavor('huawei', first.flavorId);
          const target = this.world.flavor('huawei', req.flavorRef);
          const rule: ResizeRequest = { api: 'batch', flavorRef: req.flavorRef, withStopServer: req.withStopServer, cpuThreads: req.cpuThreads, dedicatedHostId: null, autoPay: false };
          for (const s of servers) checkResize(s, current, target, account.kind as AccountKind, rule);

          const now = this.clock.now();
          const parent = this.job(caller, 'batchResizeServers', null, now, BATCH_PLAN, null);
          parent.childCount = servers.length;
          let order: Order | undefined;
          if (prepaid) {
            const amount = servers.reduce((sum, s) => sum + proratedDifferenceCents(current!, target!, now, s.expiresAt), 0);
            order = await this.order(tx, account, servers.map((s) => s.id).join(','), parent.id, amount, now, {
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
            // prepaid: released when the order is paid
            const child = this.job(caller, 'resizeServer', s.id, now, resizePlan(s, target!.id, req.cpuThreads, null), prepaid ? null : now + this.dispatchMs);
            child.parentId = parent.id;
            await tx.insertJob(child);
            await tx.updateServer({ ...s, busyJobId: child.id, version: s.version + 1, updatedAt: now });
          }
          return { jobId: parent.id, ...(order ? { orderId: order.id } : {}) };
        }),
      BUSY,
    );
    this.jobs.poke();
    return accepted;
  }

  /** os-start / os-stop on a list of servers: one parent job with a sub-job per server. */
  async power(caller: Caller, action: 'start' | 'stop', serverIds: readonly string[], hard: boolean): Promise<Accepted> {
    const accepted = await retryOnConflict(
      () =>
        this.store.transaction(async (tx) => {
          const now = this.clock.now();
          const servers: Server[] = [];
          for (const id of serverIds) servers.push(await ownServer(tx, caller, id));
          checkPower(servers);
          const parent = this.job(caller, action === 'start' ? 'batchStartServers' : 'batchStopServers', null, now, BATCH_PLAN, null);
          parent.childCount = servers.length;
          await tx.insertJob(parent);
          for (const s of servers) {
            const plan = action === 'start' ? startPlan() : stopPlan(hard);
            const child = this.job(caller, action === 'start' ? 'startServer' : 'stopServer', s.id, now, plan, now + this.dispatchMs);
            child.parentId = parent.id;
            await tx.insertJob(child);
            await tx.updateServer({ ...s, busyJobId: child.id, version: s.version + 1, updatedAt: now });
          }
          return { jobId: parent.id };
        }),
      BUSY,
    );
    this.jobs.poke();
    return accepted;
  }

  async getJob(caller: Caller, jobId: string): Promise<{ job: Job; children: Job[] }> {
    const job = await this.store.reads.getJob(jobId);
    if (job?.cloud !== 'huawei' || !isOwnedBy(job, caller)) {
      return refuse('job.not-found', `Job ${jobId} does not exist.`, [jobId]);
    }
    return { job, children: job.childCount > 0 ? await this.store.reads.listChildJobs(job.id) : [] };
  }

  /** RegisterServerAutoRecovery: the setting is the server's own, whatever job it is in. */
  async setAutoRecovery(caller: Caller, serverId: string, on: boolean): Promise<void> {
    await retryOnConflict(
      () =>
        this.store.transaction(async (tx) => {
          const server = await ownServer(tx, caller, serverId);
          if (server.huawei?.autoRecovery === on) return;
          await tx.updateServer({ ...server, huawei: { ...server.huawei, autoRecovery: on }, version: server.version + 1, updatedAt: this.clock.now() });
        }),
      BUSY,
    );
  }

  /** ShowServer: the caller's server, or Ecs.0114. */
  server(caller: Caller, serverId: string): Promise<Server> {
    return ownServer(this.store.reads, caller, serverId);
  }
}

/** A server as the caller sees it: another project's server is as absent as a missing one. */
export async function ownServer(reads: Pick<StoreTx, 'getServer'>, caller: Caller, serverId: string): Promise<Server> {
  const server = await reads.getServer(serverId);
  if (server?.cloud !== 'huawei' || !isOwnedBy(server, caller)) {
    return refuse('server.not-found', `The ECS ${serverId.slice(0, 64)} does not exist.`, [serverId]);
  }
  return server;
}
