// Alibaba ECS use cases that change state. Each one is a single store transaction: it reads the
// instance, its account, zone and jobs, runs the pure rules (spec-rules.ts), then writes the
// instance, the job, the order, the stock and the ClientToken record together, or nothing.
import type { AppContext } from '../../../core/app-context.js';
import { stepDurations } from '../../../core/clock.js';
import type { StoreTx } from '../../../core/model/store.js';
import type { Job, JobPlan, Order } from '../../../core/model/types.js';
import { canAutoPay } from '../../../core/orders/order-book.js';
import { proratedDifferenceCents, remainingMonths } from '../../../core/orders/proration.js';
import { newJob, newOrder } from '../../../core/records.js';
import { retryOnConflict } from '../../../core/retry.js';
import { startPlan, stopPlan } from '../../../jobs/power-stepper.js';
import { AliyunFailure, errorMessage, refuse } from '../shared/aliyun-errors.js';
import { newAliyunOrderId, newAliyunTaskId } from '../shared/aliyun-ids.js';
import { unusedOrderId } from '../../../core/orders/unused-order-id.js';
import { netspecAttributes, type NetspecPlan, type RespecPlan } from './ecs-jobs.js';
import type { RpcParams } from '../shared/rpc-params.js';
import { consumeStock, countsStock, imageDoc, putRegionDoc, regionDoc, settingsDoc, stockOf, unlockedDocs } from './ecs-world-docs.js';
import { derivedPublicIp } from './ecs-world.js';
import { rememberToken, replayOf, type TokenKey } from './client-tokens.js';
import { aliyunProjectId, ownInstance, statusOf, type AliyunInstance } from './instance-state.js';
import {
  checkAllocatePublicIp,
  checkBandwidthChange,
  checkNetworkSpecChange,
  checkPayAsYouGo,
  checkPrepaidTypeChange,
  checkRebootTime,
  checkTypeChange,
  monthlyBandwidthCents,
  type NetworkSpecChange,
  refuseTemporaryBandwidth,
  type SpecState,
  type TypeChange,
  type TypeChangeResult,
} from './spec-rules.js';

export interface AliyunCaller {
  accountId: string;
  userId: string;
}

export interface ModifySpecInput {
  instanceId: string;
  instanceType: string | undefined;
  bandwidthOut: number | undefined;
  bandwidthIn: number | undefined;
  /** the first Temporary.* parameter sent, if any */
  temporaryParameter: string | undefined;
  allowMigrateAcrossZone: boolean;
  systemDiskCategory: string | undefined;
  async: boolean;
  dryRun: boolean;
  clientToken: string | undefined;
  params: RpcParams;
}

export interface ModifyPrepaySpecInput {
  regionId: string;
  instanceId: string;
  instanceType: string;
  /** undefined: decided from the change (the page since 2025) */
  operatorType: 'upgrade' | 'downgrade' | undefined;
  autoPay: boolean;
  migrateAcrossZone: boolean;
  systemDiskCategory: string | undefined;
  rebootWhenFinished: boolean;
  /** RebootTime (ms), already checked for form */
  rebootAt: number | undefined;
  clientToken: string | undefined;
  params: RpcParams;
}

export interface ModifyNetworkSpecInput {
  instanceId: string;
  change: NetworkSpecChange;
  autoPay: boolean;
  clientToken: string | undefined;
  params: RpcParams;
}

export interface AllocatePublicIpInput {
  instanceId: string;
  /** IpAddress (whitelist parameter), already checked for form */
  ipAddress: string | undefined;
}

export interface PowerInput {
  instanceId: string;
  dryRun: boolean;
  forceStop: boolean;
  stoppedMode: 'StopCharging' | 'KeepCharging' | undefined;
}

type Reply = Record<string, unknown>;
/** A transaction's outcome: a reply, or an injected fault to report once the fault's removal is committed. */
type Outcome = { reply: Reply; poke: boolean } | { fault: string };

interface FaultDoc {
  message?: string;
}

/** The kind of world document POST /_specshift/faults writes, keyed by server (instance) id. */
const FAULT_DOC = 'fault';

/** The order kind of ModifyPrepayInstanceSpec: paying it starts the type change. */
export const RESPEC_ORDER = 'ecs_respec';
/** The order kind of ModifyInstanceNetworkSpec on a subscription: paying it applies the bandwidth. */
export const NETSPEC_ORDER = 'ecs_network_spec';
const CANCELLED_JOB_RETENTION_MS = 14 * 24 * 3600 * 1000;

