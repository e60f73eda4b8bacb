// Alibaba Cloud's own codes for requests the RPC (POP) gateway refuses before any product sees
// them: missing or garbled common parameters, bad signatures, clock skew, replay, unknown keys.
// Codes, statuses and messages are the ones Alibaba publishes or its gateway is seen returning
// (see the note above each entry); the SDK only reads Code/Message/RequestId, so the message text
// matters to people reading logs, the code and status matter to the SDK's error class.

export interface AliyunErrorSpec {
  readonly code: string;
  readonly httpStatus: number;
  /** `%s`, where present, is replaced by the name of the offending parameter or header. */
  readonly message: string;
}

export const ALIYUN_AUTH_ERRORS = {
  // Common error table (CDN / ECS "Appendix: error codes"; ECS "Common parameters" FAQ).
  MissingParameter: {
    code: 'MissingParameter',
    httpStatus: 400,
    message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.',
  },
  // Same tables; the gateway answers "Action or Version" when an API or version is unknown.
  InvalidParameter: {
    code: 'InvalidParameter',
    httpStatus: 400,
    message: 'The specified parameter "%s" is not valid.',
  },
  // Seen from ecs.aliyuncs.com (PopGw, HTTP 400) for a signature it cannot even evaluate;
  // the official SDKs treat it as a sibling of SignatureDoesNotMatch.
  IncompleteSignature: {
    code: 'IncompleteSignature',
    httpStatus: 400,
    message: 'The request signature does not conform to Aliyun standards.',
  },
  // Listed in the OpenAPI common error codes; message as reported by gateway users.
  InvalidSignatureMethod: {
    code: 'InvalidSignatureMethod',
    httpStatus: 400,
    message: 'Specified signature method is not supported.',
  },
  // The gateway appends " server string to sign is:<string>" (see signatureMismatchError).
  SignatureDoesNotMatch: {
    code: 'SignatureDoesNotMatch',
    httpStatus: 400,
    message: 'Specified signature is not matched with our calculation.',
  },
  'InvalidTimeStamp.Format': {
    code: 'InvalidTimeStamp.Format',
    httpStatus: 400,
    message: 'Specified time stamp or date value is not well formatted.',
  },
  // Timestamp / x-acs-date further than 15 minutes from the server clock (isTimestampFresh).
  'InvalidTimeStamp.Expired': {
    code: 'InvalidTimeStamp.Expired',
    httpStatus: 400,
    message: 'Specified time stamp or date value is expired.',
  },
  // For the caller's nonce store: a SignatureNonce / x-acs-signature-nonce seen within the window.
  SignatureNonceUsed: {
    code: 'SignatureNonceUsed',
    httpStatus: 400,
    message: 'Specified signature nonce was used already.',
  },
  // For the caller (key lookup). 404 per Alibaba's published common error tables.
  'InvalidAccessKeyId.NotFound': {
    code: 'InvalidAccessKeyId.NotFound',
    httpStatus: 404,
    message: 'Specified access key is not found.',
  },
  'InvalidAccessKeyId.Inactive': {
    code: 'InvalidAccessKeyId.Inactive',
    httpStatus: 400,
    message: 'Specified access key is disabled.',
  },
  // An STS key (AccessKeyId "STS.…") sent without its token. Message from Alibaba's STS FAQ;
  // the status is not published, 400 like the other credential errors.
  MissingSecurityToken: {
    code: 'MissingSecurityToken',
    httpStatus: 400,
    message: 'SecurityToken is mandatory for this action.',
  },
  // For the caller's token check; statuses and messages from Alibaba's POP error tables.
  'InvalidSecurityToken.Expired': {
    code: 'InvalidSecurityToken.Expired',
    httpStatus: 400,
    message: 'Specified SecurityToken is expired.',
  },
  'InvalidSecurityToken.Malformed': {
    code: 'InvalidSecurityToken.Malformed',
    httpStatus: 400,
    message: 'Specified SecurityToken is malformed.',
  },
  'InvalidSecurityToken.MismatchWithAccessKey': {
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    httpStatus: 400,
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
} as const satisfies Record<string, AliyunErrorSpec>;

export type AliyunAuthErrorCode = keyof typeof ALIYUN_AUTH_ERRORS;

/** A refusal ready to render as `{ RequestId, HostId, Code, Message, Recommend }`. */
export interface AliyunAuthError {
  readonly code: AliyunAuthErrorCode;
  readonly httpStatus: number;
  readonly message: string;
}

/** Builds the error for `code`; `subject` fills the `%s` of templated messages. */
export function aliyunAuthError(code: AliyunAuthErrorCode, subject = ''): AliyunAuthError {
  const spec: AliyunErrorSpec = ALIYUN_AUTH_ERRORS[code];
  return { code, httpStatus: spec.httpStatus, message: spec.message.replace('%s', subject) };
}

/**
 * SignatureDoesNotMatch with the server's string to sign appended, as the real gateway does, so
 * a developer can diff it against what the client signed.
 */
export function signatureMismatchError(serverStringToSign: string): AliyunAuthError {
  const base = aliyunAuthError('SignatureDoesNotMatch');
  return { ...base, message: `${base.message} server string to sign is:${serverStringToSign}` };
}
