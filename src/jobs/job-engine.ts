import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock, Timing } from '../core/clock.js';
import type { FaultBook } from '../core/faults/fault-book.js';
import type { FaultRule } from '../core/faults/fault-rules.js';
import type { Metrics } from '../core/observe/metrics.js';
import { stepDurations } from '../core/clock.js';
import type { JobRunner, JobStepper } from '../core/jobs/job-runner.js';
import type { Cloud, Job, Server } from '../core/model/types.js';
import type { Store, StoreTx } from '../core/model/store.js';
import { bump, finished, settleParent } from './job-transitions.js';

/** Jobs are kept a day after they end; looking for expired ones once a second (of clock time) is plenty. */
const PURGE_EVERY_MS = 1000;
/** How many due jobs one claim takes: enough to batch, few enough to leave work for other nodes. */
const CLAIM_BATCH = 64;

export interface JobEngineOptions {
  /** wall time a claim lasts: a node that dies holding one delays its jobs by at most this */
  leaseMs?: number;
  /** with a store other nodes share: how often to look for due jobs nobody woke this node for */
  pollMs?: number;
  /** scripted `job-fail` faults */
  faults?: FaultBook;
  metrics?: Metrics;
}

/** The world document POST /_specshift/faults writes, keyed by server id. */
export interface FaultDoc {
  message: string;
}

/**
 * Runs durable jobs. Jobs live only in the store; the engine keeps no state of its own beyond a
 * timer and the steppers the providers registered, so a process killed at any point picks up
 * every unfinished job on its next start.
 */
