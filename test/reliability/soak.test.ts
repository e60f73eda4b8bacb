// Soak: the real CLI under a steady mixed load (Huawei reads, resizes and start/stop batches,
// Alibaba DescribeInstances and Async ModifyInstanceSpec, AAD and control API reads) from several
// keep-alive clients, with its resident memory (VmRSS) and the load's p99 latency sampled every
// interval. After a warm-up, the last third of the samples must look like the first third: RSS
// flat (its peak within a bound of the first third's peak) and no p99 drift; no reply may be 5xx.
// The figures are printed whatever happens. Sizes: a 12-second smoke in `npm test` (figures only),
// about a minute long, 10 minutes nightly; SPECSHIFT_SOAK_SECONDS chooses the length and
// SPECSHIFT_SOAK_INTERVAL_SECONDS the sampling interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startChildServer } from '../helpers/child-server.js';
import { sdkDate, sign } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { acsDate, signAcs3 } from '../../bench/lib/acs3-signer.js';
import { ACTIVE_PREFIX, prng, recordCounts, REL_FLAVORS, relServerId, reliabilityWorld, SEED, sized, STOPPED_PREFIX } from './lib/harness.js';

const SECONDS = sized('SPECSHIFT_SOAK_SECONDS', { quick: 12, long: 60, nightly: 600 });
const INTERVAL = sized('SPECSHIFT_SOAK_INTERVAL_SECONDS', { quick: 2, long: 5, nightly: 10 });
/** not measured: the JIT, caches and pools settle first */
const WARMUP = Math.min(60, Math.floor(SECONDS / 6));
const CLIENTS = 8;
const PER_STATE = 50;
const ALIYUN_KEY = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001' };
const ALI = Array.from({ length: 20 }, (_, n) => `i-soak${String(n).padStart(12, '0')}`);
/** the bounds: generous, since the machine may be shared; a leak or a slowdown that grows with time still crosses them */
const RSS_SLACK_BYTES = 48 * 1024 * 1024;
const RSS_FACTOR = 1.25;
const P99_FACTOR = 3;
const P99_SLACK_MS = 50;

const vmRss = (pid: number): number => Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const p99 = (xs: number[]): number => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

