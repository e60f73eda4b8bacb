// The one catalogue of Huawei Cloud error codes specshift answers with: the API gateway's, ECS's,
// IAM's, the billing center's (CBC), Anti-DDoS's, EVS's, IMS's and VPC's. Every Huawei refusal is built from a code
// listed here, so a code and its HTTP status live in exactly one place; each service maps its
// refusal reasons to these codes beside its rules (e.g. ecs/ecs-refusals.ts).
//
// Sources: ECS "Error Codes" (ecs_07_0002, shared/reference/huawei-ecs.md §11), the API gateway's
// error codes and the API Request Signing Guide (§2.2), IAM's and BSS's error tables, the AAD
// reference (seed 003, huawei-aad.md §8). Choices the references mark unconfirmed are in
// docs/huawei-ecs.md and docs/aad.md.

/**
 * The four bodies Huawei services answer failures in:
 * - ecs: `{"error":{"code","message"}}` (ECS, and its gateway failures of request shape)
 * - gateway: `{"error_code","error_msg","request_id"}` (the API gateway, IAM, BSS)
 * - aad: `{"error_code","error_description"}` (seed 003)
 * - keystone: `{"error":{"code":401,"message","title"}}` (IAM's Keystone APIs: password authentication, look-ups of a token, project or region)
 * - vpc: `{"code","message"}` (VPC, vpc_api_0003)
 * EVS (evs_04_0038) and IMS (ims_03_0908) answer `{"error":{"message","code"}}`, ECS's envelope.
 */
export type HuaweiEnvelope = 'ecs' | 'gateway' | 'aad' | 'keystone' | 'vpc';

export interface HuaweiErrorSpec {
  readonly status: number;
  /** answered in this envelope whichever service's scope raised it (gateway codes); else the scope's own */
  readonly envelope?: HuaweiEnvelope;
}

