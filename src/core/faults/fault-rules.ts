// Faults people script: what can go wrong, where, and how often. A rule is plain data (a world
// document of kind 'fault-rule'), so it is written by the control API, the world file's `faults`
// section or the harness alike, and every node sharing the store sees the same rules and the same
// counts. Cloud-neutral: which wire code a rule answers with is each provider's business.
import type { Cloud } from '../model/types.js';

/**
 * - throttle, error, conflict: the call is answered with the cloud's error (code optional: each
 *   cloud has a default per kind) and changes nothing
 * - latency: the answer comes `latency_ms` later
 * - drop: the call runs and commits, then the connection is closed without an answer
 * - job-fail: a job fails at a step (`step`: the phase it is in; default the step the cloud's own
 *   failures land on)
 * - order-unpaid: an order placed with automatic payment stays unpaid
 */
export const FAULT_KINDS = ['throttle', 'error', 'conflict', 'latency', 'drop', 'job-fail', 'order-unpaid'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kinds decided when a cloud call reaches its operation. */
export const ROUTE_KINDS: ReadonlySet<FaultKind> = new Set(['throttle', 'error', 'conflict', 'latency', 'drop']);

export interface FaultRule {
  id: string;
  kind: FaultKind;
  /** scope: every field given must match */
  cloud?: Cloud;
  operation?: string[];
  account?: string;
  resource?: string;
  /** firings left; absent: unlimited */
  count?: number;
  /** chance that a matching call fires it (0-1), drawn from `seed`: the same calls fire on a replay */
  probability?: number;
  seed?: number;
  /** matching calls drawn so far (the position in the seeded sequence) */
  draws: number;
  /** window on the simulation clock (ms since epoch) */
  from?: number;
  until?: number;
  code?: string;
  /** the HTTP status, for a code a cloud answers with several (Huawei's APIGW.0201: 502 or 504) */
  status?: number;
  message?: string;
  latency_ms?: number;
  retry_after_ms?: number;
  step?: string;
  fired: number;
  created_at: number;
}

/** A rule as the control API and the world file write it. */
export type FaultInput = Record<string, unknown>;

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

const bad = (m: string): never => {
  throw new FaultSpecError(m);
};

const str = (v: unknown, name: string, max = 128): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) bad(`${name} must be a string of 1-${max} characters`);
  return v as string;
};

const num = (v: unknown, name: string, min: number, max: number, integer = true): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) bad(`${name} must be a${integer ? 'n integer' : ' number'} from ${min} to ${max}`);
  return v as number;
};

const time = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) bad(`${name} must be an ISO time or epoch milliseconds`);
  return t;
};

const KNOWN = new Set([
  'id', 'kind', 'cloud', 'operation', 'account', 'resource', 'server_id', 'count', 'probability', 'seed', 'from', 'until', 'duration_ms',
  'code', 'status', 'message', 'latency_ms', 'retry_after_ms', 'step',
]);

/**
 * Reads a rule, field by field (unknown fields refused). `now` is the simulation clock, for
 * `duration_ms` (a window opening now). The account is taken as given (id or name: the caller
 * resolves names first).
 */
