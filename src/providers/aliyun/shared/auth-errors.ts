// Alibaba Cloud's own codes for requests the RPC (POP) gateway refuses before any product sees
// them: missing or garbled common parameters, bad signatures, clock skew, replay, unknown keys.
// The codes, statuses and messages live in the one catalogue (aliyun-errors.ts); this module
// names the gateway's subset and builds refusals that rpc-request.ts returns without throwing.
import { ALIYUN_ERRORS, errorMessage, type AliyunErrorKey } from './aliyun-errors.js';

export type { AliyunErrorSpec } from './aliyun-errors.js';

/** The codes the gateway answers before any product sees a request (a subset of the catalogue). */
const AUTH_CODES = [
  'MissingParameter',
  'InvalidParameter',
  'IncompleteSignature',
  'InvalidSignatureMethod',
  'SignatureDoesNotMatch',
  'InvalidTimeStamp.Format',
  'InvalidTimeStamp.Expired',
  'SignatureNonceUsed',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'MissingSecurityToken',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey',
] as const satisfies readonly AliyunErrorKey[];

type AuthCode = (typeof AUTH_CODES)[number];

export const ALIYUN_AUTH_ERRORS: { readonly [K in AuthCode]: (typeof ALIYUN_ERRORS)[K] } = Object.fromEntries(
  AUTH_CODES.map((c) => [c, ALIYUN_ERRORS[c]]),
) as { readonly [K in AuthCode]: (typeof ALIYUN_ERRORS)[K] };

export type AliyunAuthErrorCode = keyof typeof ALIYUN_AUTH_ERRORS;

/** A refusal ready to render as `{ RequestId, HostId, Code, Message, Recommend }`. */
export interface AliyunAuthError {
  readonly code: AliyunAuthErrorCode;
  readonly httpStatus: number;
  readonly message: string;
}

/** Builds the error for `code`; `subject` fills the `%s` of templated messages. */
export function aliyunAuthError(code: AliyunAuthErrorCode, subject = ''): AliyunAuthError {
  return { code, httpStatus: ALIYUN_AUTH_ERRORS[code].httpStatus, message: errorMessage(code, subject) };
}

/**
 * SignatureDoesNotMatch with the server's string to sign appended, as the real gateway does, so
 * a developer can diff it against what the client signed.
 */
export function signatureMismatchError(serverStringToSign: string): AliyunAuthError {
  const base = aliyunAuthError('SignatureDoesNotMatch');
  return { ...base, message: `${base.message} server string to sign is:${serverStringToSign}` };
}