const bump = (s: AliyunInstance, now: number, patch: Partial<AliyunInstance>, aliyun: Partial<AliyunInstance['aliyun']> = {}): AliyunInstance => ({
  ...s,
  ...patch,
  aliyun: { ...s.aliyun, ...aliyun },
  updatedAt: now,
  version: s.version + 1,
});

const newTask = (owner: { accountId: string; projectId: string }, type: string, serverId: string, now: number, plan: JobPlan, dueAt: number | null): Job =>
  newJob({ id: newAliyunTaskId(), cloud: 'aliyun', owner, type, serverId, plan, now, dueAt });

export class AliyunEcsService {
  constructor(private readonly ctx: AppContext) {
    for (const kind of [RESPEC_ORDER, NETSPEC_ORDER]) {
      // paying a change order (the control API, or AutoPay) releases the job that waited for it
      ctx.orders.registerFulfilment('aliyun', kind, async (tx, order, now) => {
        const waiting = order.jobId ? await tx.getJob(order.jobId) : undefined;
        if (!waiting || waiting.status !== 'PENDING_PAYMENT') return;
        await tx.updateJob({ ...waiting, status: 'INIT', phase: 'accepted', dueAt: now + this.dispatchMs });
        this.ctx.engine.poke();
      });
      // a cancelled order frees the instance for another change; its job stays, unpaid, until purged
      ctx.orders.registerCancellation('aliyun', kind, async (tx, order, now) => {
        const waiting = order.jobId ? await tx.getJob(order.jobId) : undefined;
        if (!waiting) return;
        await tx.updateJob({ ...waiting, purgeAt: now + CANCELLED_JOB_RETENTION_MS });
        const instance = waiting.serverId ? await tx.getServer(waiting.serverId) : undefined;
        if (instance && instance.busyJobId === waiting.id) await tx.updateServer({ ...instance, busyJobId: null, version: instance.version + 1, updatedAt: now });
      });
    }
  }

  private get dispatchMs(): number {
    return stepDurations(this.ctx.engine.mode).dispatch;
  }

  /** Runs a use case; an injected fault becomes InternalError after its removal is committed. */
  private async run(fn: (tx: StoreTx, now: number) => Promise<Outcome>): Promise<Reply> {
    const outcome = await retryOnConflict(() => this.ctx.store.transaction((tx) => fn(tx, this.ctx.clock.now())), 'The instance is being operated by another task.');
    if ('fault' in outcome) throw new AliyunFailure('InternalError', '', {}, `${errorMessage('InternalError')} (${outcome.fault})`);
    if (outcome.poke) this.ctx.engine.poke();
    return outcome.reply;
  }

  /** Consumes a fault injected for the instance, if any (the call it lands on fails with InternalError). */
  private async takeFault(tx: StoreTx, instanceId: string): Promise<string | null> {
    return this.consumeFault(tx, instanceId, await this.findFault(tx, instanceId));
  }

  /** A fault injected for the instance, read (and locked) but left in place: see consumeFault. */
  private findFault(tx: StoreTx, instanceId: string): Promise<FaultDoc | undefined> {
    return tx.findWorldDoc(FAULT_DOC, instanceId) as Promise<FaultDoc | undefined>;
  }

  /** The fault findFault read, taken: the call fails with its message (null: there was none). */
  private async consumeFault(tx: StoreTx, instanceId: string, fault: FaultDoc | undefined): Promise<string | null> {
    if (!fault) return null;
    await tx.deleteWorldDoc(FAULT_DOC, instanceId);
    return typeof fault.message === 'string' ? fault.message : 'injected failure';
  }

  /**
   * What the rules of a change read. On PostgreSQL every document read in a transaction takes its row
   * lock, and the region's image, settings and region documents are shared by every instance: locked,
   * every change in a region queued behind the one before, whatever account or instance it named.
   * So the documents a change only reads are read without the lock: the image and the settings
   * always; the region unless it counts a stock the change may take (then it is written, and read
   * locked); the account unless the change may move money (`money`). A quota check takes the
   * account's lock itself, as late as it can (`usage`): every change of the account waits for it,
   * and the shorter it is held the more of them pass a second.
   */
  private async specState(tx: StoreTx, instance: AliyunInstance, now: number, money = true): Promise<SpecState> {
    const unlocked = unlockedDocs(tx);
    let region = await regionDoc(unlocked, instance.region);
    if (region && countsStock(region)) region = await regionDoc(tx, instance.region);
    const account = (await (money ? tx.getAccount(instance.accountId) : tx.readAccount(instance.accountId))) ?? refuse('InvalidInstanceId.NotFound');
    const job = instance.busyJobId ? await tx.getJob(instance.busyJobId) : undefined;
    const waitingForPayment = job?.status === 'PENDING_PAYMENT';
    return {
      instance,
      status: statusOf(instance),
      busy: job !== undefined && (job.status === 'INIT' || job.status === 'RUNNING'),
      unpaidOrder: instance.aliyun.unpaidOrder || waitingForPayment,
      account,
      current: this.ctx.world.flavor('aliyun', instance.flavorId),
      region,
      now,
      image: await imageDoc(unlocked, instance.imageId),
      settings: await settingsDoc(unlocked),
    };
  }

