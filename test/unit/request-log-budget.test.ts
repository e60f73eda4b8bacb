// The request log's memory is bounded by what its bodies take, not only by how many calls it
// keeps: a soak of server lists (60 KB answers) once kept 10,000 of them, 600 MB, and the node's
// RSS passed 2 GB. Past the body budget the oldest entries let their bodies go; the newest stay whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BODY_BUDGET, detailView, MAX_BODY, RequestLog, type RawEntry } from '../../src/core/observe/request-log.js';

const entry = (replyBody: string | Buffer | undefined, reqBody?: Buffer): Omit<RawEntry, 'seq'> => ({
  at: 0,
  method: 'GET',
  url: '/v1/p/cloudservers/detail',
  requestId: 'r',
  status: 200,
  latencyMs: 1,
  note: {},
  reqHeaders: { 'content-type': 'application/json' },
  reqBody,
  replyHeaders: { 'content-type': 'application/json' },
  replyBody,
});

const heldBodies = (log: RequestLog): number => log.query({}, log.capacity).reduce((n, e) => n + (e.replyBody?.length ?? 0) + (e.reqBody?.length ?? 0), 0);

test('10,000 answers of 60 KB: the log holds at most its body budget, the newest calls keep their bodies', () => {
  const log = new RequestLog(10_000);
  const list = JSON.stringify({ servers: 'x'.repeat(60_000) });
  for (let i = 0; i < 10_000; i++) log.add(entry(list));
  assert.ok(heldBodies(log) <= BODY_BUDGET, `bodies held: ${heldBodies(log)} (budget ${BODY_BUDGET})`);
  assert.equal(log.bodyBytes, heldBodies(log), 'the running count is what the entries hold');
  const all = log.query({}, 10_000);
  assert.equal(all.length, 10_000, 'every call is still listed');
  assert.ok(detailView(all.at(-1)!).reply.body?.includes('x'.repeat(60_000)), 'the newest call keeps its body');
  assert.equal(detailView(all[0]!).reply.body, null, 'the oldest call let its body go');
  assert.equal(all[0]!.status, 200, 'and keeps the rest of its entry');
});

test('the budget holds as the ring wraps and after clear()', () => {
  const log = new RequestLog(100, 1_000_000);
  for (let i = 0; i < 1_000; i++) log.add(entry('y'.repeat(30_000 + (i % 7) * 1000)));
  assert.ok(log.bodyBytes <= 1_000_000 && log.bodyBytes === heldBodies(log));
  log.clear();
  assert.equal(log.bodyBytes, 0);
  log.add(entry('z'.repeat(10)));
  assert.equal(log.bodyBytes, 10);
});

test('a body cut at 64 KiB is a copy, not a view keeping the whole upload alive', () => {
  const log = new RequestLog(10);
  const upload = Buffer.alloc(1_000_000, 1);
  const e = log.add(entry(undefined, upload));
  assert.equal(e.reqBody!.length, MAX_BODY);
  assert.notEqual(e.reqBody!.buffer, upload.buffer, 'the cut does not share the upload\'s memory');
});

test('small bodies cut from a larger slab (node\'s 8 KiB Buffer pool) do not keep their slabs alive', () => {
  const log = new RequestLog(1_000);
  const sent = '{"resize":{"flavorRef":"s6.xlarge.2"}}';
  for (let i = 0; i < 1_000; i++) {
    // what fastify's body reader hands over: a few bytes inside a slab of its own (here one per call,
    // as when other allocations fill the pool between two requests)
    const slab = Buffer.alloc(8192);
    slab.write(sent, 100);
    log.add(entry(Buffer.from(slab.buffer, 2000, 20), slab.subarray(100, 100 + sent.length)));
    // the rest of a request takes from node's shared pool too (pg's messages, hashes, sockets):
    // a copy into that pool would sit alone in its slab as well
    for (let k = 0; k < 3; k++) Buffer.from('x'.repeat(3000));
  }
  const slabs = new Set<ArrayBufferLike>();
  for (const e of log.query({}, log.capacity)) {
    assert.equal(e.reqBody?.toString(), sent, 'the body is kept whole');
    slabs.add(e.reqBody!.buffer);
    if (e.replyBody instanceof Buffer) slabs.add(e.replyBody.buffer);
  }
  const held = [...slabs].reduce((n, b) => n + b.byteLength, 0);
  // 1,000 entries of 58 bytes: a slab or two, not 1,000 of them (8 MB)
  assert.ok(held < 256 * 1024, `the ring keeps ${held} bytes of slabs alive for 58 KB of bodies`);
});

test('a body that owns its memory is kept as it is; a larger view is copied to a buffer of its own', () => {
  const log = new RequestLog(10);
  const own = Buffer.from('x'.repeat(10_000));
  const big = Buffer.alloc(100_000).subarray(10, 20_010);
  const a = log.add(entry(undefined, own));
  const b = log.add(entry(undefined, big));
  assert.equal(a.reqBody, own, 'no copy');
  assert.equal(b.reqBody!.byteLength, 20_000);
  assert.equal(b.reqBody!.buffer.byteLength, 20_000, 'not the 100,000-byte slab');
});
