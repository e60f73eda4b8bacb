// The shapes of Alibaba RPC replies: a JSON object with RequestId on success, and
// { RequestId, HostId, Code, Message, Recommend } with the catalogue's HTTP status on failure.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noteOf } from '../../../core/observe/request-note.js';
import type { AliyunFailure } from './aliyun-errors.js';

/**
 * Alibaba RequestIds are upper-case UUIDs (473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E). specshift's
 * request id (also sent as X-Request-Id) is 32 hex digits: the same digits in Alibaba's layout,
 * so a log line and an SDK error name the same request.
 */
export function aliyunRequestId(reqId: unknown): string {
  const id = String(reqId);
  if (!/^[0-9a-f]{32}$/i.test(id)) return id;
  const h = id.toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The endpoint the client addressed, as the real HostId names it; bounded, it is client input. */
export const hostIdOf = (req: FastifyRequest): string => validHostId(req.headers.host);

export function validHostId(host: string | undefined): string {
  return typeof host === 'string' && host.length > 0 && host.length <= 255 && /^[A-Za-z0-9.:\-[\]]+$/.test(host) ? host : 'ecs.aliyuncs.com';
}

export function sendSuccess(req: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
  const requestId = aliyunRequestId(req.id);
  return reply.code(200).header('x-acs-request-id', requestId).type('application/json;charset=utf-8').send({ RequestId: requestId, ...body });
}

/**
 * The error body exactly as the gateway sends it; Recommend points at Alibaba's troubleshooter for
 * the product that refused (`Ecs`, `BssOpenApi`).
 */
export function errorBody(requestId: string, hostId: string, code: string, message: string, product = 'Ecs'): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${product}&requestId=${encodeURIComponent(requestId)}`,
  };
}

export function sendFailure(req: FastifyRequest, reply: FastifyReply, failure: AliyunFailure, product = 'Ecs'): FastifyReply {
  const requestId = aliyunRequestId(req.id);
  const note = noteOf(req);
  note.errorCode = failure.code;
  note.errorMessage = failure.message;
  if (note.reason === undefined) note.reason = failure.reason ?? failure.message;
  for (const [k, v] of Object.entries(failure.headers)) reply.header(k, v);
  return reply
    .code(failure.httpStatus)
    .header('x-acs-request-id', requestId)
    .type('application/json;charset=utf-8')
    .send(errorBody(requestId, hostIdOf(req), failure.code, failure.message, product));
}