  /**
   * Writes a change order and the job that carries the change out (none when the caller applies the
   * change itself in this transaction). Not paid at once, the job waits for the payment.
   */
  private async placeOrder(
    tx: StoreTx,
    state: SpecState,
    o: { kind: string; action: string; amount: number; pay: boolean; plan: JobPlan | null; detail: Record<string, unknown> },
    now: number,
  ): Promise<{ order: Order; job: Job | null }> {
    const instance = state.instance;
    const job = o.plan ? newTask({ accountId: instance.accountId, projectId: instance.projectId }, o.action, instance.id, now, o.plan, now + this.dispatchMs) : null;
    const id = await unusedOrderId(tx, newAliyunOrderId);
    const order: Order = newOrder({ id, cloud: 'aliyun', account: state.account, kind: o.kind, resourceId: instance.id, jobId: job?.id ?? null, amountCents: o.amount, now, detail: o.detail });
    if (job) {
      job.orderId = order.id;
      if (!o.pay) {
        // released by whoever pays the order (the fulfilments registered above)
        job.status = 'PENDING_PAYMENT';
        job.dueAt = null;
      }
      await tx.insertJob(job);
    }
    await tx.insertOrder(order);
    // a job is already INIT, so paying only settles the money
    if (o.pay) await this.ctx.orders.pay(tx, state.account, order, now);
    return { order, job };
  }

  /**
   * The account's pay-as-you-go vCPUs and pay-by-bandwidth Mbit/s in a region, for the quotas: the
   * store's per-flavor counts (one index read, no instance loaded), weighed here. Read under the
   * account's lock (taken in the same round trip unless specState took it: `accountLocked`), so two
   * changes of one account are checked against the quota one after the other, each seeing the other's.
   */
  private async usage(tx: StoreTx, accountId: string, region: string, accountLocked: boolean): Promise<{ vcpus: number; mbps: number }> {
    const q = { accountId, projectId: aliyunProjectId(region) };
    const groups = await (accountLocked ? tx.serverUsage(q) : tx.lockedServerUsage(q));
    let vcpus = 0;
    let mbps = 0;
    for (const g of groups) {
      // no charge type: no Alibaba attributes, which the instances counted here always have
      if (g.cloud !== 'aliyun' || g.billing !== 'postpaid' || g.internetChargeType === null) continue;
      vcpus += (this.ctx.world.flavor('aliyun', g.flavorId)?.vcpus ?? 0) * g.count;
      if (g.internetChargeType === 'PayByBandwidth') mbps += g.bandwidthOut;
    }
    return { vcpus, mbps };
  }

  /**
   * Moves a counted stock of the target down by one in the instance's zone. `region` is the region
   * document specState read in this transaction (nothing between writes it): not read twice.
   */
  private async useStock(tx: StoreTx, region: SpecState['region'], instance: AliyunInstance, typeId: string): Promise<void> {
    const next = region && consumeStock(region, instance.az, typeId);
    if (next) await putRegionDoc(tx, next);
  }

  /** Type-change bookkeeping shared by both spec APIs: disk, downgrade history. */
  private typeChangeAttributes(instance: AliyunInstance, result: TypeChangeResult, now: number): Partial<AliyunInstance['aliyun']> {
    const changedDisk = result.systemDiskCategory !== instance.aliyun.systemDiskCategory;
    return {
      systemDiskCategory: result.systemDiskCategory,
      ...(changedDisk ? { ioOptimized: true } : {}),
      ...(result.direction === 'downgrade' ? { lastDowngradeAt: now } : {}),
    };
  }