export function parseFaultRule(input: FaultInput, id: string, now: number): FaultRule {
  for (const k of Object.keys(input)) if (!KNOWN.has(k)) bad(`unknown field ${k}`);
  const kind = input.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) bad(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const cloud = str(input.cloud, 'cloud');
  if (cloud !== undefined && cloud !== 'huawei' && cloud !== 'aliyun') bad('cloud must be huawei or aliyun');
  let operation: string[] | undefined;
  if (input.operation !== undefined) {
    const ops = Array.isArray(input.operation) ? input.operation : [input.operation];
    if (ops.length === 0 || ops.length > 64) bad('operation must name 1-64 operations');
    operation = ops.map((o, i) => str(o, `operation[${i}]`)!);
  }
  const resource = str(input.resource ?? input.server_id, 'resource');
  const rule: FaultRule = { id, kind: kind as FaultKind, draws: 0, fired: 0, created_at: now };
  if (cloud) rule.cloud = cloud as Cloud;
  if (operation) rule.operation = operation;
  const account = str(input.account, 'account');
  if (account) rule.account = account;
  if (resource) rule.resource = resource;
  const count = num(input.count, 'count', 1, 1_000_000);
  if (count !== undefined) rule.count = count;
  const p = num(input.probability, 'probability', 0, 1, false);
  if (p !== undefined) {
    rule.probability = p;
    rule.seed = num(input.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
  } else if (input.seed !== undefined) bad('seed goes with probability');
  const from = time(input.from, 'from');
  let until = time(input.until, 'until');
  const duration = num(input.duration_ms, 'duration_ms', 1, 366 * 24 * 3600 * 1000);
  if (duration !== undefined) {
    if (until !== undefined) bad('give until or duration_ms, not both');
    until = (from ?? now) + duration;
  }
  if (from !== undefined) rule.from = from;
  if (until !== undefined) rule.until = until;
  if (from !== undefined && until !== undefined && until <= from) bad('until must come after from');
  const code = str(input.code, 'code', 64);
  if (code) rule.code = code;
  const status = num(input.status, 'status', 400, 599);
  if (status !== undefined) {
    if (!code) bad('status goes with code');
    rule.status = status;
  }
  const message = str(input.message, 'message', 256);
  if (message) rule.message = message;
  const latency = num(input.latency_ms, 'latency_ms', 1, 120_000);
  if (rule.kind === 'latency' && latency === undefined) bad('a latency fault needs latency_ms');
  if (latency !== undefined) rule.latency_ms = latency;
  const retryAfter = num(input.retry_after_ms, 'retry_after_ms', 0, 3_600_000);
  if (retryAfter !== undefined) rule.retry_after_ms = retryAfter;
  const step = str(input.step, 'step', 64);
  if (step) {
    if (rule.kind !== 'job-fail') bad('step goes with kind job-fail');
    rule.step = step;
  }
  if (code && !['throttle', 'error', 'conflict', 'job-fail'].includes(rule.kind)) bad(`code does not go with kind ${rule.kind}`);
  return rule;
}

/**
 * The n-th draw of a seeded sequence, uniform in [0, 1): a pure function of (seed, n), so a run
 * replayed with the same seed fires on the same calls whichever node answers them.
 */
export function draw(seed: number, n: number): number {
  let t = (seed ^ Math.imul(n + 1, 0x9e3779b9)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  t = (t ^ (t >>> 15)) >>> 0;
  return t / 2 ** 32;
}

/** What a call is, for matching: any field a rule scopes on. */
export interface FaultSubject {
  cloud: Cloud;
  operation?: string | undefined;
  account?: string | undefined;
  resources?: readonly string[] | undefined;
  step?: string | undefined;
}

/** Whether the rule's scope and window take the call (before count and probability). */
export function inScope(rule: FaultRule, s: FaultSubject, now: number): boolean {
  if (rule.count !== undefined && rule.count <= 0) return false;
  if (rule.cloud && rule.cloud !== s.cloud) return false;
  if (rule.operation && (!s.operation || !rule.operation.includes(s.operation))) return false;
  if (rule.account && rule.account !== s.account) return false;
  if (rule.resource && !(s.resources ?? []).includes(rule.resource)) return false;
  if (rule.step && rule.step !== s.step) return false;
  if (rule.from !== undefined && now < rule.from) return false;
  if (rule.until !== undefined && now >= rule.until) return false;
  return true;
}

/** The rule as the control API shows it. */
export function ruleView(r: FaultRule): Record<string, unknown> {
  const { from, until, created_at, ...rest } = r;
  return {
    ...rest,
    ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
    ...(until !== undefined ? { until: new Date(until).toISOString() } : {}),
    created_at: new Date(created_at).toISOString(),
    spent: r.count !== undefined && r.count <= 0,
  };
}
