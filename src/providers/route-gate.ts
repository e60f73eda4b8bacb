// What every provider's routes share with the composition root about a call beyond answering it:
// the faults scripted for it (decided at the route, after authentication, so a rule can be scoped
// to an account), and the connection dropped on purpose. The root decorates the app with the gate.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultBook, RouteFaults } from '../core/faults/fault-book.js';
import type { FaultSubject } from '../core/faults/fault-rules.js';
import type { Metrics } from '../core/observe/metrics.js';
import { noteOf } from '../core/observe/request-note.js';

export interface RouteGate {
  faults: FaultBook;
  metrics: Metrics;
  /** logs a call whose connection a fault dropped: no answer goes out, so no hook sees one */
  dropped(req: FastifyRequest, reply: FastifyReply): void;
}

const KEY = 'specshiftGate';

export function setRouteGate(app: FastifyInstance, gate: RouteGate): void {
  app.decorate(KEY, gate);
}

const gateOf = (req: FastifyRequest): RouteGate | undefined => (req.server as unknown as Record<string, RouteGate | undefined>)[KEY];

/**
 * The faults that fire on this call: latency already waited, `answer` for the route to throw in
 * its cloud's words, `drop` for it to apply once its answer is committed. Null when none fired (the
 * usual case costs one property read).
 */
export async function routeFaults(req: FastifyRequest, subject: FaultSubject): Promise<RouteFaults | null> {
  const gate = gateOf(req);
  if (!gate || !gate.faults.armedAtRoute) return null;
  const fired = await gate.faults.atRoute(subject);
  if (!fired) return null;
  const note = noteOf(req);
  note.faults = [...(note.faults ?? []), ...fired.fired];
  for (const f of fired.fired) gate.metrics.fault(f.slice(f.indexOf(' ') + 1));
  return fired;
}

/**
 * Closes the connection without an answer after the call committed: the client sees a reset and
 * must retry (with its ClientToken, where the API has one) to learn the outcome.
 */
export function dropConnection(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  noteOf(req).dropped = true;
  gateOf(req)?.dropped(req, reply);
  reply.hijack();
  req.raw.socket?.destroy();
  return reply;
}