  /** ModifyInstanceSpec (seed 004): the instance type of a Stopped instance, or its public bandwidth. */
  modifyInstanceSpec(caller: AliyunCaller, input: ModifySpecInput): Promise<Reply> {
    return this.run(async (tx, now) => {
      const instance = await ownInstance(tx, caller.accountId, input.instanceId);
      const key: TokenKey | null = input.clientToken ? { accountId: caller.accountId, action: 'ModifyInstanceSpec', token: input.clientToken } : null;
      if (key) {
        const replay = await replayOf(tx, key, input.params, now);
        if (replay) return { reply: replay, poke: false };
      }
      if (input.temporaryParameter) refuseTemporaryBandwidth(instance, input.temporaryParameter);
      // pay-as-you-go only (checkPayAsYouGo): no order, no payment
      const state = await this.specState(tx, instance, now, false);
      checkPayAsYouGo(state);
      // read before a quota check takes the account's lock, held to the COMMIT; taken after the checks
      const injected = await this.findFault(tx, instance.id);

      let next: AliyunInstance;
      let job: Job | null = null;
      if (input.instanceType !== undefined) {
        const change: TypeChange = {
          target: this.ctx.world.flavor('aliyun', input.instanceType),
          targetId: input.instanceType,
          allowMigrateAcrossZone: input.allowMigrateAcrossZone,
          systemDiskCategory: input.systemDiskCategory,
        };
        const used = state.region?.quotas.postpaidVcpus != null ? (await this.usage(tx, caller.accountId, instance.region, false)).vcpus : 0;
        const result = checkTypeChange(state, change, used);
        if (input.dryRun) refuse('DryRunOperation');
        const fault = await this.consumeFault(tx, instance.id, injected);
        if (fault !== null) return { fault };
        await this.useStock(tx, state.region, instance, result.target.id);
        const attrs = this.typeChangeAttributes(instance, result, now);
        if (input.async) {
          // decision: Async=true hands the change to a job ("submitted asynchronously"); the
          // old type shows until it completes, and a second change waits for it
          const plan: RespecPlan = { kind: 'respec', fromFlavorId: instance.flavorId, toFlavorId: result.target.id, reboot: false };
          job = newTask({ accountId: caller.accountId, projectId: instance.projectId }, 'ModifyInstanceSpec', instance.id, now, plan, now + this.dispatchMs);
          await tx.insertJob(job);
          next = bump(instance, now, { busyJobId: job.id }, attrs);
        } else {
          next = bump(instance, now, { flavorId: result.target.id }, attrs);
        }
      } else {
        const used = state.region?.quotas.payByBandwidthMbps != null ? (await this.usage(tx, caller.accountId, instance.region, false)).mbps : 0;
        const bw = checkBandwidthChange(state, { out: input.bandwidthOut, in: input.bandwidthIn }, used);
        if (input.dryRun) refuse('DryRunOperation');
        const fault = await this.consumeFault(tx, instance.id, injected);
        if (fault !== null) return { fault };
        // seed 004 names ecs:AssociatePublicIpAddress as a dependent action: raising the bandwidth
        // of an instance without a public address gives it one
        const publicIp = instance.aliyun.publicIp ?? (bw.out > 0 ? derivedPublicIp(instance.id) : null);
        next = bump(instance, now, {}, { bandwidthOut: bw.out, bandwidthIn: bw.in, publicIp });
      }
      await tx.updateServer(next);
      if (key) await rememberToken(tx, key, input.params, {}, job?.id ?? null, now);
      return { reply: {}, poke: job !== null };
    });
  }

