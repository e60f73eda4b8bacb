// The one place where AAD failures become wire codes, and the envelope they travel in:
// {"error_code","error_description"} (seed 003, Table 5). Only AAD.10010035 (unknown instance) is
// known from a real client; the other AAD.* codes are specshift's own (docs/aad.md lists them).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { WireFailure } from '../shared/http-error.js';
import { AadRefusal, type AadRefusalReason } from './aad-refusal.js';

interface WireError {
  status: number;
  code: string;
}

/** "Invalid request message" in the Anti-DDoS error code table the AAD API reference links to. */
export const INVALID_REQUEST = 'Anti-DDoS.10000001';
/** "Internal error" in the same table. */
export const INTERNAL_ERROR = 'Anti-DDoS.11000000';

export const AAD_ERRORS: Record<AadRefusalReason, WireError> = {
  'instance.not-found': { status: 400, code: 'AAD.10010035' },
  'spec.out-of-range': { status: 400, code: 'AAD.10010001' },
  'spec.not-applicable': { status: 400, code: 'AAD.10010002' },
  'spec.elastic-below-basic': { status: 400, code: 'AAD.10010003' },
  'spec.elastic-service-disabled': { status: 400, code: 'AAD.10010004' },
  'spec.qps-not-enabled': { status: 400, code: 'AAD.10010005' },
  'instance.expired': { status: 400, code: 'AAD.10010006' },
  'instance.frozen': { status: 400, code: 'AAD.10010007' },
  'instance.order-pending': { status: 400, code: 'AAD.10010008' },
};

/** A malformed request: bad JSON, a wrong type, a missing or unknown field. */
export const aadInvalid = (message: string): WireFailure => new WireFailure(400, INVALID_REQUEST, `Invalid request message: ${message}`);

/** Renders any failure of an AAD route in the AAD envelope; gateway (authentication) failures keep the gateway's. */
export function aadErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, code: string, description: string) => reply.code(status).send({ error_code: code, error_description: description });
  if (err instanceof AadRefusal) {
    const w = AAD_ERRORS[err.reason];
    return send(w.status, w.code, err.message);
  }
  if (err instanceof WireFailure) {
    if (err.envelope === 'gateway') return reply.code(err.status).send({ error_code: err.code, error_msg: err.message, request_id: String(req.id) });
    return send(err.status, err.code, err.message);
  }
  // a refusal of the core (the order book) is about what the client asked for, so it is the client's to fix
  if (err instanceof DomainError) return send(400, INVALID_REQUEST, err.message);
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return send(status, INVALID_REQUEST, `Invalid request message: ${err.message}`);
  req.log.error({ err }, 'unexpected failure');
  return send(500, INTERNAL_ERROR, 'Internal error.');
}