export const HUAWEI_ERRORS = {
  // ---- API gateway: before any service sees the request
  'APIGW.0101': { status: 404, envelope: 'gateway' }, // the API does not exist
  'APIGW.0201': { status: 400, envelope: 'gateway' }, // the request is not valid (also oversize bodies)
  'APIGW.0301': { status: 401, envelope: 'gateway' }, // IAM authentication information incorrect
  'APIGW.0303': { status: 401, envelope: 'gateway' }, // signature expired
  'APIGW.0308': { status: 429, envelope: 'gateway' }, // throttling threshold reached
  // Answered only for injected faults (core/faults): the gateway's own 5xx (API Signing Guide error table)
  'APIGW.0601': { status: 500, envelope: 'gateway' }, // internal server error
  // the raw-socket answers of node's HTTP parser (timeout, headers too large), in ECS's envelope
  'APIGW.0408': { status: 408 },
  'APIGW.0431': { status: 431 },

  // ---- ECS and its shared Common.* codes (ecs_07_0002)
  'Common.0001': { status: 500 }, // system error
  'Common.0002': { status: 400 }, // request body empty
  'Common.0011': { status: 400 }, // invalid job id
  'Common.0018': { status: 400 }, // project in the token differs from the URL's
  'Common.1503': { status: 429 }, // API flow control (OTC table: 429; answered only for injected faults)
  'Ecs.0603': { status: 501 }, // "The commands are being executed. Try again later." (501 as published; injected conflicts only)
  'Ecs.0005': { status: 400 }, // invalid parameter
  'Ecs.0018': { status: 400 }, // flavor sold out
  'Ecs.0019': { status: 400 }, // flavor abandoned
  'Ecs.0029': { status: 400 }, // flavor does not exist
  'Ecs.0030': { status: 400 }, // ECS frozen
  'Ecs.0100': { status: 400 }, // ECS status does not allow the operation
  'Ecs.0112': { status: 400 }, // ECS not pay-per-use
  'Ecs.0114': { status: 404 }, // ECS does not exist
  'Ecs.0118': { status: 400 }, // batch over its limit
  'Ecs.0605': { status: 400 }, // ECS locked
  'Ecs.0701': { status: 400 }, // order query failed
  'Ecs.0704': { status: 400 }, // spot ECS
  'Ecs.0802': { status: 400 }, // image forbids the change
  'Ecs.0803': { status: 400 }, // DeH: dedicated_host_id needed / not batchable
  'Ecs.0804': { status: 400 }, // cannot switch to the target flavor
  'Ecs.0810': { status: 400 }, // target flavor same as the current one
  // Nova's own failure relayed by ECS, its message carrying Nova's (e.g. itemNotFound for a volume
  // not attached; terraform-provider-huaweicloud maps 400 Ecs.1000 + itemNotFound to "gone")
  'Ecs.1000': { status: 400 },
  'Ecs.7000': { status: 400 }, // order creation failed

  // ---- EVS (evs_04_0038)
  'EVS.5404': { status: 404 }, // disk, snapshot or backup not found

  // ---- IMS (ims_03_0908)
  'IMG.0001': { status: 400 }, // the request message format is invalid

  // ---- VPC (vpc_api_0003); decisions for the port codes in docs/huawei-vpc.md
  'VPC.0007': { status: 400 }, // urlTenantId is not equal tokenTenantId
  'VPC.2500': { status: 400 }, // port parameter invalid
  'VPC.2501': { status: 404 }, // port does not exist

  // ---- IAM
  'IAM.0001': { status: 500 }, // system error
  'IAM.0006': { status: 500 }, // internal error (injected faults only; huawei-iam-bss-aad notes §3.7)
  'IAM.0009': { status: 400 }, // X-Subject-Token missing or malformed
  'IAM.0011': { status: 400 }, // request parameter error
  'keystone.401': { status: 401, envelope: 'keystone' }, // password authentication failed
  'keystone.404': { status: 404, envelope: 'keystone' }, // token, project or region not found (Keystone's NotFound)

  // ---- CBC (the billing center behind BSS)
  'CBC.0100': { status: 400 }, // parameter error
  'CBC.0999': { status: 500 }, // other errors
  'CBC.99005003': { status: 400 }, // balance insufficient
  'CBC.99005010': { status: 400 }, // order status does not allow cancellation (api_order_00017)

  // ---- Anti-DDoS (the AAD reference's error appendix, and AAD.* codes: docs/aad.md)
  'Anti-DDoS.10000001': { status: 400 }, // invalid request message
  'Anti-DDoS.11000000': { status: 500 }, // internal error
  'AAD.10010001': { status: 400 },
  'AAD.10010002': { status: 400 },
  'AAD.10010003': { status: 400 },
  'AAD.10010004': { status: 400 },
  'AAD.10010005': { status: 400 },
  'AAD.10010006': { status: 400 },
  'AAD.10010007': { status: 400 },
  'AAD.10010008': { status: 400 },
  'AAD.10010009': { status: 400 }, // bind_domain_num below the domains bound (specshift's, docs/aad.md)
  'AAD.10010035': { status: 400 }, // instance not found (seen from a real client)
} as const satisfies Record<string, HuaweiErrorSpec>;

export type HuaweiErrorCode = keyof typeof HUAWEI_ERRORS;

/**
 * Codes that appear only inside a job's result (ShowJob error_code), never as an HTTP answer.
 */
export const HUAWEI_JOB_ERRORS = {
  resizeFailed: 'Ecs.0207',
  stopFailed: 'Ecs.0215',
  startFailed: 'Ecs.0216',
  serverGone: 'Ecs.0114',
} as const;

/** A refusal in Huawei's wire terms: a catalogue code and the message for this occurrence. */
export class HuaweiFailure extends Error {
  readonly status: number;
  readonly envelope: HuaweiEnvelope | undefined;

  constructor(
    readonly code: HuaweiErrorCode,
    message: string,
    /** only for fastify's own refusals, whose status (413, 415) the code's catalogue status would hide */
    status?: number,
    /** why, in plain words, for the request log (never sent) */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'HuaweiFailure';
    const spec: HuaweiErrorSpec = HUAWEI_ERRORS[code];
    this.status = status ?? spec.status;
    this.envelope = spec.envelope;
  }
}

/** Keystone's error titles, by status. */
const KEYSTONE_TITLES: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** The body of a failure in an envelope. */
export function huaweiErrorBody(envelope: HuaweiEnvelope, status: number, code: string, message: string, requestId: string): unknown {
  switch (envelope) {
    case 'ecs':
      return { error: { code, message } };
    case 'aad':
      return { error_code: code, error_description: message };
    case 'keystone':
      return { error: { code: status, message, title: KEYSTONE_TITLES[status] ?? 'Bad Request' } };
    case 'vpc':
      return { code, message };
    case 'gateway':
      return { error_code: code, error_msg: message, request_id: requestId };
  }
}
