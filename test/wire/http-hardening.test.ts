// What a gateway guarantees before any route runs (issue 13, each case found by an independent
// attack): every pipelined request gets its answer even when garbage follows it, a client that
// stalls mid-request is cut off with 408, a header that must appear once may not appear twice,
// and X-Sdk-Date must be a real time.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { sdkDate, sign, signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual', requestTimeoutMs: 1_500 });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

/** One signed Huawei request as raw bytes (keep-alive, so several can share a connection). */
function signedRaw(method: string, path: string, body = ''): string {
  const host = `127.0.0.1:${live.port}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', host, 'x-sdk-date': sdkDate(Date.now()), 'x-project-id': DEMO.project };
  const authorization = sign({ method, path, headers, body, ak: DEMO.ak, sk: DEMO.sk });
  const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `authorization: ${authorization}`, `content-length: ${Buffer.byteLength(body)}`];
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

/** Writes bytes, then reads until the server closes; returns the status line of every answer. */
function exchange(bytes: string, opts: { keepOpenMs?: number } = {}): Promise<{ statuses: number[]; text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock: Socket = connect({ host: '127.0.0.1', port: live.port });
    const chunks: Buffer[] = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])), text, closedAfterMs: Date.now() - started });
    });
    sock.write(bytes);
    if (opts.keepOpenMs === undefined) return;
    setTimeout(() => sock.destroy(), opts.keepOpenMs).unref();
  });
}

const resize = (server: string) => signedRaw('POST', `/v1.1/${DEMO.project}/cloudservers/${server}/resize`, JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } }));

describe('pipelined requests followed by a malformed one', () => {
  test('two resizes then garbage in one write: both are answered (200, 200), then the 400, then the close', async () => {
    const r = await exchange(resize(DEMO.servers.web01) + resize(DEMO.servers.api01) + 'GARBAGE\r\n\r\n');
    assert.deepEqual(r.statuses, [200, 200, 400], r.text.slice(0, 600));
    assert.equal([...r.text.matchAll(/"job_id":"ff8080/g)].length, 2, 'each resize answered its job id');
    assert.equal((await live.control('jobs')).jobs.length, 2);
  });

  test('five pipelined GETs then garbage: five answers, then the 400', async () => {
    const get = signedRaw('GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`);
    const r = await exchange(get.repeat(5) + 'GARBAGE\r\n\r\n');
    assert.deepEqual(r.statuses, [200, 200, 200, 200, 200, 400]);
  });
});

describe('slow clients', () => {
  test('a body that stalls after 5 of its 100 bytes is cut off with 408 in the cloud envelope', async () => {
    const head = signedRaw('POST', `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.web01}/resize`, 'x'.repeat(100)).replace(/x{100}$/, '');
    const r = await exchange(head + '{"res', { keepOpenMs: 20_000 });
    assert.deepEqual(r.statuses, [408]);
    assert.ok(r.closedAfterMs < 6_000, `closed after ${r.closedAfterMs} ms (limit 1.5 s, checked every 375 ms)`);
    assert.match(r.text, /"code":"APIGW\.0408"/);
    assert.equal((await live.control('jobs')).jobs.length, 0);
  });
});

describe('headers that must appear once', () => {
  for (const name of ['Host', 'Authorization', 'Content-Type', 'X-Sdk-Date', 'X-Project-Id']) {
    test(`a second ${name} header is refused with 400 and changes nothing`, async () => {
      const req = resize(DEMO.servers.web01).replace('\r\n', `\r\n${name}: second-value\r\n`).replace(/\r\n\r\n/, '\r\nConnection: close\r\n\r\n');
      const r = await exchange(req);
      assert.deepEqual(r.statuses, [400]);
      assert.match(r.text, /appears more than once/);
      assert.equal((await live.control('jobs')).jobs.length, 0);
    });
  }
});

describe('X-Sdk-Date must be a real time', () => {
  const today = sdkDate(Date.now()).slice(0, 9);
  for (const [what, date] of [['second 60', `${today}040560Z`], ['minute 60', `${today}046000Z`], ['hour 24', `${today}240000Z`]] as const) {
    test(`${what} is malformed (APIGW.0301), not merely expired`, async () => {
      const host = `127.0.0.1:${live.port}`;
      const path = `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`;
      const headers = { 'content-type': 'application/json', host, 'x-sdk-date': date, 'x-project-id': DEMO.project };
      const r = await fetch(`${live.endpoint}${path}`, { headers: { ...headers, authorization: sign({ method: 'GET', path, headers, body: '', ak: DEMO.ak, sk: DEMO.sk }) } });
      assert.equal(r.status, 401);
      const json = (await r.json()) as { error_code: string; error_msg: string };
      assert.equal(json.error_code, 'APIGW.0301');
      assert.match(json.error_msg, /X-Sdk-Date is missing or malformed/);
    });
  }

  test('a real time still passes (control case)', async () => {
    assert.equal((await signedSend(live.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`)).status, 200);
  });
});

describe('a request the gateway cannot parse is refused in the envelope of the service it was meant for', () => {
  // Found by the reliability fuzzer (seed 730588221): an empty project id still names VPC's ports.
  for (const [path, shape] of [
    [`/v1/${DEMO.project}/ports`, 'vpc'],
    ['/v1//ports', 'vpc'],
    [`/v1/${DEMO.project}/cloudservers`, 'ecs'],
  ] as const) {
    test(`${path}: both Transfer-Encoding and Content-Length → 400 in ${shape}'s envelope`, async () => {
      const r = await exchange(`GET ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      assert.deepEqual(r.statuses, [400], r.text);
      const json = JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4));
      if (shape === 'vpc') assert.deepEqual(Object.keys(json).sort(), ['code', 'message'], r.text);
      else assert.deepEqual(Object.keys(json), ['error'], r.text);
    });
  }
});