  /** ModifyPrepayInstanceSpec: an order for the price difference; the change runs once it is paid. */
  modifyPrepayInstanceSpec(caller: AliyunCaller, input: ModifyPrepaySpecInput): Promise<Reply> {
    return this.run(async (tx, now) => {
      const instance = await ownInstance(tx, caller.accountId, input.instanceId, input.regionId);
      const key: TokenKey | null = input.clientToken ? { accountId: caller.accountId, action: 'ModifyPrepayInstanceSpec', token: input.clientToken } : null;
      if (key) {
        const replay = await replayOf(tx, key, input.params, now);
        if (replay) return { reply: replay, poke: false };
      }
      const state = await this.specState(tx, instance, now);
      const result = checkPrepaidTypeChange(
        state,
        {
          target: this.ctx.world.flavor('aliyun', input.instanceType),
          targetId: input.instanceType,
          allowMigrateAcrossZone: input.migrateAcrossZone,
          systemDiskCategory: input.systemDiskCategory,
        },
        input.operatorType,
      );
      if (input.rebootAt !== undefined) checkRebootTime(state, input.rebootAt);
      const account = state.account;
      const amount = proratedDifferenceCents(state.current!, result.target, now, instance.expiresAt);
      const downgrade = result.direction === 'downgrade';
      // AutoPay is ignored on a downgrade: a refund needs no payment
      let pay = downgrade;
      if (!downgrade && input.autoPay) {
        // decision: auto-pay that the balance cannot cover is refused outright rather than leaving
        // the "abnormal order that can only be voided" the docs describe
        if (amount > 0 && account.balanceCents < amount) refuse('InvalidAccountStatus.NotEnoughBalance');
        pay = canAutoPay(account, amount);
      }
      const fault = await this.takeFault(tx, instance.id);
      if (fault !== null) return { fault };

      const plan: RespecPlan = {
        kind: 'respec',
        fromFlavorId: instance.flavorId,
        toFlavorId: result.target.id,
        reboot: input.rebootWhenFinished,
        ...(input.rebootWhenFinished && input.rebootAt !== undefined ? { rebootAt: input.rebootAt } : {}),
      };
      const { order, job } = await this.placeOrder(
        tx,
        state,
        {
          kind: RESPEC_ORDER,
          action: 'ModifyPrepayInstanceSpec',
          amount,
          pay,
          plan,
          detail: { action: 'ModifyPrepayInstanceSpec', operator_type: result.direction, from_instance_type: instance.flavorId, to_instance_type: result.target.id },
        },
        now,
      );
      await this.useStock(tx, state.region, instance, result.target.id);
      const attrs = this.typeChangeAttributes(instance, result, now);
      await tx.updateServer(bump(instance, now, { busyJobId: job!.id }, { ...attrs, ...(downgrade ? { downgradeCount: instance.aliyun.downgradeCount + 1 } : {}) }));
      const reply = { OrderId: order.id };
      if (key) await rememberToken(tx, key, input.params, reply, job!.id, now);
      return { reply, poke: pay };
    });
  }

  /**
   * ModifyInstanceNetworkSpec: public bandwidth and the billing method for network usage, in place.
   * Pay-as-you-go: applied at once. Subscription: an order for the price difference; paid (AutoPay,
   * a refund, nothing to pay) it applies at once too, unpaid it waits for the control API's payment.
   */
  modifyInstanceNetworkSpec(caller: AliyunCaller, input: ModifyNetworkSpecInput): Promise<Reply> {
    return this.run(async (tx, now) => {
      const instance = await ownInstance(tx, caller.accountId, input.instanceId);
      const key: TokenKey | null = input.clientToken ? { accountId: caller.accountId, action: 'ModifyInstanceNetworkSpec', token: input.clientToken } : null;
      if (key) {
        const replay = await replayOf(tx, key, input.params, now);
        if (replay) return { reply: replay, poke: false };
      }
      const state = await this.specState(tx, instance, now);
      const quota = state.region?.quotas.payByBandwidthMbps != null;
      const result = checkNetworkSpecChange(state, input.change, quota ? (await this.usage(tx, caller.accountId, instance.region, true)).mbps : 0);
      if (result.unchanged) {
        if (key) await rememberToken(tx, key, input.params, {}, null, now);
        return { reply: {}, poke: false };
      }
      const fault = await this.takeFault(tx, instance.id);
      if (fault !== null) return { fault };
      const apply: NetspecPlan = { kind: 'netspec', out: result.out, in: result.in, chargeType: result.chargeType, publicIp: result.assignPublicIp ? derivedPublicIp(instance.id) : null };
      const a = instance.aliyun;
      const counted = result.downgrade && instance.billing === 'prepaid' ? { bandwidthDowngradeCount: (a.bandwidthDowngradeCount ?? 0) + 1 } : {};
      if (instance.billing === 'postpaid') {
        await tx.updateServer(bump(instance, now, {}, netspecAttributes(instance, apply)));
        if (key) await rememberToken(tx, key, input.params, {}, null, now);
        return { reply: {}, poke: false };
      }
      const amount = Math.round(
        (monthlyBandwidthCents(result.chargeType, result.out) - monthlyBandwidthCents(a.internetChargeType, a.bandwidthOut)) * remainingMonths(instance.expiresAt, now),
      );
      // a refund or a free change needs no payment; an upgrade is paid from the balance with AutoPay
      let pay = amount <= 0;
      if (!pay && input.autoPay) {
        if (state.account.balanceCents < amount) refuse('InvalidAccountStatus.NotEnoughBalance');
        pay = canAutoPay(state.account, amount);
      }
      // paid at once, the bandwidth changes in this transaction (Terraform polls every second, 120 s)
      const { order, job } = await this.placeOrder(
        tx,
        state,
        {
          kind: NETSPEC_ORDER,
          action: 'ModifyInstanceNetworkSpec',
          amount,
          pay,
          plan: pay ? null : apply,
          detail: {
            action: 'ModifyInstanceNetworkSpec',
            from_bandwidth_out: a.bandwidthOut,
            to_bandwidth_out: result.out,
            from_internet_charge_type: a.internetChargeType,
            to_internet_charge_type: result.chargeType,
          },
        },
        now,
      );
      await tx.updateServer(job ? bump(instance, now, { busyJobId: job.id }, counted) : bump(instance, now, {}, { ...netspecAttributes(instance, apply), ...counted }));
      const reply = { OrderId: order.id };
      if (key) await rememberToken(tx, key, input.params, reply, job?.id ?? null, now);
      return { reply, poke: false };
    });
  }

