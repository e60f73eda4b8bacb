// One error handler for every Huawei service scope: catalogue failures, the service's refusal
// reasons, fastify's own refusals, and defects, each in the envelope the calling SDK parses.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { StoreUnavailable, unexpectedFailureReason } from '../../../core/model/store.js';
import { noteOf } from '../../../core/observe/request-note.js';
import { HuaweiFailure, huaweiErrorBody, type HuaweiEnvelope, type HuaweiErrorCode } from './huawei-errors.js';

export interface HuaweiScopeErrors<R extends string> {
  /** the scope's own envelope, for codes the catalogue does not pin to one */
  envelope: HuaweiEnvelope;
  /** every refusal reason the scope's services (and the core under them) can throw, as a code */
  reasons: Record<R, HuaweiErrorCode>;
  /** fastify's own 4xx refusals (bad content length, too large), keeping fastify's status */
  framework: (message: string, status: number) => HuaweiFailure;
  /** a defect of specshift: logged, answered as the service's internal error */
  internal: HuaweiFailure;
}

export function send(req: FastifyRequest, reply: FastifyReply, envelope: HuaweiEnvelope, f: HuaweiFailure): FastifyReply {
  const note = noteOf(req);
  note.errorCode = f.code;
  note.errorMessage = f.message;
  if (f.reason !== undefined && note.reason === undefined) note.reason = f.reason;
  return reply.code(f.status).send(huaweiErrorBody(f.envelope ?? envelope, f.status, f.code, f.message, String(req.id)));
}

export function huaweiErrorHandler<R extends string>(scope: HuaweiScopeErrors<R>) {
  return (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (err instanceof HuaweiFailure) return send(req, reply, scope.envelope, err);
    if (err instanceof StoreUnavailable) {
      // the database behind this node is gone for now: the gateway's "backend unavailable", which
      // clients retry; nothing was committed, so a retry cannot apply anything twice
      req.log.warn({ err }, 'store unavailable');
      return send(req, reply, scope.envelope, new HuaweiFailure('APIGW.0201', 'Backend unavailable.', 502));
    }
    if (err instanceof DomainError) {
      const code = (scope.reasons as Record<string, HuaweiErrorCode | undefined>)[err.reason];
      if (code !== undefined) return send(req, reply, scope.envelope, new HuaweiFailure(code, err.message, undefined, `refused by the rules (${err.reason}): ${err.message}`));
    } else {
      const status = (err as FastifyError).statusCode;
      if (status && status >= 400 && status < 500) return send(req, reply, scope.envelope, scope.framework(err.message, status));
    }
    req.log.error({ err }, 'unexpected failure');
    noteOf(req).reason = unexpectedFailureReason(err);
    return send(req, reply, scope.envelope, scope.internal);
  };
}
