// What a gateway does before any route runs: time limits on slow clients, refusal of requests a
// gateway would not forward (a header that must appear once appearing twice), and an answer in the
// calling cloud's envelope for requests node's HTTP parser cannot read, sent only after every
// earlier pipelined request on the connection has had its own answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { newRequestId } from '../core/random-hex.js';
import { familyOf, sendUnrouted } from './wire-envelopes.js';

/** How long a client may take to send a whole request, and its headers (issue 13: a stalled body held a connection for minutes). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** node's http.Server options for the limits above; node checks them every `connectionsCheckingInterval` ms. */
export function httpServerLimits(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 20_000),
    // the default check runs every 30 s, so a 30 s limit could take a minute to bite
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
  };
}

const IN_FLIGHT = Symbol('specshift.inFlight');
const DEFERRED = Symbol('specshift.deferredAnswer');

type TrackedSocket = Socket & { [IN_FLIGHT]?: Set<IncomingMessage>; [DEFERRED]?: () => void };

/**
 * Keeps, per connection, the requests whose answers are still to be written, so that a malformed
 * request pipelined behind them is answered after them instead of cutting them off.
 */
export function trackInFlight(server: Server): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as TrackedSocket;
    const pending = (socket[IN_FLIGHT] ??= new Set());
    pending.add(req);
    res.once('close', () => {
      pending.delete(req);
      if (pending.size === 0 && socket[DEFERRED]) {
        const answer = socket[DEFERRED];
        socket[DEFERRED] = undefined;
        answer();
      }
    });
  });
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Requests node's HTTP parser refuses (bad framing, invalid header bytes, headers too large, too
 * slow) never reach a route; fastify's default answer is its own JSON shape, which no cloud SDK
 * parses. The request line, when the parser got that far, tells which cloud was called (found by the
 * reliability fuzzer). Requests pipelined before the bad one on the same connection were parsed
 * and are running: each gets its answer first (issue 13: two resizes ran and were never answered).
 */
export function answerMalformedHttp(error: Error, socket: Socket): void {
  const err = error as Error & { code?: string; rawPacket?: unknown };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const pending = [...((socket as TrackedSocket)[IN_FLIGHT] ?? [])];
  // the whole request line: a target cut short can name another service (a long VPC path read as
  // ECS; found by the nightly fuzz). The raw packet is bounded by node's header limit.
  const line = Buffer.isBuffer(err.rawPacket) ? requestLine(err.rawPacket) : '';
  // a request cut off while its body was arriving has no raw packet, but its path was read
  const target = /^[A-Z]+ (\S+)/.exec(line)?.[1] ?? pending.find((r) => !r.complete)?.url ?? '';
  const id = newRequestId();
  const message = status === 408 ? 'Request timeout' : status === 431 ? 'Request header fields too large' : 'Bad request: the HTTP request is malformed';
  const answer = () => {
    if (socket.destroyed) return;
    const json = JSON.stringify(familyOf(target).answer('malformed', status, message, id, undefined).body);
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${json}`);
    }
    socket.end();
    // a client that never reads must not hold the connection open
    setTimeout(() => socket.destroy(), 5_000).unref();
  };
  // only requests read whole will be answered; one still being received is the one at fault (a timeout)
  if (pending.length > 0 && pending.every((r) => r.complete) && status !== 408) {
    (socket as TrackedSocket)[DEFERRED] = answer;
    return;
  }
  answer();
}

/** The first line of a raw request, without its CRLF (all of it when no CRLF came). */
function requestLine(raw: Buffer): string {
  const end = raw.indexOf('\r\n');
  return raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
}

/** Headers a request may carry once: a gateway refuses a second Host (RFC 9112 §3.2), and a second
 * credential or body type would let the first and the second be read differently. */
const SINGLE_HEADERS = new Set([
  'host',
  'authorization',
  'content-type',
  'x-sdk-date',
  'x-sdk-content-sha256',
  'x-project-id',
  'x-domain-id',
  'x-security-token',
  'x-auth-token',
  'x-subject-token',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
  'x-acs-security-token',
  'x-acs-action',
  'x-acs-version',
]);

/**
 * The onRequest hook of every route: the request id header, and a header that must appear once
 * appearing twice answered 400 in the cloud's envelope (the request goes no further). A callback
 * hook, not an async one: fastify goes on in the same turn, without a promise per request.
 */
export function guardRequest(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('X-Request-Id', req.id);
  const repeated = repeatedSingleHeader(req.raw.rawHeaders);
  if (repeated !== null) sendUnrouted(req, reply, 'invalid', 400, `the ${repeated} header appears more than once`);
  else done();
}

/** The first header of SINGLE_HEADERS a request carries twice (its lower-case name), or null. */
export function repeatedSingleHeader(rawHeaders: readonly string[]): string | null {
  let seen: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    seen ??= new Set();
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return null;
}
