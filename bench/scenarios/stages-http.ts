// The HTTP side of one request, stage by stage (issue 16), in this process: node's HTTP parser and
// request/response objects over a loopback socket (against the same socket traffic without HTTP),
// fastify's routing, hooks and reply (fastify.inject against light-my-request on a bare handler,
// the socket left out on both sides), the socket write of a reply to a peer asleep in another
// process (the floor the VM makes expensive), and the whole resize through specshift's own app by
// inject (everything but the socket), as a check on the sum of the stages.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, connect, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { createServer } from '../../src/server/create-server.js';
import { guardRequest } from '../../src/server/http-guards.js';
import { genRequestId } from '../../src/server/wire-envelopes.js';
import { DEMO } from '../../test/helpers/demo.js';
import { sdkDate, signHuawei } from '../lib/huawei-signer.js';
import { BENCH_TARGETS, benchServerId, benchWorld } from '../lib/world-gen.js';
import type { StageRow } from './stages.js';

// light-my-request is the copy fastify.inject itself runs (a dependency of fastify, not of
// specshift): both sides of the fastify row then pay the same fake request and response
type Inject = (handler: (req: IncomingMessage, res: ServerResponse) => void, opts: { method: string; url: string; headers: Record<string, string>; payload: string }) => Promise<unknown>;
const inject = createRequire(createRequire(import.meta.url).resolve('fastify'))('light-my-request') as Inject;

const REPLY_BODY = JSON.stringify({ job_id: 'ff80808288d41e1b018990260955686a' });
const RESIZE_BODY = JSON.stringify({ resize: { flavorRef: BENCH_TARGETS[0] } });

/** A resize request as the load generator sends it (signed, body, keep-alive). */
function wireRequest(): Buffer {
  const path = `/v1.1/${DEMO.project}/cloudservers/${benchServerId(7)}/resize`;
  const s = signHuawei(DEMO, { method: 'POST', path, host: '127.0.0.1:4600', project: DEMO.project, body: RESIZE_BODY, date: sdkDate(Date.now()) });
  const head = Object.entries({ ...s.headers, 'content-length': String(Buffer.byteLength(RESIZE_BODY)) }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return Buffer.from(`POST ${path} HTTP/1.1\r\n${head}\r\n${RESIZE_BODY}`);
}

const listen = (srv: NetServer): Promise<number> => new Promise((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as AddressInfo).port)));
const close = (srv: NetServer): Promise<void> => new Promise((r) => srv.close(() => r()));

/**
 * µs per request of `total` requests over `conns` keep-alive connections, one in flight on each
 * (as the load generator sends them), client and server both in this process. A reply is counted
 * by its length, learned from the first one. Best of `batches` batches.
 */
async function loopback(port: number, request: Buffer, total: number, conns: number, batches = 3): Promise<number> {
  const sockets: Socket[] = await Promise.all(Array.from({ length: conns }, () => new Promise<Socket>((r) => { const s = connect(port, '127.0.0.1', () => r(s)); s.setNoDelay(true); })));
  try {
    // learn the reply's size (fixed: same status, headers and body every time; Date is fixed-width)
    const replySize = await new Promise<number>((resolve) => {
      let got = 0;
      const s = sockets[0]!;
      const on = (d: Buffer) => {
        got += d.length;
        // a reply ends with the body; wait for the rest of a burst to arrive
        if (d.toString('latin1').endsWith(REPLY_BODY) || d.toString('latin1').endsWith('ok')) {
          s.off('data', on);
          resolve(got);
        }
      };
      s.on('data', on);
      s.write(request);
    });
    let best = Infinity;
    for (let b = 0; b < batches; b++) {
      const t0 = process.hrtime.bigint();
      let sent = 0;
      await new Promise<void>((done) => {
        let answered = 0;
        for (const s of sockets) {
          let bytes = 0;
          s.removeAllListeners('data');
          s.on('data', (d: Buffer) => {
            bytes += d.length;
            while (bytes >= replySize) {
              bytes -= replySize;
              if (++answered === total) return done();
              if (sent < total) {
                sent++;
                s.write(request);
              }
            }
          });
        }
        for (const s of sockets) if (sent < total) {
          sent++;
          s.write(request);
        }
      });
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / total);
    }
    return best;
  } finally {
    for (const s of sockets) s.destroy();
  }
}

