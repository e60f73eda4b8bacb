// Injected faults in Alibaba Cloud's words (core/faults decides when; this says what the SDK sees):
// Throttling (400, with x-acs-retry-after, which the SDK turns into ThrottlingError.retryAfter),
// InternalError / UnknownError (500), ServiceUnavailable (503), and the "still processing"
// conflicts the Terraform provider retries.
import type { FaultKind, FaultRule } from '../../../core/faults/fault-rules.js';
import { ALIYUN_ERRORS, AliyunFailure, type AliyunErrorKey } from './aliyun-errors.js';

/** Catalogue keys a rule of each kind may name, by wire code (UnknownError is the injected 500). */
const KIND_KEYS: Record<'throttle' | 'error' | 'conflict', Record<string, AliyunErrorKey>> = {
  throttle: { Throttling: 'Throttling', 'Throttling.User': 'Throttling.User', 'Throttling.Api': 'Throttling.Api' },
  error: { InternalError: 'InternalError', UnknownError: 'UnknownError:injected', ServiceUnavailable: 'ServiceUnavailable' },
  conflict: {
    LastRequestProcessing: 'LastRequestProcessing',
    LastOrderProcessing: 'LastOrderProcessing',
    LastTokenProcessing: 'LastTokenProcessing',
    OperationConflict: 'OperationConflict',
    IncorrectInstanceStatus: 'IncorrectInstanceStatus',
  },
};

const DEFAULTS: Record<keyof typeof KIND_KEYS, string> = { throttle: 'Throttling', error: 'InternalError', conflict: 'LastRequestProcessing' };

export function aliyunKnowsFaultCode(kind: FaultKind, code: string, status: number | undefined): boolean {
  if (kind === 'job-fail') return /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(code) && status === undefined;
  const key = (KIND_KEYS as Record<string, Record<string, AliyunErrorKey> | undefined>)[kind]?.[code];
  return key !== undefined && (status === undefined || status === ALIYUN_ERRORS[key].httpStatus);
}

/** The failure the RPC route throws for a fault rule that answers in place of the action. */
export function aliyunFaultFailure(rule: FaultRule): AliyunFailure {
  const kind = rule.kind as keyof typeof KIND_KEYS;
  const code = rule.code ?? DEFAULTS[kind];
  const key = KIND_KEYS[kind][code]!;
  // the SDK waits x-acs-retry-after (ms) before its retry; 0 lets a test's retry go at once
  const headers: Record<string, string> = kind === 'throttle' ? { 'x-acs-retry-after': String(rule.retry_after_ms ?? 1000) } : {};
  return new AliyunFailure(key, '', headers, rule.message, `injected fault ${rule.id} (${rule.kind}): answered ${code} instead of running the action`);
}
