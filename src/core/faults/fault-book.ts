// The fault rules in force, cached on each node and decided in the store: a rule in scope is
// fired inside a transaction that re-reads it (locked on PostgreSQL), so counts and seeded draws
// are shared by every node. With no rule armed (the usual case) a call pays one array length test.
import type { Clock } from '../clock.js';
import type { Store, StoreTx } from '../model/store.js';
import type { Cloud } from '../model/types.js';
import { draw, FaultSpecError, inScope, parseFaultRule, ROUTE_KINDS, type FaultInput, type FaultKind, type FaultRule, type FaultSubject } from './fault-rules.js';

export const FAULT_RULE_DOC = 'fault-rule';

export type StockState = 'sold-out' | 'available';

export interface StockChange {
  flavor: string;
  zone: string;
  state: StockState;
  /** Alibaba's counted stock: how many instances may still move into the type */
  count?: number;
}

/** What a cloud tells the fault book: which codes it can answer with, and how its stock is set. */
export interface CloudFaults {
  /** whether a rule of this kind may answer with `code` (a code of the cloud's catalogue) */
  knowsCode(kind: FaultKind, code: string, status: number | undefined): boolean;
  /** sets a flavor's (instance type's) sale state in one zone; returns what the world now says */
  setStock(tx: StoreTx, change: StockChange): Promise<Record<string, unknown>>;
}

/** What fired on a call at its route. */
export interface RouteFaults {
  /** added latency, summed over every latency rule that fired */
  delayMs: number;
  /** the rule that answers instead of the operation (throttle, error, conflict) */
  answer: FaultRule | null;
  /** the rule that drops the connection once the answer is ready */
  drop: FaultRule | null;
  /** "<id> <kind>" of every rule that fired */
  fired: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultBook {
  private rules: FaultRule[] = [];
  private routeRules: FaultRule[] = [];
  private readonly clouds = new Map<Cloud, CloudFaults>();
  private seq = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  registerCloud(cloud: Cloud, faults: CloudFaults): void {
    this.clouds.set(cloud, faults);
  }

  cloud(cloud: Cloud): CloudFaults | undefined {
    return this.clouds.get(cloud);
  }

  /** Re-reads the rules (a world loaded, a rule added or removed here or on another node). */
  async refresh(): Promise<void> {
    this.set((await this.store.reads.getWorldDoc(FAULT_RULE_DOC)) as FaultRule[]);
  }

  private set(rules: FaultRule[]): void {
    this.rules = [...rules].sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
    this.routeRules = this.rules.filter((r) => ROUTE_KINDS.has(r.kind) && !(r.count !== undefined && r.count <= 0));
  }

  list(): FaultRule[] {
    return this.rules;
  }

  /** whether any rule may fire at a route: false is the fast path of every call */
  get armedAtRoute(): boolean {
    return this.routeRules.length > 0;
  }

  /** Checks a rule as written; the cloud's catalogue decides its code. */
  parse(input: FaultInput, now: number): FaultRule {
    const id = typeof input.id === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(input.id) ? input.id : `f-${now.toString(36)}-${(++this.seq).toString(36)}`;
    if (input.id !== undefined && id !== input.id) throw new FaultSpecError('id must be 1-64 letters, digits, _ . -');
    const rule = parseFaultRule(input, id, now);
    if (rule.code) {
      if (!rule.cloud) throw new FaultSpecError('a code belongs to one cloud: give cloud too');
      const c = this.clouds.get(rule.cloud);
      if (!c || !c.knowsCode(rule.kind, rule.code, rule.status)) {
        throw new FaultSpecError(`${rule.cloud} answers no ${rule.kind} fault with code ${rule.code}${rule.status ? ` and status ${rule.status}` : ''}`);
      }
    }
    return rule;
  }

  /** Writes rules (in the caller's transaction: a world load, a control call). */
  async put(tx: StoreTx, rules: readonly FaultRule[]): Promise<void> {
    for (const r of rules) await tx.putWorldDoc(FAULT_RULE_DOC, r.id, r);
  }

  /** After rules changed in a committed transaction: this node re-reads them, the others are told. */
  async changed(): Promise<void> {
    await this.refresh();
    await this.store.publish({ kind: 'faults' });
  }

  /**
   * Fires the rule if it still takes the call, in `tx`: re-read, window and count checked, the
   * seeded draw taken, counts written. Null when it does not fire.
   */
  private async fireIn(tx: StoreTx, id: string, subject: FaultSubject, now: number): Promise<FaultRule | null> {
    const rule = (await tx.findWorldDoc(FAULT_RULE_DOC, id)) as FaultRule | undefined;
    if (!rule || !inScope(rule, subject, now)) return null;
    let fires = true;
    if (rule.probability !== undefined) {
      fires = draw(rule.seed ?? 1, rule.draws) < rule.probability;
      rule.draws += 1;
    }
    if (fires) {
      rule.fired += 1;
      if (rule.count !== undefined) rule.count -= 1;
    }
    await tx.putWorldDoc(FAULT_RULE_DOC, rule.id, rule);
    this.remember(rule);
    return fires ? rule : null;
  }

  private remember(rule: FaultRule): void {
    this.set(this.rules.map((r) => (r.id === rule.id ? rule : r)));
  }

  /**
   * The faults of a call that reached its operation (authenticated: the account is known).
   * Latency is waited here; the caller answers with `answer` or drops after answering.
   */
  async atRoute(subject: FaultSubject): Promise<RouteFaults | null> {
    const now = this.clock.now();
    const candidates = this.routeRules.filter((r) => inScope(r, subject, now));
    if (candidates.length === 0) return null;
    const out: RouteFaults = { delayMs: 0, answer: null, drop: null, fired: [] };
    for (const c of candidates) {
      if (out.answer && c.kind !== 'latency') continue;
      if (out.drop && c.kind === 'drop') continue;
      const fired = await this.store.transaction((tx) => this.fireIn(tx, c.id, subject, now));
      if (!fired) continue;
      out.fired.push(`${fired.id} ${fired.kind}`);
      if (fired.kind === 'latency') out.delayMs += fired.latency_ms ?? 0;
      else if (fired.kind === 'drop') out.drop = fired;
      else out.answer = fired;
    }
    if (out.fired.length === 0) return null;
    if (out.delayMs > 0) await sleep(out.delayMs);
    return out;
  }

  /** A rule of `kind` (job-fail, order-unpaid) that fires for the subject, inside the caller's transaction. */
  async fire(tx: StoreTx, kind: FaultKind, subject: FaultSubject, accept: (r: FaultRule) => boolean = () => true): Promise<FaultRule | null> {
    if (this.rules.length === 0) return null;
    const now = this.clock.now();
    for (const r of this.rules) {
      if (r.kind !== kind || !inScope(r, subject, now) || !accept(r)) continue;
      const fired = await this.fireIn(tx, r.id, subject, now);
      if (fired) return fired;
    }
    return null;
  }

  /** Rules of `kind` in scope of the subject now, without firing: for steps that ask before they move. */
  wouldMatch(kind: FaultKind, subject: FaultSubject): boolean {
    if (this.rules.length === 0) return false;
    const now = this.clock.now();
    return this.rules.some((r) => r.kind === kind && inScope(r, subject, now));
  }
}
