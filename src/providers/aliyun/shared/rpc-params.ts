// Typed, bounded reads of RPC operation parameters. Every value arrives as text from a hostile
// client; each reader checks type, length and range and refuses in Alibaba's own words
// (MissingParameter / InvalidParameter naming the parameter), never throwing anything else.
import { AliyunFailure, refuse, type AliyunErrorKey } from './aliyun-errors.js';

/** Longest value of any string parameter: ECS ids and names are far shorter. */
const MAX_TEXT = 1024;

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

export interface IntRange {
  min: number;
  max: number;
  /** the refusal for a well-formed number outside [min, max]; default InvalidParameter naming it */
  outOfRange?: AliyunErrorKey;
}

/**
 * The two refusals every reader makes, in the product's words: the POP gateway's (ECS) by
 * default; BSS publishes its own messages for the same codes.
 */
export interface ParamRefusals {
  missing: AliyunErrorKey;
  invalid: AliyunErrorKey;
}

export const POP_PARAM_REFUSALS: ParamRefusals = { missing: 'MissingParameter', invalid: 'InvalidParameter' };

export class RpcParams {
  constructor(
    private readonly raw: Readonly<Record<string, string>>,
    private readonly refusals: ParamRefusals = POP_PARAM_REFUSALS,
  ) {}

  private invalid(name: string): never {
    return refuse(this.refusals.invalid, name);
  }

  /** The value as sent, or undefined when absent or empty (the SDKs omit unset fields). */
  private value(name: string): string | undefined {
    if (!Object.hasOwn(this.raw, name)) return undefined;
    const v = this.raw[name]!;
    return v === '' ? undefined : v;
  }

  has(name: string): boolean {
    return this.value(name) !== undefined;
  }

  /** Names of the parameters present, for checks such as "no non-public parameter". */
  names(): string[] {
    return Object.keys(this.raw).filter((k) => this.value(k) !== undefined);
  }

  str(name: string, maxLength = MAX_TEXT): string | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.length > maxLength) this.invalid(name);
    return v;
  }

  required(name: string, maxLength = MAX_TEXT): string {
    return this.str(name, maxLength) ?? refuse(this.refusals.missing, name);
  }

  int(name: string, range: IntRange): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (!INTEGER.test(v)) this.invalid(name);
    const n = Number(v);
    if (n < range.min || n > range.max) refuse(range.outOfRange ?? this.refusals.invalid, name);
    return n;
  }

  decimal(name: string, min: number, max: number): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (!DECIMAL.test(v)) this.invalid(name);
    const n = Number(v);
    if (n < min || n > max) this.invalid(name);
    return n;
  }

  /** `true` / `false` as the SDKs send them (any case, as Java-based gateways parse booleans). */
  bool(name: string, invalid: AliyunErrorKey = this.refusals.invalid): boolean | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new AliyunFailure(invalid, name);
  }

  oneOf<T extends string>(name: string, values: readonly T[], invalid: AliyunErrorKey = this.refusals.invalid): T | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) throw new AliyunFailure(invalid, name);
    return v as T;
  }

  /**
   * A repeat list `Name.1`, `Name.2`, ... (1-based, as the SDKs flatten arrays), in index order.
   * Indexes beyond `max` are refused, so a client cannot make the server walk a million keys.
   */
  list(name: string, max: number, maxLength = MAX_TEXT): string[] {
    const found: [number, string][] = [];
    const prefix = `${name}.`;
    for (const key of Object.keys(this.raw)) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      if (!/^\d+$/.test(rest)) continue;
      // a long index is refused as out of range, never parsed into a huge number
      const n = rest.length > 6 ? Number.POSITIVE_INFINITY : Number(rest);
      if (n < 1 || n > max) this.invalid(key);
      const v = this.str(key, maxLength);
      if (v !== undefined) found.push([n, v]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs; a value without its key is InvalidTag.Mismatch. */
  tags(max: number): { key: string; value: string | undefined }[] {
    const byIndex = new Map<number, { key?: string; value?: string }>();
    for (const key of Object.keys(this.raw)) {
      const m = /^Tag\.(\d+)\.(Key|Value)$/.exec(key);
      if (!m) continue;
      const n = m[1]!.length > 6 ? Number.POSITIVE_INFINITY : Number(m[1]);
      if (n < 1 || n > max) this.invalid(key);
      const v = this.str(key, 128);
      if (v === undefined) continue;
      const entry = byIndex.get(n) ?? {};
      if (m[2] === 'Key') entry.key = v;
      else entry.value = v;
      byIndex.set(n, entry);
    }
    return [...byIndex.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, e]) => (e.key === undefined ? refuse('InvalidTag.Mismatch') : { key: e.key, value: e.value }));
  }

  /** A parameter whose value is JSON array text (DescribeInstances InstanceIds): strings only. */
  jsonStringArray(name: string, maxItems: number, maxItemLength = 128, invalid?: AliyunErrorKey): string[] | undefined {
    // an action's own code for a bad list, else this product's invalid-parameter refusal
    const fail = (n: string): never => (invalid ? refuse(invalid, n) : this.invalid(n));
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.length > 64 * 1024) fail(name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      return fail(name);
    }
    if (!Array.isArray(parsed) || parsed.length > maxItems) fail(name);
    const items = parsed as unknown[];
    if (!items.every((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= maxItemLength)) fail(name);
    return items as string[];
  }

  /**
   * A canonical text of the operation's parameters, for ClientToken idempotence: the same
   * parameters give the same text whatever their order on the wire.
   */
  fingerprint(ignore: readonly string[]): string {
    const entries = Object.entries(this.raw)
      .filter(([k, v]) => v !== '' && !ignore.includes(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(entries);
  }
}
