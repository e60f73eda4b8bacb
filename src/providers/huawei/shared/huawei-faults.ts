// Injected faults in Huawei Cloud's words (core/faults decides when; this says what the caller
// sees): the API gateway's throttling (APIGW.0308, 429) and its 5xx, each service's own internal
// error in its envelope, a conflict, and flavors sold out or back on sale in an AZ.
import type { CloudFaults, StockChange } from '../../../core/faults/fault-book.js';
import type { FaultKind, FaultRule } from '../../../core/faults/fault-rules.js';
import type { StoreTx } from '../../../core/model/store.js';
import type { Flavor } from '../../../core/model/types.js';
import { ControlError } from '../../../control/control-error.js';
import { HUAWEI_ERRORS, HuaweiFailure, type HuaweiErrorCode } from './huawei-errors.js';

interface FaultAnswer {
  code: HuaweiErrorCode;
  status?: number;
  message: string;
}

/** The message each code is answered with (the published texts: huawei-iam-bss-aad notes §5). */
const MESSAGES: Partial<Record<HuaweiErrorCode, string>> = {
  'APIGW.0308': 'The throttling threshold has been reached: policy user over ratelimit,limit:200,time:1 second',
  'APIGW.0601': 'Internal server error.',
  'APIGW.0201': 'Backend unavailable.',
  'Common.0001': 'A system exception occurred. Try again later or contact customer service.',
  'Common.1503': 'Api flow control Error because the request rate exceeds the limit.',
  'Ecs.0603': 'The commands are being executed. Try again later.',
  'IAM.0006': 'Internal error.',
  'CBC.0999': 'Other errors.',
  'Anti-DDoS.11000000': 'Internal error.',
};

/** Each service's own internal error (what an `error` fault answers unless it names a code). */
const INTERNAL: Record<string, HuaweiErrorCode> = { ecs: 'Common.0001', iam: 'IAM.0006', bss: 'CBC.0999', aad: 'Anti-DDoS.11000000' };

/** Codes a rule of each kind may name. APIGW.0201 goes with status 502 (unavailable) or 504 (timeout). */
const KIND_CODES: Record<'throttle' | 'error' | 'conflict', readonly HuaweiErrorCode[]> = {
  throttle: ['APIGW.0308', 'Common.1503'],
  error: ['APIGW.0601', 'APIGW.0201', 'Common.0001', 'IAM.0001', 'IAM.0006', 'CBC.0999', 'Anti-DDoS.11000000'],
  conflict: ['Ecs.0603'],
};

function answerOf(rule: FaultRule, service: string): FaultAnswer {
  const kind = rule.kind as keyof typeof KIND_CODES;
  const code = (rule.code as HuaweiErrorCode | undefined) ?? (kind === 'throttle' ? 'APIGW.0308' : kind === 'conflict' ? 'Ecs.0603' : (INTERNAL[service] ?? 'APIGW.0601'));
  if (code === 'APIGW.0201') {
    const status = rule.status ?? 502;
    return { code, status, message: rule.message ?? (status === 504 ? 'Backend timeout.' : 'Backend unavailable.') };
  }
  return { code, message: rule.message ?? MESSAGES[code] ?? 'Injected failure.' };
}

/** The failure a route throws for a fault rule that answers in its place. */
export function huaweiFaultFailure(rule: FaultRule, service: string): HuaweiFailure {
  const a = answerOf(rule, service);
  return new HuaweiFailure(a.code, a.message, a.status, `injected fault ${rule.id} (${rule.kind}): answered ${a.code} instead of running the operation`);
}

/** A flavor with its sale state in one AZ set through `cond:operation:az` ("az1(normal), az2(sellout)"). */
export function withAzSaleState(flavor: Flavor, az: string, state: 'sellout' | 'normal'): Flavor {
  const parts = (flavor.extraSpecs['cond:operation:az'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith(`${az}(`));
  parts.push(`${az}(${state})`);
  return { ...flavor, extraSpecs: { ...flavor.extraSpecs, 'cond:operation:az': parts.join(', ') } };
}

export const huaweiCloudFaults: CloudFaults = {
  knowsCode(kind: FaultKind, code: string, status: number | undefined): boolean {
    if (kind === 'job-fail') return /^Ecs\.\d{4}$/.test(code);
    const list = (KIND_CODES as Record<string, readonly string[] | undefined>)[kind];
    if (!list || !list.includes(code)) return false;
    if (status === undefined) return true;
    return code === 'APIGW.0201' ? status === 502 || status === 504 : status === HUAWEI_ERRORS[code as HuaweiErrorCode].status;
  },
  async setStock(tx: StoreTx, change: StockChange) {
    const flavor = (await tx.listFlavors()).find((f) => f.cloud === 'huawei' && f.id === change.flavor);
    if (!flavor) throw new ControlError(404, 'NotFound', `no Huawei flavor ${change.flavor}`);
    const next = withAzSaleState(flavor, change.zone, change.state === 'sold-out' ? 'sellout' : 'normal');
    await tx.putFlavor(next);
    return { cloud: 'huawei', flavor: next.id, zone: change.zone, 'cond:operation:az': next.extraSpecs['cond:operation:az'] };
  },
};
