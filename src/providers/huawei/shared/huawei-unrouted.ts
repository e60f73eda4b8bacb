// How Huawei answers requests no route took: an unknown path is the API gateway's APIGW.0101; a
// request the gateway cannot parse or accept is answered in the envelope of the service it was
// meant for, so the calling SDK can parse the refusal. Found by the reliability fuzzer.
import type { UnroutedKind, WireAnswer, WireFamily } from '../../provider-plugin.js';
import { huaweiErrorBody, type HuaweiEnvelope } from './huawei-errors.js';

const NOT_FOUND = 'The API does not exist or has not been published in the environment';

function answer(envelope: HuaweiEnvelope, invalidCode: string, malformedCode: (status: number) => string) {
  return (kind: UnroutedKind, status: number, message: string, requestId: string): WireAnswer => {
    switch (kind) {
      case 'not-found':
        return { status: 404, body: huaweiErrorBody('gateway', 404, 'APIGW.0101', NOT_FOUND, requestId) };
      case 'malformed':
        return { status, body: huaweiErrorBody(envelope, status, malformedCode(status), message, requestId) };
      default:
        return { status, body: huaweiErrorBody(envelope, status, invalidCode, `Invalid request: ${message}`, requestId) };
    }
  };
}

const AAD_PATH = /^\/v[12]\/aad(\/|\?|$)/;
const VPC_PATH = /^\/v1\/[^/?]*\/ports(\/|\?|$)/;

/** ECS under /v1/ and /v1.1/ (but for Anti-DDoS's /v1/aad). */
export const huaweiEcsFamily: WireFamily = {
  claims: (url) => (url.startsWith('/v1/') || url.startsWith('/v1.1/')) && !AAD_PATH.test(url) && !VPC_PATH.test(url),
  answer: answer('ecs', 'Ecs.0005', (status) => (status === 400 ? 'Ecs.0005' : `APIGW.0${status}`)),
};

/** VPC ports under /v1/{project_id}/ports, in VPC's own {"code","message"}. */
export const huaweiVpcFamily: WireFamily = {
  claims: (url) => VPC_PATH.test(url),
  answer: answer('vpc', 'VPC.2500', () => 'VPC.2500'),
};

/** Anti-DDoS under /v1/aad and /v2/aad (a whole segment: a project id may itself start with aad). */
export const huaweiAadFamily: WireFamily = {
  claims: (url) => AAD_PATH.test(url),
  answer: answer('aad', 'APIGW.0201', () => 'Anti-DDoS.10000001'),
};

/** Everything else that is not another cloud's: the API gateway in front of IAM, BSS and the rest. */
export const huaweiGatewayFamily: WireFamily = {
  claims: () => true,
  answer: answer('gateway', 'APIGW.0201', () => 'APIGW.0201'),
};
