// Feeds the request log and the request metrics from one fastify hook, onSend, which writes the entry (status, latency and what the route, the
// authenticator and the error handler noted). Control calls (/_specshift) are not cloud calls and
// are left out. Nothing is copied or serialised here: redaction happens when the log is read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Metrics } from '../core/observe/metrics.js';
import type { RequestLog, RequestNote } from '../core/observe/request-log.js';
import { noteOf, peekNote } from '../core/observe/request-note.js';
import type { WorldState } from '../core/world-state.js';

const isControl = (url: string) => url.startsWith('/_specshift');

/** The cloud a call that no route took belongs to: the RPC route is Alibaba's, every other path the Huawei gateway's. */
const cloudOfPath = (url: string) => (url === '/' || url.startsWith('/?') ? 'aliyun' : 'huawei');

/** An error envelope's code and message, for calls no route noted (unknown paths, malformed requests). */
function errorOf(payload: unknown): { code?: string; message?: string } {
  if (typeof payload !== 'string' || payload.length > 8192 || !payload.startsWith('{')) return {};
  try {
    const b = JSON.parse(payload) as Record<string, unknown>;
    const nested = (b.error ?? {}) as Record<string, unknown>;
    const code = b.error_code ?? b.Code ?? nested.code;
    const message = b.error_msg ?? b.Message ?? b.error_description ?? nested.message;
    return { ...(code !== undefined ? { code: String(code) } : {}), ...(typeof message === 'string' ? { message } : {}) };
  } catch {
    return {};
  }
}

export interface Recorder {
  /** a call whose connection a fault dropped: logged now, since no answer will go out */
  dropped(req: FastifyRequest, reply: FastifyReply): void;
}

export function recordRequests(app: FastifyInstance, log: RequestLog | null, metrics: Metrics, world: WorldState): Recorder {
  const finish = (req: FastifyRequest, status: number, latencyMs: number, payload: unknown, replyHeaders: OutgoingHttpHeaders | undefined) => {
    const note: RequestNote = peekNote(req) ?? noteOf(req);
    if (note.cloud === undefined) {
      note.cloud = cloudOfPath(req.url);
      if (status >= 400) {
        const e = errorOf(payload);
        if (e.code) note.errorCode = e.code;
        if (e.message) {
          note.errorMessage = e.message;
          note.reason ??= `no operation takes ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}: ${e.message}`;
        }
      }
    }
    if (note.region === undefined && note.project !== undefined) {
      const region = world.projects.get(note.project)?.region;
      if (region) note.region = region;
    }
    metrics.request(note.cloud, note.operation ?? 'unrouted', status, latencyMs / 1000);
    log?.add({
      at: Date.now() - latencyMs,
      method: req.method,
      url: req.raw.url ?? req.url,
      requestId: String(req.id),
      status,
      latencyMs,
      note,
      reqHeaders: req.headers,
      reqRawHeaders: req.raw.rawHeaders,
      reqBody: req.body instanceof Buffer ? req.body : undefined,
      // a copy of the header map (a few entries): keeping the ServerResponse itself would keep its
      // request and socket alive for as long as the entry, which the collector then pays for
      replyHeaders,
      replyBody: typeof payload === 'string' || payload instanceof Buffer ? payload : undefined,
    });
  };

  // one hook: at onSend the status and the body are final and the answer is about to be written
  // (its latency is taken here, a few microseconds before the bytes leave)
  app.addHook('onSend', (req, reply, payload, done) => {
    if (!isControl(req.url)) finish(req, reply.statusCode, reply.elapsedTime, payload, reply.getHeaders() as OutgoingHttpHeaders);
    done(null, payload);
  });
  return {
    dropped(req, reply) {
      finish(req, 0, reply.elapsedTime, undefined, undefined);
    },
  };
}
