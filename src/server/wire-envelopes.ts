// Which cloud's error envelope a path belongs to, so even routing failures (unknown path, body too
// large, unparseable request) answer in the shape the calling SDK parses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { newRequestId } from '../core/ids.js';

export type Family = 'huawei-ecs' | 'huawei-gateway' | 'huawei-aad' | 'aliyun' | 'control';

export function familyOf(url: string): Family {
  if (url.startsWith('/_specshift')) return 'control';
  // a whole segment: a Huawei project id is 32 hex characters and may itself start with 'aad'
  if (/^\/v[12]\/aad(\/|\?|$)/.test(url)) return 'huawei-aad';
  if (url.startsWith('/v1/') || url.startsWith('/v1.1/')) return 'huawei-ecs';
  if (url.startsWith('/v3/')) return 'huawei-gateway';
  if (url === '/' || url.startsWith('/?')) return 'aliyun';
  return 'huawei-gateway';
}

export function sendFamilyError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const family = familyOf(req.raw.url ?? '/');
  switch (family) {
    case 'huawei-ecs':
      return reply.code(status).send({ error: { code, message } });
    case 'huawei-aad':
      return reply.code(status).send({ error_code: code, error_description: message });
    case 'aliyun':
      return reply.code(status).send({ RequestId: String(req.id), HostId: req.headers.host ?? 'ecs.aliyuncs.com', Code: code, Message: message, Recommend: '' });
    case 'control':
      return reply.code(status).send({ error: { code, message } });
    default:
      return reply.code(status).send({ error_code: code, error_msg: message, request_id: String(req.id) });
  }
}

export const genRequestId = (): string => newRequestId();

/**
 * Requests node's HTTP parser refuses (bad framing, invalid header bytes, headers too large) never
 * reach a route; fastify's default answer is its own JSON shape, which no cloud SDK parses. The
 * request line, when the parser got that far, tells which cloud was called (found by the
 * reliability fuzzer, test/reliability/fuzz.test.ts).
 */
export function answerMalformedHttp(error: Error, socket: Socket): void {
  const err = error as Error & { code?: string; rawPacket?: unknown };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const line = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0]! : '';
  const target = /^[A-Z]+ (\S+)/.exec(line)?.[1] ?? '';
  const id = newRequestId();
  const message = status === 408 ? 'Request timeout' : status === 431 ? 'Request header fields too large' : 'Bad request: the HTTP request is malformed';
  let body: unknown;
  switch (familyOf(target)) {
    case 'huawei-ecs':
      body = { error: { code: status === 400 ? 'Ecs.0005' : `APIGW.0${status}`, message } };
      break;
    case 'control':
      body = { error: { code: 'BadRequest', message } };
      break;
    case 'huawei-aad':
      body = { error_code: 'Anti-DDoS.10000001', error_description: message }; // aad-errors INVALID_REQUEST
      break;
    case 'aliyun':
      body = { RequestId: id, HostId: 'ecs.aliyuncs.com', Code: status === 400 ? 'InvalidParameter' : 'BadRequest', Message: message, Recommend: '' };
      break;
    default:
      body = { error_code: 'APIGW.0201', error_msg: message, request_id: id };
  }
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${json}`);
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
