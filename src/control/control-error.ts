// The control API's one error shape, {"error":{"code","message"}}, used by its own routes and by
// the control routes providers add (e.g. paying Alibaba orders).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.js';
import { StoreUnavailable } from '../core/model/store.js';
import { WorldConflict, WorldError } from '../core/world-section.js';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

const body = (code: string, message: string) => ({ error: { code, message } });

export function controlErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ControlError) return reply.code(err.status).send(body(err.code, err.message));
  if (err instanceof WorldConflict) return reply.code(409).send(body('Conflict', err.message));
  if (err instanceof WorldError) return reply.code(400).send(body('InvalidWorld', err.message));
  if (err instanceof StoreUnavailable) return reply.code(503).send(body('Unavailable', err.message));
  // a refusal of the core (paying an order that is not pending, a short balance) is a conflict with the state
  if (err instanceof DomainError) return reply.code(409).send(body(err.reason === 'order.balance' ? 'InsufficientBalance' : 'Conflict', err.message));
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return reply.code(status).send(body('BadRequest', err.message));
  req.log.error({ err }, 'control API failure');
  return reply.code(500).send(body('InternalError', 'unexpected failure'));
}

/** A control call's JSON object body; an empty body is an empty object. */
export function jsonBody(req: FastifyRequest): Record<string, unknown> {
  const raw = req.body as Buffer | undefined;
  if (!raw || raw.length === 0) return {};
  try {
    const v = JSON.parse(raw.toString('utf8')) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new ControlError(400, 'BadRequest', 'the body must be a JSON object');
  }
}

/**
 * Requests under /_specshift that no route took, or that could not be parsed (the composition
 * root uses it as a WireFamily beside the providers').
 */
export const controlFamily = {
  claims: (url: string): boolean => url.startsWith('/_specshift'),
  answer(kind: string, status: number, message: string): { status: number; body: unknown } {
    if (kind === 'not-found') return { status: 404, body: body('NotFound', 'no such control endpoint') };
    return { status, body: body('BadRequest', message) };
  },
};