test(`soak: ${SECONDS} s of mixed load, RSS and p99 every ${INTERVAL} s: RSS flat, no p99 drift, no 5xx`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  const world = reliabilityWorld(PER_STATE) as Record<string, any>;
  world.aliyun.generate_instances = [{ count: ALI.length, id_prefix: 'i-soak', name_prefix: 'soak', account: 'demo', region: 'cn-hangzhou', zone: 'cn-hangzhou-j', instance_type: 'ecs.g6.large', status: 'Stopped' }];
  const s = await startChildServer({ world, timing: 'instant' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const host = `127.0.0.1:${s.port}`;
  const rand = prng(SEED);
  const servers = [...Array.from({ length: PER_STATE }, (_, n) => relServerId(STOPPED_PREFIX, n)), ...Array.from({ length: PER_STATE }, (_, n) => relServerId(ACTIVE_PREFIX, n))];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const call = (method: string, path: string, headers: Record<string, string>, body = ''): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: s.port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const huawei = (method: string, pathAndQuery: string, body = '', global = false) => {
    const [path, query] = pathAndQuery.split('?') as [string, string | undefined];
    const h: Record<string, string> = { host, 'content-type': 'application/json', 'x-sdk-date': sdkDate(Date.now()) };
    if (!global) h['x-project-id'] = DEMO.project;
    h.authorization = sign({ method, path, query: query ?? '', headers: { ...h }, body, ak: DEMO.ak, sk: DEMO.sk });
    return call(method, pathAndQuery, h, body);
  };
  const aliyun = (action: string, params: Record<string, string>) => {
    const signed = signAcs3(ALIYUN_KEY, { action, version: '2014-05-26', params: { RegionId: 'cn-hangzhou', ...params }, host, date: acsDate(Date.now()) });
    return call(signed.method, signed.path, signed.headers);
  };
  const mix: [number, () => Promise<number>][] = [
    [20, () => huawei('GET', `/v1/${DEMO.project}/cloudservers/${pick(servers)}`)],
    [10, () => huawei('GET', `/v1/${DEMO.project}/cloudservers/detail?limit=25`)],
    [15, () => huawei('POST', `/v1.1/${DEMO.project}/cloudservers/${pick(servers)}/resize`, JSON.stringify({ resize: { flavorRef: pick(REL_FLAVORS), mode: 'withStopServer' } }))],
    [8, () => huawei('POST', `/v1/${DEMO.project}/cloudservers/action`, JSON.stringify(rand() < 0.5 ? { 'os-start': { servers: [{ id: pick(servers) }] } } : { 'os-stop': { servers: [{ id: pick(servers) }] } }))],
    [12, () => aliyun('DescribeInstances', { PageSize: '20' })],
    [8, () => aliyun('ModifyInstanceSpec', { InstanceId: pick(ALI), InstanceType: pick(['ecs.g6.large', 'ecs.g6.xlarge', 'ecs.c6.large']), Async: 'true' })],
    [7, () => huawei('GET', '/v2/aad/instances', '', true)],
    [10, () => call('GET', '/_specshift/jobs?limit=20', { host })],
    [10, () => call('GET', '/_specshift/clock', { host })],
  ];
  const total = mix.reduce((t, [w]) => t + w, 0);
  const next = () => {
    let r = rand() * total;
    for (const [w, f] of mix) if ((r -= w) < 0) return f;
    return mix[0]![1];
  };

  let latencies: number[] = [];
  let requests = 0;
  let refusals = 0;
  const fivexx: string[] = [];
  let stop = false;
  const client = async () => {
    while (!stop) {
      const t0 = performance.now();
      const status = await next()();
      latencies.push(performance.now() - t0);
      requests++;
      if (status >= 500) fivexx.push(String(status));
      else if (status >= 400) refusals++;
    }
  };
  const samples: { t: number; rss: number; p99: number; rate: number }[] = [];
  const started = performance.now();
  const clients = Array.from({ length: CLIENTS }, client);
  let lastRequests = 0;
  try {
    await new Promise((r) => setTimeout(r, WARMUP * 1000));
    latencies = [];
    lastRequests = requests;
    const measured = SECONDS - WARMUP;
    for (let t = INTERVAL; t <= measured; t += INTERVAL) {
      await new Promise((r) => setTimeout(r, INTERVAL * 1000));
      assert.ok(s.alive(), `the server died during the soak: ${s.stderr().slice(-2000)}`);
      samples.push({ t: Math.round((performance.now() - started) / 1000), rss: vmRss(s.pid), p99: p99(latencies), rate: (requests - lastRequests) / INTERVAL });
      latencies = [];
      lastRequests = requests;
    }
  } finally {
    stop = true;
    await Promise.allSettled(clients);
    agent.destroy();
    await s.dispose();
  }
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = samples.slice(0, third);
  const last = samples.slice(-third);
  const rssFirst = Math.max(...first.map((x) => x.rss));
  const rssLast = Math.max(...last.map((x) => x.rss));
  const p99First = median(first.map((x) => x.p99));
  const p99Last = median(last.map((x) => x.p99));
  process.stdout.write(
    `reliability soak: ${SECONDS} s (${WARMUP} s warm-up), ${requests} requests from ${CLIENTS} clients, ${fivexx.length} 5xx; every ${INTERVAL} s [t s, RSS MB, p99 ms, req/s]: ` +
      samples.map((x) => `[${x.t}, ${mb(x.rss)}, ${x.p99.toFixed(1)}, ${x.rate.toFixed(0)}]`).join(' ') +
      `; RSS peak first third ${mb(rssFirst)} MB, last third ${mb(rssLast)} MB; p99 median first third ${p99First.toFixed(1)} ms, last third ${p99Last.toFixed(1)} ms\n`,
  );
  recordCounts('soak', { requests, refusals, figures: `${SECONDS} s, RSS peak ${mb(rssFirst)} -> ${mb(rssLast)} MB, p99 ${p99First.toFixed(1)} -> ${p99Last.toFixed(1)} ms (first third -> last third), ${fivexx.length} 5xx` });
  assert.deepEqual(fivexx, [], 'no reply is 5xx');
  assert.ok(samples.length > 0 && samples.every((x) => x.rate > 0), 'the load ran in every interval');
  // a smoke run is too short for thirds to mean anything: figures only
  if (samples.length >= 6) {
    assert.ok(rssLast <= rssFirst * RSS_FACTOR + RSS_SLACK_BYTES, `RSS is flat: last third's peak ${mb(rssLast)} MB is within ${RSS_FACTOR}x + ${mb(RSS_SLACK_BYTES)} MB of the first third's ${mb(rssFirst)} MB`);
    assert.ok(p99Last <= p99First * P99_FACTOR + P99_SLACK_MS, `no p99 drift: last third's ${p99Last.toFixed(1)} ms is within ${P99_FACTOR}x + ${P99_SLACK_MS} ms of the first third's ${p99First.toFixed(1)} ms`);
  }
});
