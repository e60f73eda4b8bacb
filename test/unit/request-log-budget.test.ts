// The request log's memory is bounded by what its bodies take, not only by how many calls it
// keeps: a soak of server lists (60 KB answers) once kept 10,000 of them, 600 MB, and the node's
// RSS passed 2 GB. Past the body budget the oldest entries let their bodies go; the newest stay whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BODY_BUDGET, detailView, matches, MAX_BODY, RequestLog, type RawEntry } from '../../src/core/observe/request-log.js';

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
  const { seq } = log.add(entry(undefined, upload));
  const kept = log.get(seq)!;
  assert.equal(kept.reqBody!.length, MAX_BODY);
  assert.notEqual(kept.reqBody!.buffer, upload.buffer, 'the cut does not share the upload\'s memory');
  assert.equal(log.bodyBytes, MAX_BODY);
});

test('small bodies cut from a larger slab (node\'s 8 KiB Buffer pool) do not keep their slabs alive', () => {
  const log = new RequestLog(1_000);
  const sent = '{"resize":{"flavorRef":"s6.xlarge.2"}}';
  const slabsSent = new Set<ArrayBufferLike>();
  for (let i = 0; i < 1_000; i++) {
    // what fastify's body reader hands over: a few bytes inside a slab of its own (here one per call,
    // as when other allocations fill the pool between two requests)
    const slab = Buffer.alloc(8192);
    slab.write(sent, 100);
    slabsSent.add(slab.buffer);
    log.add(entry(Buffer.from(slab.buffer, 2000, 20), slab.subarray(100, 100 + sent.length)));
  }
  const slabs = new Set<ArrayBufferLike>();
  for (const e of log.query({}, log.capacity)) {
    assert.equal(e.reqBody?.toString(), sent, 'the body is kept whole');
    assert.equal(e.replyBody?.length, 20);
    slabs.add(e.reqBody!.buffer);
    slabs.add((e.replyBody as Buffer).buffer);
  }
  for (const b of slabs) assert.ok(!slabsSent.has(b), 'no body is a view of what the caller handed over');
  const held = [...slabs].reduce((n, b) => n + b.byteLength, 0);
  // 1,000 entries of 58 bytes: one arena, not 1,000 slabs (8 MB)
  assert.ok(held <= 1024 * 1024, `the ring keeps ${held} bytes of arenas alive for 58 KB of bodies`);
});

test('an entry reads back as it was logged: note, headers, string and byte bodies, the seq it got', () => {
  const log = new RequestLog(4);
  const added = log.add({
    ...entry('{"job_id":"ff80"}', Buffer.from('{"resize":{}}')),
    at: 1_796_000_000_123,
    latencyMs: 1.234567,
    status: 202,
    note: { cloud: 'huawei', operation: 'ResizeServer', resources: ['srv-1'], faults: ['f1 latency'], signature: 'SDK-HMAC-SHA256' },
    reqHeaders: { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00', 'x-project-id': 'p1', 'set-cookie': ['a=1', 'b=2'] },
    replyHeaders: { getHeaders: () => ({ 'content-type': 'application/json;charset=utf-8', 'content-length': 17 }) },
  });
  const back = log.get(added.seq)!;
  assert.equal(back.seq, 1);
  assert.equal(back.at, 1_796_000_000_123);
  assert.equal(back.latencyMs, 1.234567);
  assert.equal(back.status, 202);
  assert.deepEqual(back.note, { cloud: 'huawei', operation: 'ResizeServer', resources: ['srv-1'], faults: ['f1 latency'], signature: 'SDK-HMAC-SHA256' });
  assert.deepEqual(back.reqHeaders, { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00', 'x-project-id': 'p1', 'set-cookie': ['a=1', 'b=2'] });
  assert.deepEqual(back.replyHeaders, { 'content-type': 'application/json;charset=utf-8', 'content-length': 17 });
  assert.equal(back.reqBody?.toString(), '{"resize":{}}');
  assert.equal(back.replyBody?.toString(), '{"job_id":"ff80"}');
  const d = detailView(back);
  assert.deepEqual(JSON.parse(d.reply.body!), { job_id: 'ff80' });
  assert.equal(d.request.headers['x-project-id'], 'p1');
  // the ring wraps: seq 1 is gone once four more calls came in, and nothing of it is read back
  for (let i = 0; i < 4; i++) log.add(entry('x'));
  assert.equal(log.get(1), undefined);
  assert.deepEqual(log.query({}, 10).map((e) => e.seq), [2, 3, 4, 5]);
  assert.equal(log.bodyBytes, 4, 'the four one-byte replies; seq 1\'s bodies no longer count');
});

test('a multi-byte reply is counted and read back in bytes', () => {
  const log = new RequestLog(10);
  const { seq } = log.add(entry('{"message":"实例不存在"}'));
  assert.equal(log.bodyBytes, Buffer.byteLength('{"message":"实例不存在"}'));
  assert.deepEqual(JSON.parse(detailView(log.get(seq)!).reply.body!), { message: '实例不存在' });
});

test('a query answers what decoding every entry and filtering would, for every kind of filter', () => {
  const log = new RequestLog(500);
  const clouds = ['huawei', 'aliyun', undefined];
  const ops = ['ResizeServer', 'ShowJob', 'ModifyInstanceSpec', undefined];
  const accounts = ['a1', 'a2', undefined];
  const statuses = [200, 202, 400, 409, 500, 0];
  let r = 7;
  const next = (n: number) => ((r = (r * 1103515245 + 12345) % 2147483648), r % n);
  for (let i = 0; i < 1_300; i++) {
    const note: RawEntry['note'] = {};
    const cloud = clouds[next(3)];
    const operation = ops[next(4)];
    const account = accounts[next(3)];
    if (cloud) note.cloud = cloud;
    if (operation) note.operation = operation;
    if (account) note.account = account;
    if (next(4) === 0) note.resources = [`srv-${next(5)}`];
    if (next(5) === 0) note.errorCode = 'Ecs.0114';
    log.add({ ...entry('{}'), at: 1_000_000 + i * 10, status: statuses[next(6)]!, note, url: `/v1/p/servers/${next(3)}` });
  }
  const all: RawEntry[] = [];
  for (let seq = 1; seq < log.nextSeq; seq++) {
    const e = log.get(seq);
    if (e) all.push(e);
  }
  assert.equal(all.length, 500);
  const filters = [
    {}, { cloud: 'aliyun' }, { operation: 'ShowJob' }, { account: 'a2' }, { status: '4xx' }, { status: 'error' }, { status: '202' },
    { resource: 'srv-3' }, { q: 'ecs.0114' }, { q: 'servers/2' }, { cloud: 'huawei', operation: 'ResizeServer', status: '2xx' },
    { since: String(log.nextSeq - 40) }, { since: new Date(1_000_000 + 1_200 * 10).toISOString(), account: 'a1' },
  ];
  for (const f of filters) {
    for (const limit of [5, 1_000]) {
      const afterSeq = f.since !== undefined && /^\d+$/.test(f.since) ? Number(f.since) : 0;
      const fromAt = f.since !== undefined && !/^\d+$/.test(f.since) ? Date.parse(f.since) : -Infinity;
      const want = all.filter((e) => matches(e, f) && e.seq > afterSeq && e.at >= fromAt).slice(-limit);
      assert.deepEqual(log.query(f, limit).map((e) => e.seq), want.map((e) => e.seq), JSON.stringify({ f, limit }));
    }
  }
});
