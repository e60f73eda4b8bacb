// Shared pieces of the reliability suite: its sizes (quick inside `npm test`, long under
// `npm run test:reliability`, nightly under `npm run test:nightly`), the world it runs on, raw
// HTTP, and the counts it reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../../src/paths.js';
import { uuidFrom } from '../../../src/core/derived-ids.js';

/**
 * The suite's size: `npm test` runs `quick` (seconds), `npm run test:reliability` sets `long`
 * (what CI runs, a few minutes), `npm run test:nightly` sets `nightly` (1,000 kill cycles,
 * 1,000,000 fuzzed requests, a 10-minute soak: under an hour). Each count can also be chosen on
 * its own with the variable `sized()` is given (docs/reliability.md lists them).
 */
export type Size = 'quick' | 'long' | 'nightly';
const sizeName = process.env.SPECSHIFT_RELIABILITY ?? 'quick';
if (!['quick', 'long', 'nightly'].includes(sizeName)) throw new Error(`SPECSHIFT_RELIABILITY is quick, long or nightly, not ${JSON.stringify(sizeName)}`);
export const SIZE = sizeName as Size;
/** the long or the nightly size: every test written for the long run runs at least that long */
export const LONG = SIZE !== 'quick';
export const NIGHTLY = SIZE === 'nightly';

/** A count by size, unless the environment variable `knob` chooses it (a positive integer). */
export function sized(knob: string, counts: Record<Size, number>): number {
  const v = process.env[knob];
  if (v === undefined || v === '') return counts[SIZE];
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${knob} is a whole number, not ${JSON.stringify(v)}`);
  return n;
}

/** A seed per run, printed with every failure so it can be replayed (SPECSHIFT_RELIABILITY_SEED). */
export const SEED = Number(process.env.SPECSHIFT_RELIABILITY_SEED ?? Date.now() % 2 ** 31);

/** Small deterministic PRNG (mulberry32): the crash cycles replay from their seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const STOPPED_PREFIX = 'rel-stopped';
export const ACTIVE_PREFIX = 'rel-active';
export const relServerId = (prefix: string, n: number): string => uuidFrom(`server/demo/${prefix}/${n}`);
export const REL_FLAVOR = 's6.large.2';
/** targets a resize from any of these may pick (all normal, same family, same architecture) */
export const REL_FLAVORS = ['s6.large.2', 's6.xlarge.2', 's6.large.4', 's6.xlarge.4'] as const;

/** The demo world plus `perState` stopped and `perState` running servers in the demo account. */
export function reliabilityWorld(perState: number): unknown {
  const demo = JSON.parse(readFileSync(packageFile('data', 'demo-world.json'), 'utf8')) as { huawei: Record<string, unknown>; $schema?: string };
  delete demo.$schema;
  demo.huawei.generate_servers = [
    { count: perState, account: 'demo', region: 'cn-north-4', az: 'cn-north-4b', flavor: REL_FLAVOR, status: 'SHUTOFF', name_prefix: STOPPED_PREFIX },
    { count: perState, account: 'demo', region: 'cn-north-4', az: 'cn-north-4b', flavor: REL_FLAVOR, status: 'ACTIVE', name_prefix: ACTIVE_PREFIX },
  ];
  return demo;
}

export interface RawHttpReply {
  status: number;
  headers: string;
  body: string;
}

/**
 * Sends bytes as they are over TCP (node's http client refuses CR/LF in headers and invalid
 * paths, which is exactly what the fuzzer needs to send), reads one reply and closes.
 */
export function rawRequest(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<RawHttpReply> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no reply within the time limit'));
    }, timeoutMs);
    // interim 1xx replies (100 Continue) come before the real one
    const skipInterim = (b: Buffer): Buffer => {
      while (/^HTTP\/1\.[01] 1\d\d/.test(b.subarray(0, 16).toString('latin1'))) {
        const end = b.indexOf('\r\n\r\n');
        if (end < 0) break;
        b = b.subarray(end + 4);
      }
      return b;
    };
    const done = () => {
      clearTimeout(timer);
      const buf = skipInterim(Buffer.concat(chunks));
      chunks.length = 0;
      chunks.push(buf);
      const all = buf.toString('latin1');
      const head = all.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(all);
      if (!m) return reject(new Error(`not an HTTP reply: ${JSON.stringify(all.slice(0, 200))}`));
      const headers = all.slice(0, head);
      let body: Buffer = Buffer.concat(chunks).subarray(Buffer.byteLength(all.slice(0, head + 4), 'latin1'));
      if (/\r\ntransfer-encoding: chunked/i.test(headers)) body = dechunk(body);
      resolve({ status: Number(m[1]), headers, body: body.toString('utf8') });
    };
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      // one reply is enough: stop as soon as its declared length has arrived
      const all = skipInterim(Buffer.concat(chunks));
      const text = all.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head));
      if (len && all.length >= head + 4 + Number(len[1])) {
        sock.destroy();
        done();
      }
    });
    sock.on('end', () => done());
    sock.on('error', (e) => {
      if (chunks.length) done();
      else {
        clearTimeout(timer);
        reject(e);
      }
    });
    sock.write(bytes);
  });
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) break;
    const n = parseInt(b.subarray(at, eol).toString('latin1'), 16);
    if (!n) break;
    out.push(b.subarray(eol + 2, eol + 2 + n));
    at = eol + 2 + n + 2;
  }
  return Buffer.concat(out);
}

/** What one suite file tried, refused and found; the long run prints them all on one line. */
export interface Counts {
  cycles?: number;
  inputs?: number;
  refusals?: number;
  /** the operations the inputs were spread over (the fuzz suite) */
  operations?: number;
  /** requests of steady load (the soak), counted apart from hostile inputs */
  requests?: number;
  /** a short summary of what was measured, printed after the totals (the soak's RSS and p99) */
  figures?: string;
}

const countsDir = () => process.env.SPECSHIFT_RELIABILITY_COUNTS ?? join(tmpdir(), 'specshift-reliability-counts');

export function recordCounts(suite: string, c: Counts): void {
  const over = c.operations ? ` over ${c.operations} operations` : '';
  const load = c.requests ? `, ${c.requests} requests of load` : '';
  const line = `reliability ${suite}: ${c.cycles ?? 0} cycles, ${c.inputs ?? 0} inputs tried${over}${load}, ${c.refusals ?? 0} refusals (seed ${SEED})`;
  process.stdout.write(line + '\n');
  mkdirSync(countsDir(), { recursive: true });
  writeFileSync(join(countsDir(), `${suite}.json`), JSON.stringify({ suite, ...c, seed: SEED }));
}