/** A bare node:http handler, as bench/bare-server.ts: read the body, answer the fixed reply. */
function bareHandler(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(REPLY_BODY) });
    res.end(REPLY_BODY);
  });
}

/** µs per call of an async `fn`, `parallel` in flight (as connections would be), best of `batches` batches. */
async function timeAsync(fn: (i: number) => Promise<unknown>, n: number, parallel: number, warmup = Math.min(n, 1_000), batches = 3): Promise<number> {
  let k = 0;
  for (let i = 0; i < warmup; i += parallel) await Promise.all(Array.from({ length: parallel }, () => fn(k++)));
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i += parallel) await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => fn(k++)));
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return best;
}

/**
 * The time one small `write()` to a TCP socket takes when the peer, in another process, is asleep
 * waiting for it (as the load generator is between replies): the kernel wakes it inside the call.
 * One write every 200 µs or so, so the peer is back asleep each time; median of `n`.
 */
async function socketWriteFloor(n: number): Promise<{ asleep: number; busy: number }> {
  const srv = createNetServer();
  const port = await listen(srv);
  const peerCode = `const s=require('net').connect(${port},'127.0.0.1');s.on('data',()=>{});s.on('close',()=>process.exit(0));`;
  const peer = spawn(process.execPath, ['-e', peerCode], { stdio: 'ignore' });
  try {
    const sock = await new Promise<Socket>((r) => srv.once('connection', (s: Socket) => r(s)));
    sock.setNoDelay(true);
    const reply = Buffer.alloc(220, 'x'); // the size of a resize reply with its headers
    const asleep: number[] = [];
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 0.2));
      const t0 = process.hrtime.bigint();
      sock.write(reply);
      asleep.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
    // back to back: the peer is mostly awake and reading, so the write rarely has to wake it
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      sock.write(reply);
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    const busy = Number(process.hrtime.bigint() - t0) / 1e3 / n;
    sock.destroy();
    asleep.sort((a, b) => a - b);
    return { asleep: asleep[Math.floor(asleep.length / 2)]!, busy };
  } finally {
    peer.kill();
    await close(srv);
  }
}