export class JobEngine implements JobRunner {
  /** this process's name in job claims */
  readonly node = randomBytes(8).toString('hex');
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** when `timer` fires, on the engine's clock (Infinity: no timer) */
  private timerAt = Infinity;
  private ticking: Promise<void> | null = null;
  /** schedule() is between its read of the earliest due time and arming the timer */
  private scheduling = false;
  private again = false;
  private stopped = false;
  /** clock time of the last purge: retention is a day, so purging on every tick only cost commits */
  private lastPurgeAt = -Infinity;
  private readonly steppers = new Map<string, JobStepper>();
  private readonly faults: FaultBook | undefined;
  private readonly metrics: Metrics | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private timing: Timing,
    private readonly log: Logger,
    /** leases run on real time, whatever the simulation clock does */
    private readonly wallClock: Clock,
    opts: JobEngineOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 10_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.faults = opts.faults;
    this.metrics = opts.metrics;
  }

  get mode(): Timing {
    return this.timing;
  }

  setTiming(t: Timing): void {
    this.timing = t;
    this.poke();
  }

  register(cloud: Cloud, planKind: string, stepper: JobStepper): void {
    const key = `${cloud}/${planKind}`;
    if (this.steppers.has(key)) throw new Error(`a state machine for ${key} jobs is already registered`);
    this.steppers.set(key, stepper);
  }

  start(): void {
    this.stopped = false;
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.ticking;
  }

  poke(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.runDue()
      .catch((err: unknown) => this.log.error({ err }, 'job engine tick failed'))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.poke();
        } else {
          void this.schedule().catch((err: unknown) => {
            // the store is unreachable for now (a lost database connection): look again shortly
            this.log.warn({ err }, 'job engine could not schedule its next look');
            if (this.stopped) return;
            this.arm(this.pollMs);
          });
        }
      });
  }

  /**
   * A job was committed due at `dueAt` (null: it waits for something else, a payment, whose call
   * pokes). A plain poke reads the earliest due time from the store (a round trip to PostgreSQL)
   * after every accepted change, though almost every such job is due later than the engine would
   * wake anyway: this wakes it only when the job is due now, or sooner than its timer. On the
   * manual clock a later job needs nothing: the clock moves only when told, and moving it pokes.
   */
  pokeAt(dueAt: number | null): void {
    if (this.stopped || dueAt === null) return;
    const now = this.clock.now();
    if (dueAt <= now || this.ticking || this.scheduling) return this.poke();
    if (this.timing === 'manual' || this.timerAt <= dueAt) return;
    this.arm(dueAt - now);
  }

  /** Waits until no job is due at the current clock time, whichever node steps it. */
  async settle(): Promise<void> {
    while (!this.stopped) {
      if (this.ticking) await this.ticking;
      const due = await this.store.reads.dueJobs(this.clock.now(), 1);
      if (due.length === 0 && !this.ticking) return;
      if (!this.ticking) {
        this.poke();
        // what is due may be another node's claim: give it a moment instead of spinning
        if (this.store.shared) await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    // alone on its store, a manual clock only moves when told; shared, another node may have died
    // holding due jobs, which only a look now and then finds
    if (this.timing === 'manual' && !this.store.shared) return;
    let next: number | null;
    this.scheduling = true;
    try {
      next = this.timing === 'manual' ? null : await this.store.reads.nextDueAt();
    } finally {
      this.scheduling = false;
    }
    let delay: number | null = null;
    if (next !== null) {
      const wait = next - this.clock.now();
      // due already, yet not claimable: another node holds it; look again shortly
      delay = wait > 0 ? wait : 100;
    }
    if (this.store.shared) delay = delay === null ? this.pollMs : Math.min(delay, this.pollMs);
    if (delay === null) this.disarm();
    else this.arm(delay);
  }

  /** (Re)sets the one timer to poke the engine `delay` ms from now. */
  private arm(delay: number): void {
    this.disarm();
    this.timerAt = this.clock.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.poke();
    }, Math.min(delay, 2 ** 31 - 1));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      // the earliest due time comes from the index alone; most pokes (a job accepted for later)
      // find nothing due, and this spares them the sorted scan of dueJobs
      const next = await this.store.reads.nextDueAt();
      if (next === null || next > now) break;
      // each due job goes to one node: others skip what this one claimed, until its lease runs out
      const due = await this.store.claimDueJobs(this.node, now, this.wallClock.now(), this.leaseMs, CLAIM_BATCH);
      if (due.length === 0) break;
      for (const job of due) await this.step(job.id, now);
    }
    const now = this.clock.now();
    if (now - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = now;
    await this.store.transaction((tx) => tx.purgeJobs(now));
  }

  private stepperOf(job: Job): JobStepper {
    const stepper = this.steppers.get(`${job.cloud}/${job.plan?.kind}`);
    if (!stepper) throw new Error(`no state machine is registered for ${job.cloud}/${job.plan?.kind} jobs (job ${job.id})`);
    return stepper;
  }

  private async step(jobId: string, now: number): Promise<void> {
    // counted once the step is committed: a transaction body may run again (SQLite group commit,
    // PostgreSQL retries) or be rolled back, and neither may count a step twice or one undone
    const counted: (() => void)[] = [];
    await this.store.transaction(async (tx) => {
      counted.length = 0;
      const job = await tx.getJob(jobId);
      if (!job || job.dueAt === null || job.dueAt > now) return;
      const stepper = this.stepperOf(job);
      // On the manual clock a step happens at its due time, so advancing the clock by N ms runs
      // exactly the steps that fit in N ms; on the real clock it happens now.
      const at = this.timing === 'manual' ? job.dueAt : now;
      const server = job.serverId ? ((await tx.getServer(job.serverId)) ?? null) : null;
      const landsHere = stepper.faultLandsOn(job);
      const fault = job.serverId && landsHere ? ((await tx.findWorldDoc('fault', job.serverId)) as FaultDoc | undefined) : undefined;
      let injected = fault ? fault.message : null;
      // a scripted job-fail rule: without `step` it lands where the machine's own failures do
      const rule = injected ? null : await this.faults?.fire(tx, 'job-fail', { cloud: job.cloud, account: job.accountId, operation: job.type, resources: job.serverId ? [job.serverId] : [], step: job.phase }, (r) => landsHere || r.step !== undefined);
      if (rule) {
        injected = rule.message ?? `injected failure (fault ${rule.id})`;
        counted.push(() => this.metrics?.fault(rule.kind));
      }
      const result = rule && !landsHere ? failAt(job, server, at, rule, stepper) : stepper.step(job, server, { now: at, durations: stepDurations(this.timing), injectedFault: injected });
      if (rule?.code && result.job.status === 'FAIL') result.job.errorCode = rule.code;
      if (result.server) await tx.updateServer(result.server);
      await tx.updateJob(result.job);
      counted.push(() => this.metrics?.jobStep(job.cloud, job.type, result.job.status));
      if (fault) await tx.deleteWorldDoc('fault', job.serverId!);
      if (result.job.parentId) await this.settleParentOf(tx, result.job, at);
    });
    for (const count of counted) count();
  }

  private async settleParentOf(tx: StoreTx, child: Job, now: number): Promise<void> {
    const parent = await tx.getJob(child.parentId!);
    if (!parent) return;
    const children = (await tx.listChildJobs(parent.id)).map((c) => (c.id === child.id ? child : c));
    const next = settleParent(parent, children, now);
    if (next !== parent) await tx.updateJob(next);
  }
}

/**
 * A job ended by a fault rule at a step its machine does not fail at on its own: FAIL with the
 * rule's code (else the machine's), its server released as it stands (a stop that failed leaves
 * the server running).
 */
function failAt(job: Job, server: Server | null, now: number, rule: FaultRule, stepper: JobStepper): { job: Job; server: Server | null } {
  const reason = rule.message ?? `injected failure at step ${job.phase} (fault ${rule.id})`;
  return {
    job: finished(job, now, false, rule.code ?? stepper.failureCode ?? 'InternalError', reason),
    server: server && server.busyJobId === job.id ? bump(server, now, { taskState: null, busyJobId: null }) : null,
  };
}
