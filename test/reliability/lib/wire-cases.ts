// Raw-socket cases for the fuzz suite: what no HTTP client library will send. Several requests
// pipelined in one write (with garbage after them or not), request smuggling shapes (Content-Length
// with Transfer-Encoding, two Content-Lengths, obs-fold, chunked bodies with bad sizes), broken
// framing, and requests that arrive slowly, byte by byte or stalled. Each smuggling case hides a
// control call that would move the clock: a server that ran it would change the state the suite
// compares at the end.
import { connect } from 'node:net';
import fc from 'fast-check';

export interface WireCase {
  kind: 'pipeline' | 'smuggle' | 'framing' | 'slow' | 'stall' | 'abandon';
  /** what is written, in order; `pauseMs` waits before that piece */
  pieces: { bytes: Buffer; pauseMs: number }[];
  /** the targets of the requests that must each be answered, in order (pipelined valid requests) */
  answered: string[];
  /** close the writing side after the last piece (so the server sees the end of the input) */
  halfClose: boolean;
  /** the connection is dropped after the last piece: no reply expected, only a live server */
  abandon: boolean;
  /** a short description for a failure message */
  label: string;
}

export interface ParsedReply {
  status: number;
  headers: string;
  body: string;
}

/** Every complete HTTP/1.1 reply in `buf`, in order (interim 1xx replies skipped). */
export function parseReplies(buf: Buffer): ParsedReply[] {
  const out: ParsedReply[] = [];
  let at = 0;
  for (;;) {
    const head = buf.indexOf('\r\n\r\n', at);
    if (head < 0) break;
    const headers = buf.subarray(at, head).toString('latin1');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(headers);
    if (!m) throw new Error(`not an HTTP reply: ${JSON.stringify(buf.subarray(at, at + 200).toString('latin1'))}`);
    const status = Number(m[1]);
    let bodyStart = head + 4;
    if (status < 200) {
      at = bodyStart;
      continue;
    }
    const len = /\r\ncontent-length: *(\d+)/i.exec(headers);
    if (len) {
      const end = bodyStart + Number(len[1]);
      if (end > buf.length) break;
      out.push({ status, headers, body: buf.subarray(bodyStart, end).toString('utf8') });
      at = end;
    } else if (/\r\ntransfer-encoding: *chunked/i.test(headers)) {
      const parts: Buffer[] = [];
      let complete = false;
      for (;;) {
        const eol = buf.indexOf('\r\n', bodyStart);
        if (eol < 0) break;
        const n = parseInt(buf.subarray(bodyStart, eol).toString('latin1'), 16);
        if (n === 0) {
          bodyStart = eol + 4;
          complete = true;
          break;
        }
        parts.push(buf.subarray(eol + 2, eol + 2 + n));
        bodyStart = eol + 2 + n + 2;
      }
      if (!complete) break;
      out.push({ status, headers, body: Buffer.concat(parts).toString('utf8') });
      at = bodyStart;
    } else {
      // no length: the body runs to the end of the connection
      out.push({ status, headers, body: buf.subarray(bodyStart).toString('utf8') });
      break;
    }
  }
  return out;
}

/** Writes the pieces and collects what comes back until the server closes (or `timeoutMs`). */
export function exchange(port: number, c: WireCase, timeoutMs: number): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e: NodeJS.ErrnoException) => {
      // the server may close while the rest is still being written: what came back still counts
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') finish(true);
      else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(e);
      }
    });
    void (async () => {
      for (const p of c.pieces) {
        if (p.pauseMs) await new Promise((r) => setTimeout(r, p.pauseMs));
        if (sock.destroyed) return;
        sock.write(p.bytes);
      }
      if (c.abandon) return finish(true);
      if (c.halfClose && !sock.destroyed) sock.end();
    })();
  });
}

/** What the pipelined and smuggling cases put around: requests that change nothing, each a complete request. */
export interface WireRequests {
  host: string;
  /** valid requests that change nothing (reads, refused changes), signed where needed, with their target */
  harmless: () => { target: string; bytes: (keepAlive: boolean) => Buffer }[];
}