export async function httpStages(opts: { requests: number; writes: number; appServers: number }): Promise<StageRow[]> {
  const rows: StageRow[] = [];
  const request = wireRequest();
  const conns = 10;

  // node:http against the same bytes answered without HTTP: the difference is node's parser and
  // its request/response objects; the rest is the sockets (both ends, this process)
  const raw = createNetServer((s) => {
    s.setNoDelay(true);
    const reply = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok`);
    let got = 0;
    s.on('data', (d: Buffer) => {
      got += d.length;
      while (got >= request.length) {
        got -= request.length;
        s.write(reply);
      }
    });
  });
  const http = createHttpServer({ keepAliveTimeout: 60_000 }, bareHandler);
  const [rawPort, httpPort] = [await listen(raw), await listen(http)];
  // alternated, best of each: a busy spell of the machine then weighs on both sides of the difference
  let rawUs = Infinity;
  let httpUs = Infinity;
  try {
    for (let b = 0; b < 4; b++) {
      rawUs = Math.min(rawUs, await loopback(rawPort, request, opts.requests, conns, 1));
      httpUs = Math.min(httpUs, await loopback(httpPort, request, opts.requests, conns, 1));
    }
  } finally {
    await close(raw);
    await close(http);
  }
  rows.push({ kind: 'other', stage: 'sockets: a request read and a reply written on loopback, both ends in this process', us: rawUs, note: `${conns} connections, one request in flight on each` });
  rows.push({ kind: 'stage', stage: 'http/node: parsing the request, its request and response objects, the reply head', us: Math.max(0, httpUs - rawUs), note: `node:http ${httpUs.toFixed(1)} µs minus the sockets alone` });

  // fastify with specshift's own request-level settings against the same handler without fastify;
  // both by inject (light-my-request), so neither has a socket or node's parser
  const app = Fastify({ genReqId: genRequestId, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 } });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', guardRequest);
  app.post('/v1.1/:project_id/cloudservers/:server_id/resize', async (_req, reply) => reply.header('content-type', 'application/json').send(REPLY_BODY));
  await app.ready();
  const path = `/v1.1/${DEMO.project}/cloudservers/${benchServerId(7)}/resize`;
  const headers = { 'content-type': 'application/json', 'x-sdk-date': sdkDate(Date.now()), authorization: 'x' };
  let injectUs = Infinity;
  let fastifyUs = Infinity;
  for (let b = 0; b < 4; b++) {
    injectUs = Math.min(injectUs, await timeAsync(() => inject(bareHandler, { method: 'POST', url: path, headers, payload: RESIZE_BODY }), opts.requests, conns, b === 0 ? 1_000 : 0, 1));
    fastifyUs = Math.min(fastifyUs, await timeAsync(() => app.inject({ method: 'POST', url: path, headers, payload: RESIZE_BODY }), opts.requests, conns, b === 0 ? 1_000 : 0, 1));
  }
  await app.close();
  rows.push({ kind: 'other', stage: 'inject: light-my-request into a bare node:http handler', us: injectUs, note: 'what the next row subtracts' });
  rows.push({ kind: 'stage', stage: 'http/fastify: routing, hooks (request id, repeated headers), body as bytes, reply', us: Math.max(0, fastifyUs - injectUs), note: `fastify.inject ${fastifyUs.toFixed(1)} µs minus the bare inject` });

  const w = await socketWriteFloor(opts.writes);
  rows.push({ kind: 'floor', stage: 'floor: one socket write of a reply, the peer process asleep (wakes it)', us: w.asleep, note: `median of ${opts.writes}; ${w.busy.toFixed(1)} µs when the peer is awake (writes back to back)` });

  // the whole resize through specshift's own app, minus the socket: each request a different
  // stopped server of a generated world, signed before the clock starts
  const dir = mkdtempSync(join(tmpdir(), 'specshift-stages-app-'));
  const running = await createServer({ dataDir: dir, world: benchWorld(opts.appServers), timing: 'manual', logLevel: 'silent' });
  try {
    const date = sdkDate(Date.now());
    const signed = Array.from({ length: opts.appServers }, (_, n) =>
      signHuawei(DEMO, { method: 'POST', path: `/v1.1/${DEMO.project}/cloudservers/${benchServerId(n)}/resize`, host: 'localhost:80', project: DEMO.project, body: RESIZE_BODY, date }),
    );
    const warm = Math.min(1_000, Math.floor(opts.appServers / 4));
    let failed = '';
    const one = async (i: number) => {
      const r = signed[i]!;
      const res = await running.app.inject({ method: 'POST', url: r.path, headers: r.headers, payload: r.body! });
      if (res.statusCode !== 200 && !failed) failed = `${res.statusCode} ${res.body.slice(0, 200)}`;
    };
    const measured = Math.floor((opts.appServers - warm - conns) / 3);
    // three batches on disjoint servers after the warm-up (timeAsync's own warm-up uses the first share)
    const us = await timeAsync(one, measured, conns, warm);
    rows.push({ id: 'whole-inject', kind: 'other', stage: 'whole resize through specshift\'s app by inject: everything above but node:http and the sockets', us: Math.max(0, us - injectUs), note: `${(us).toFixed(1)} µs minus the bare inject; request log and metrics on${failed ? `; NOT 200: ${failed}` : ''}` });
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
