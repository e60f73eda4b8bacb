// batchReplies (server/reply-batching.ts): a reply finished while the event loop reads requests is
// held until that turn's check phase, so the replies of one turn are written together (each write
// to a sleeping client wakes it, tens of µs on a VM); a reply finished in the check phase itself (a
// group commit's) is not held into the next turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { batchReplies } from '../../src/server/reply-batching.js';

/** an app whose hooks write down, in order, when each request's reply goes out */
async function appWith(route: (marks: string[]) => (req: unknown) => Promise<string>): Promise<{ app: FastifyInstance; marks: string[] }> {
  const marks: string[] = [];
  const app = Fastify();
  // registered first: its immediate is queued before the boundary's, so it runs just before it
  app.addHook('onRequest', (_req, _reply, done) => {
    setImmediate(() => marks.push('check phase'));
    done();
  });
  batchReplies(app);
  // registered after the batching: it runs when the reply is released
  app.addHook('onSend', (req, _reply, payload, done) => {
    marks.push(`sent ${req.url}`);
    done(null, payload);
  });
  app.get('/*', route(marks));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, marks };
}

test('a reply finished as its request is read waits for the check phase', async () => {
  const { app, marks } = await appWith((m) => async () => {
    m.push('handled');
    return 'ok';
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/a`);
    assert.equal(await res.text(), 'ok');
    assert.deepEqual(marks, ['handled', 'check phase', 'sent /a']);
  } finally {
    await app.close();
  }
});

test('a reply finished in the check phase (after a commit there) goes out at once, not a turn later', async () => {
  const { app, marks } = await appWith((m) => async () => {
    // what a group commit does: the work runs in an immediate queued after the request was read
    await new Promise((r) => setImmediate(r));
    setImmediate(() => m.push('next turn'));
    m.push('committed');
    return 'ok';
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/b`);
    assert.equal(await res.text(), 'ok');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(marks, ['check phase', 'committed', 'sent /b', 'next turn']);
  } finally {
    await app.close();
  }
});

test('the replies one commit releases are written together, once every caller it released has finished', async () => {
  let commit: Promise<void> | null = null;
  const { app, marks } = await appWith((m) => async (req) => {
    const url = (req as { url: string }).url;
    // one commit for the requests read in this turn, in an immediate as the store's group commit
    commit ??= new Promise<void>((r) => setImmediate(r));
    await commit;
    // /b has more left to do after the commit than /a (rendering, logging: a few steps)
    for (let i = 0; i < (url === '/b' ? 6 : 1); i++) await null;
    m.push(`finished ${url}`);
    return 'ok';
  });
  try {
    const [a, b] = await Promise.all([app.inject({ url: '/a' }), app.inject({ url: '/b' })]);
    assert.equal(a.body, 'ok');
    assert.equal(b.body, 'ok');
    assert.deepEqual(marks.filter((x) => x !== 'check phase'), ['finished /a', 'finished /b', 'sent /a', 'sent /b']);
  } finally {
    await app.close();
  }
});