const b = (s: string) => Buffer.from(s, 'latin1');

/** A control call that moves the manual clock: it must never run when hidden in another request's body. */
export function smuggled(host: string): string {
  const body = '{"seconds":3600}';
  return `POST /_specshift/clock/advance HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
}

/** The generator of raw-socket cases. */
export function wireCase(r: WireRequests): fc.Arbitrary<WireCase> {
  const front = (target: string) => `POST ${target} HTTP/1.1\r\nhost: ${r.host}\r\ncontent-type: application/json\r\n`;
  const targets = fc.constantFrom('/v1/0a1b2c3d4e5f40718293a4b5c6d7e8f9/cloudservers/action', '/v2/aad/instance', '/', '/v3/orders/customer-orders/pay', '/_specshift/faults');
  const whole = (label: string, kind: WireCase['kind'], bytes: string): WireCase => ({ kind, pieces: [{ bytes: b(bytes), pauseMs: 0 }], answered: [], halfClose: true, abandon: false, label });

  const pipeline: fc.Arbitrary<WireCase> = fc
    .tuple(fc.integer({ min: 2, max: 5 }), fc.constantFrom('', 'GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', '\x00\x01\x02\r\n\r\n', 'POST /x HTTP/1.1\r\ncontent-length: zz\r\n\r\n'), fc.boolean(), fc.nat())
    .map(([n, tail, split, pickSeed]) => {
      const pool = r.harmless();
      const chosen = Array.from({ length: n }, (_, i) => pool[(pickSeed + i * 7) % pool.length]!);
      // the last valid one closes the connection unless garbage follows (the server closes on it)
      const parts = chosen.map((q, i) => q.bytes(i < n - 1 || tail !== ''));
      const all = Buffer.concat([...parts, b(tail)]);
      // in one write, or cut at a random place into two
      const cut = split ? 1 + (pickSeed % (all.length - 1)) : all.length;
      const pieces = [{ bytes: all.subarray(0, cut), pauseMs: 0 }, ...(cut < all.length ? [{ bytes: all.subarray(cut), pauseMs: 0 }] : [])];
      return { kind: 'pipeline' as const, pieces, answered: chosen.map((q) => q.target), halfClose: false, abandon: false, label: `pipeline of ${n}${tail ? ' + ' + JSON.stringify(tail.slice(0, 20)) : ''}` };
    });

  const hidden = smuggled(r.host);
  const smuggle: fc.Arbitrary<WireCase> = fc.tuple(targets, fc.integer({ min: 0, max: 9 })).map(([t, k]) => {
    const h = front(t);
    const chunked = `0\r\n\r\n${hidden}`;
    const cases: [string, string][] = [
      ['CL.TE', `${h}content-length: ${chunked.length}\r\ntransfer-encoding: chunked\r\n\r\n${chunked}`],
      ['TE.CL', `${h}transfer-encoding: chunked\r\ncontent-length: 4\r\n\r\n${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`],
      ['two content-lengths', `${h}content-length: 0\r\ncontent-length: ${hidden.length}\r\n\r\n${hidden}`],
      ['same content-length twice', `${h}content-length: 2\r\ncontent-length: 2\r\n\r\n{}`],
      ['obs-fold transfer-encoding', `${h}transfer-encoding: identity\r\n chunked\r\ncontent-length: ${chunked.length}\r\n\r\n${chunked}`],
      ['obs-fold header', `${h}x-folded: a\r\n\tb\r\ncontent-length: 2\r\n\r\n{}`],
      ['TE with a space before the colon', `${h}transfer-encoding : chunked\r\ncontent-length: ${chunked.length}\r\n\r\n${chunked}`],
      ['TE chunked, identity', `${h}transfer-encoding: chunked, identity\r\ncontent-length: ${chunked.length}\r\n\r\n${chunked}`],
      ['TE xchunked', `${h}transfer-encoding: xchunked\r\ncontent-length: ${chunked.length}\r\n\r\n${chunked}`],
      ['two TE headers', `${h}transfer-encoding: chunked\r\ntransfer-encoding: identity\r\n\r\n${chunked}`],
    ];
    const [label, bytes] = cases[k]!;
    return whole(`${label} to ${t}`, 'smuggle', bytes);
  });

  const framing: fc.Arbitrary<WireCase> = fc.tuple(targets, fc.integer({ min: 0, max: 13 })).map(([t, k]) => {
    const h = front(t);
    const cases: [string, string][] = [
      ['chunk size not hex', `${h}transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
      ['negative chunk size', `${h}transfer-encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n`],
      ['chunk size overflow', `${h}transfer-encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n`],
      ['chunk longer than its size', `${h}transfer-encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n`],
      ['chunk shorter than its size (input ends)', `${h}transfer-encoding: chunked\r\n\r\n10\r\n{}`],
      ['chunk extension', `${h}transfer-encoding: chunked\r\n\r\n2;name=${'x'.repeat(200)}\r\n{}\r\n0\r\n\r\n`],
      ['no last chunk (input ends)', `${h}transfer-encoding: chunked\r\n\r\n2\r\n{}\r\n`],
      ['negative content-length', `${h}content-length: -1\r\n\r\n{}`],
      ['content-length 1e3', `${h}content-length: 1e3\r\n\r\n{}`],
      ['content-length +2', `${h}content-length: +2\r\n\r\n{}`],
      ['header without a colon', `${h}no-colon-here\r\ncontent-length: 2\r\n\r\n{}`],
      ['bare LF line endings', `POST ${t} HTTP/1.1\nhost: ${r.host}\ncontent-length: 2\n\n{}`],
      ['NUL in a header value', `${h}x-nul: a\x00b\r\ncontent-length: 2\r\n\r\n{}`],
      ['HTTP/2.0 on an HTTP/1 socket', `POST ${t} HTTP/2.0\r\nhost: ${r.host}\r\ncontent-length: 2\r\n\r\n{}`],
    ];
    const [label, bytes] = cases[k]!;
    return whole(`${label} to ${t}`, 'framing', bytes);
  });

  // a harmless request sent in a few slow pieces, cut anywhere (headers or body): it is answered normally
  const slow: fc.Arbitrary<WireCase> = fc.tuple(fc.nat(), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 })).map(([pickSeed, pauses]) => {
    const pool = r.harmless();
    const q = pool[pickSeed % pool.length]!;
    const all = q.bytes(false);
    const cuts = pauses.map((_, i) => Math.floor(((i + 1) * all.length) / (pauses.length + 1)));
    const pieces = [0, ...cuts].map((from, i) => ({ bytes: all.subarray(from, cuts[i] ?? all.length), pauseMs: i === 0 ? 0 : pauses[i - 1]! }));
    return { kind: 'slow' as const, pieces, answered: [q.target], halfClose: false, abandon: false, label: `slow in ${pieces.length} pieces` };
  });

  // half a request and the connection dropped: nothing to answer, the server must not mind
  const abandon: fc.Arbitrary<WireCase> = fc.tuple(targets, fc.integer({ min: 1, max: 60 })).map(([t, n]) => {
    const bytes = b(`${front(t)}content-length: 500\r\n\r\n${'{'.repeat(n)}`);
    return { kind: 'abandon' as const, pieces: [{ bytes: bytes.subarray(0, Math.max(1, bytes.length - n)), pauseMs: 0 }], answered: [], halfClose: false, abandon: true, label: `abandoned request to ${t}` };
  });

  return fc.oneof({ weight: 6, arbitrary: pipeline }, { weight: 5, arbitrary: smuggle }, { weight: 5, arbitrary: framing }, { weight: 2, arbitrary: slow }, { weight: 2, arbitrary: abandon });
}

/** Headers that promise a body, then silence: the request timeout must answer 408 (slow, so run apart and rarely). */
export function stallCase(host: string, target: string): WireCase {
  const bytes = b(`POST ${target} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":`);
  return { kind: 'stall', pieces: [{ bytes, pauseMs: 0 }], answered: [], halfClose: false, abandon: false, label: `stalled body to ${target}` };
}
