// Which cloud's envelope a request belongs to, so even routing failures (unknown path, body too
// large, unparseable request) answer in the shape the calling SDK parses. Each provider says which
// paths are its own (ProviderPlugin.family); the rest is the Huawei API gateway's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { controlFamily } from '../control/control-error.js';
import { newRequestId } from '../core/random-hex.js';
import { huaweiGatewayFamily } from '../providers/huawei/shared/huawei-unrouted.js';
import type { UnroutedKind, WireFamily } from '../providers/provider-plugin.js';
import { PROVIDERS } from './providers.js';

const FAMILIES: readonly WireFamily[] = [controlFamily, ...PROVIDERS.flatMap((p) => (p.family ? [p.family] : [])), huaweiGatewayFamily];

export const familyOf = (url: string): WireFamily => FAMILIES.find((f) => f.claims(url))!;

export function sendUnrouted(req: FastifyRequest, reply: FastifyReply, kind: UnroutedKind, status: number, message: string): FastifyReply {
  const answer = familyOf(req.raw.url ?? '/').answer(kind, status, message, String(req.id), req.headers.host);
  return reply.code(answer.status).send(answer.body);
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
  const answer = familyOf(target).answer('malformed', status, message, id, undefined);
  const json = JSON.stringify(answer.body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${json}`);
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