  /** AllocatePublicIpAddress: a static public IP for an instance with public bandwidth, or the one it has. */
  allocatePublicIpAddress(caller: AliyunCaller, input: AllocatePublicIpInput): Promise<Reply> {
    return this.run(async (tx, now) => {
      const instance = await ownInstance(tx, caller.accountId, input.instanceId);
      const state = await this.specState(tx, instance, now);
      const { existing } = checkAllocatePublicIp(state);
      if (existing !== null) {
        // decision (the page since 2026): the address the instance has is the answer; asking for another is AllocatedAlready
        if (input.ipAddress !== undefined && input.ipAddress !== existing) refuse('AllocatedAlready');
        return { reply: { IpAddress: existing }, poke: false };
      }
      let ip = derivedPublicIp(instance.id);
      if (input.ipAddress !== undefined) {
        const taken = (await tx.listServers({ accountId: caller.accountId, projectId: instance.projectId, limit: 1_000_000, total: false })).items.some(
          (o) => o.id !== instance.id && (o.aliyun?.publicIp === input.ipAddress || o.aliyun?.eip?.ipAddress === input.ipAddress),
        );
        if (taken) refuse('IpInUse');
        ip = input.ipAddress;
      }
      await tx.updateServer(bump(instance, now, {}, { publicIp: ip }));
      return { reply: { IpAddress: ip }, poke: false };
    });
  }

  /** StopInstance / StartInstance: answered at once; the job engine moves Stopping -> Stopped, Starting -> Running. */
  power(caller: AliyunCaller, action: 'stop' | 'start', input: PowerInput): Promise<Reply> {
    return this.run(async (tx, now) => {
      const instance = await ownInstance(tx, caller.accountId, input.instanceId);
      if (instance.aliyun.operationLocks.includes('security')) refuse('InstanceLockedForSecurity');
      const status = statusOf(instance);
      // decision: one job holds an instance at a time, an unpaid spec-change order's included
      if (instance.busyJobId !== null) refuse('IncorrectInstanceStatus');
      if (status !== (action === 'stop' ? 'Running' : 'Stopped')) refuse('IncorrectInstanceStatus');
      if (action === 'start' && instance.aliyun.stoppedMode === 'StopCharging') {
        // reference §9: an economical-mode stop released the resources; they may be gone
        const region = await regionDoc(tx, instance.region);
        const zone = region?.zones.find((z) => z.id === instance.az);
        if (zone && stockOf(zone, instance.flavorId) === 'WithoutStock') refuse('OperationDenied.NoStock');
      }
      if (input.dryRun) refuse('DryRunOperation');
      const plan = action === 'stop' ? stopPlan(input.forceStop) : startPlan();
      const job = newTask({ accountId: caller.accountId, projectId: instance.projectId }, action === 'stop' ? 'StopInstance' : 'StartInstance', instance.id, now, plan, now + this.dispatchMs);
      // economical mode applies to pay-as-you-go instances only; subscriptions keep their resources
      const stoppedMode = action === 'start' || instance.billing === 'prepaid' ? 'Not-applicable' : (input.stoppedMode ?? 'KeepCharging');
      // the transient state shows at once, as the real API reports Stopping right after the call
      const patch = action === 'stop' ? { taskState: 'powering-off' as const } : { taskState: 'powering-on' as const };
      await tx.insertJob(job);
      await tx.updateServer(bump(instance, now, { ...patch, busyJobId: job.id }, { stoppedMode, ...(action === 'start' ? { startedAt: now } : {}) }));
      return { reply: {}, poke: true };
    });
  }
}

