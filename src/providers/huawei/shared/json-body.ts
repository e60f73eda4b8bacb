// Strict readers for hostile JSON bodies: every field is checked for type and every unknown key
// refused, so nothing unexpected reaches the core.
import type { HuaweiFailure } from './huawei-errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** Builds the failure for one offending field, in the calling API's own terms. */
export type Invalid = (message: string) => HuaweiFailure;

export function parseJson(raw: Buffer | undefined, invalid: Invalid, emptyFailure: HuaweiFailure): Json {
  if (!raw || raw.length === 0) throw emptyFailure;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw invalid('the request body is not valid UTF-8');
  }
  if (text.trim() === '') throw emptyFailure;
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw invalid('the request body is not valid JSON');
  }
}

const kindOf = (v: Json | undefined): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export class Reader {
  constructor(private readonly invalid: Invalid) {}

  object(v: Json | undefined, path: string, allowed: readonly string[]): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.invalid(`${path} must be an object, not ${kindOf(v)}`);
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) throw this.invalid(`${path} has an unknown field '${k.slice(0, 64)}'`);
    }
    return v;
  }

  optionalObject(v: Json | undefined, path: string, allowed: readonly string[]): JsonObject | undefined {
    return v === undefined ? undefined : this.object(v, path, allowed);
  }

  string(v: Json | undefined, path: string, opts: { max?: number; pattern?: RegExp } = {}): string {
    if (typeof v !== 'string') throw this.invalid(`${path} must be a string, not ${kindOf(v)}`);
    if (v.length === 0) throw this.invalid(`${path} must not be empty`);
    if (v.length > (opts.max ?? 255)) throw this.invalid(`${path} is longer than ${opts.max ?? 255} characters`);
    if (opts.pattern && !opts.pattern.test(v)) throw this.invalid(`${path} has an invalid value`);
    return v;
  }

  optionalString(v: Json | undefined, path: string, opts: { max?: number; pattern?: RegExp } = {}): string | undefined {
    return v === undefined ? undefined : this.string(v, path, opts);
  }

  optionalBoolean(v: Json | undefined, path: string): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw this.invalid(`${path} must be a boolean, not ${kindOf(v)}`);
    return v;
  }

  optionalInteger(v: Json | undefined, path: string, allowed: readonly number[]): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.invalid(`${path} must be an integer, not ${kindOf(v)}`);
    if (!allowed.includes(v)) throw this.invalid(`${path} must be one of ${allowed.join(', ')}`);
    return v;
  }

  array(v: Json | undefined, path: string, min: number, max: number): Json[] {
    if (!Array.isArray(v)) throw this.invalid(`${path} must be an array, not ${kindOf(v)}`);
    if (v.length < min) throw this.invalid(`${path} must have at least ${min} item(s)`);
    if (v.length > max) throw this.invalid(`${path} must have at most ${max} items`);
    return v;
  }
}
