// The bench's measuring instruments as pure functions: the ratios and spreads of the yardstick
// (bench/lib/yardstick.ts) and the CPU profile summary (bench/lib/cpuprofile.ts), on hand-made
// inputs whose answers are known. The bench itself runs too long for a test; these keep its
// arithmetic honest.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { frameStage, summarise, type CpuProfile } from '../../bench/lib/cpuprofile.js';
import { BARE_REQUEST, quantile, ratiosBetween, spreadOf } from '../../bench/lib/yardstick.js';
import { startBareServer, startFastifyFloor } from '../../bench/lib/processes.js';
import { stagesSummary } from '../../bench/scenarios/stages.js';

describe('yardstick', () => {
  test('each run is divided by the mean of the bare runs around it', () => {
    assert.deepEqual(ratiosBetween([100, 300], [1000, 1000, 2000]), [0.1, 0.2]);
    assert.throws(() => ratiosBetween([100, 300], [1000, 1000]), /3 bare runs/);
  });

  test('spread: median, extremes and quartiles by linear interpolation', () => {
    assert.deepEqual(spreadOf([5, 1, 4, 2, 3]), { median: 3, min: 1, max: 5, q1: 2, q3: 4 });
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile([7], 0.25), 7);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});

const FILE = 'file:///opt/specshift/dist/src';
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 9, columnNumber: 0 }, children });

/**
 * root ─ (idle)
 *      ├ parserOnIncoming (node:_http_server) ─ verifySignature (sdk-hmac-sha256) ─ digest (native)
 *      ├ getServer (sqlite-store) ─ get (native, better-sqlite3)
 *      ├ writevGeneric (node:internal/stream_base_commons) ─ writev (native)
 *      └ (garbage collector)
 */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 3, 6, 8, 10]),
    frame(2, '(idle)', ''),
    frame(3, 'parserOnIncoming', 'node:_http_server', [4]),
    frame(4, 'verifySignature', `${FILE}/providers/huawei/shared/sdk-hmac-sha256.js`, [5]),
    frame(5, 'digest', ''),
    frame(6, 'getServer', `${FILE}/store/sqlite/sqlite-store.js`, [7]),
    frame(7, 'get', ''),
    frame(8, 'writevGeneric', 'node:internal/stream_base_commons', [9]),
    frame(9, 'writev', ''),
    frame(10, '(garbage collector)', ''),
  ],
  startTime: 1_000,
  endTime: 2_000,
  // sample i lasts until sample i + 1: 100 µs each, the last one nothing
  samples: [5, 5, 7, 7, 7, 9, 3, 10, 2, 2, 2],
  timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('cpu profile summary', () => {
  test('native frames take their caller\'s stage; node modules and V8 pseudo-frames have their own', () => {
    const s = summarise(PROFILE);
    const by = Object.fromEntries(s.byStage.map((x) => [x.stage, x.us]));
    assert.equal(by['signature/crypto'], 200);
    assert.equal(by['store/sqlite'], 300);
    assert.equal(by['socket read/write'], 100);
    assert.equal(by['http/node (parser, request and response objects)'], 100);
    assert.equal(by.GC, 100);
    assert.equal(by.idle, 200); // the last sample has no successor: 0 µs
    assert.equal(s.windowUs, 1_000);
    assert.equal(s.busyUs, 800);
    assert.equal(s.samples, 11);
  });

  test('top functions by self time, idle left out, each with its stage', () => {
    const top = summarise(PROFILE).topFunctions;
    assert.deepEqual(top[0], { functionName: 'get', where: '(native)', selfUs: 300, stage: 'store/sqlite' });
    assert.equal(top[1]!.functionName, 'digest');
    assert.ok(!top.some((f) => f.functionName === '(idle)'));
  });

  test('a window keeps only the samples taken inside it', () => {
    // samples at 1000, 1100, ..., 2000: [1200, 1500) holds the three store samples
    const s = summarise(PROFILE, { from: 1_200, to: 1_500 });
    assert.equal(s.windowed, true);
    assert.deepEqual(s.byStage, [{ stage: 'store/sqlite', us: 300 }]);
    // a window that misses the profile falls back to all of it, and says so
    assert.equal(summarise(PROFILE, { from: 5_000, to: 6_000 }).windowed, false);
  });

  test('files are told apart by path', () => {
    const f = (url: string) => frameStage({ functionName: 'f', url, lineNumber: 0, columnNumber: 0 });
    assert.equal(f(`${FILE}/providers/huawei/ecs/rules/resize-rules.js`), 'rules');
    assert.equal(f(`${FILE}/providers/huawei/ecs/ecs-render.js`), 'render');
    assert.equal(f(`${FILE}/jobs/job-engine.js`), 'job engine');
    assert.equal(f(`${FILE}/server/request-recorder.js`), 'request log');
    assert.equal(f(`${FILE}/providers/huawei/ecs/ecs-service.js`), 'specshift: operation and service (other)');
    assert.equal(f('file:///opt/specshift/node_modules/fastify/lib/reply.js'), 'http/fastify (routing, hooks, reply)');
    assert.equal(f('file:///opt/specshift/node_modules/pino/lib/proto.js'), 'log/pino');
    assert.equal(f(''), undefined);
  });
});

describe('reference servers', () => {
  test('the framework floor answers the bare request as the bare server does', async () => {
    const servers = [await startBareServer(), await startFastifyFloor()];
    try {
      const answers = [];
      for (const s of servers) {
        const [r] = BARE_REQUEST;
        const res = await fetch(s.url + r!.path, { method: r!.method, headers: r!.headers, body: r!.body });
        answers.push({ status: res.status, type: res.headers.get('content-type'), body: await res.text() });
      }
      assert.deepEqual(answers[1], answers[0]);
      assert.equal(answers[0]!.status, 200);
    } finally {
      for (const s of servers) await s.stop();
    }
  });

  test('the stage summary says what specshift costs beyond the framework floor', () => {
    const lines = stagesSummary([{ kind: 'stage', stage: 'rules: x', us: 1 }] as never, { rps: 5000, cpuUs: 150, title: 'resize' }, undefined, { ratio: 0.98, cpuUs: 32, bareCpuUs: 31 });
    const line = lines.find((l) => l.startsWith('the framework floor'));
    assert.ok(line, lines.join('\n'));
    assert.match(line, /0\.98 of bare at 32 µs .*the bare server 31.*of the resize's 150 µs, 118 are specshift's own work/);
    assert.equal(stagesSummary([] as never, { rps: 5000, cpuUs: 150, title: 'resize' }).some((l) => l.startsWith('the framework floor')), false);
  });
});
