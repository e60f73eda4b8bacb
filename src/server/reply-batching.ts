// Replies leave in bursts: every answer fastify finishes while the event loop reads requests is held
// until that loop turn's check phase and then written back to back.
//
// Why: each reply's write() wakes the client waiting for it. When the client sleeps between replies
// (any client slower to be answered than to read an answer: an SDK in a test suite on the same
// machine, a load generator), the kernel has to wake it for every reply, which on a VM is an
// inter-processor interrupt and costs the writer tens of microseconds (bench/README.md, "Reading the
// figures" and the socket-write floor of the stages: ~23-60 µs a write on the development VM against
// ~8 when the peer is awake). Written together, the first write wakes the client and the rest find
// it awake. No reply is held past the turn it was finished in, and none is sent before its change
// is committed.
import type { FastifyInstance } from 'fastify';

type Release = () => void;

export function batchReplies(app: FastifyInstance): void {
  // A boundary is set when a request is read (the poll phase) and falls in the same turn's check
  // phase, before anything the request queued there itself (setImmediate runs in order): replies
  // finished in between are held until it.
  let held: Release[] | null = null;
  // A reply finished after the boundary, as a group commit's are (the store commits in the check
  // phase and resolves the group's callers together), waits only for the microtask queue to drain:
  // a tick queued from a microtask runs once it is empty, when every caller the commit released has
  // come this far. Not a turn later: the next turn's poll phase would stand between.
  let tail: Release[] | null = null;
  const release = (replies: Release[]) => {
    for (const go of replies) go();
  };
  const boundary = () => {
    const now = held!;
    held = null;
    release(now);
  };
  const tailEnd = () => {
    const now = tail!;
    tail = null;
    release(now);
  };
  app.addHook('onRequest', (_req, _reply, done) => {
    if (held === null) {
      held = [];
      setImmediate(boundary);
    }
    done();
  });
  app.addHook('onSend', (_req, _reply, payload, done) => {
    const go = () => done(null, payload);
    if (held !== null) return void held.push(go);
    if (tail === null) {
      tail = [];
      process.nextTick(tailEnd);
    }
    tail.push(go);
  });
}
