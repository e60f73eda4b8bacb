import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { ECS_ERRORS } from './ecs-errors.js';
import { WireFailure } from './http-error.js';

/** Renders any failure of a Huawei ECS route in the envelope the SDK parses. */
export function huaweiEcsErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof DomainError) {
    const w = ECS_ERRORS[err.reason];
    return reply.code(w.status).send({ error: { code: w.code, message: err.message } });
  }
  if (err instanceof WireFailure) {
    if (err.envelope === 'gateway') {
      return reply.code(err.status).send({ error_code: err.code, error_msg: err.message, request_id: String(req.id) });
    }
    return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.code(status).send({ error: { code: 'Ecs.0005', message: `Invalid request: ${err.message}` } });
  }
  req.log.error({ err }, 'unexpected failure');
  return reply.code(500).send({ error: { code: 'Common.0001', message: 'System error.' } });
}
