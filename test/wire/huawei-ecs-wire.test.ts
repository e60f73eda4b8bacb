// Golden requests and replies for Huawei ECS: the exact JSON, headers and statuses on the wire,
// and every kind of bad input answered in Huawei's own envelope with nothing written.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { send, signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const web01 = DEMO.servers.web01;
const resizePath = (server = web01) => `/v1.1/${DEMO.project}/cloudservers/${server}/resize`;
const call = (method: string, path: string, body?: string | Buffer) => signedSend(live.endpoint, DEMO, method, path, body ?? '');

async function stateUnchanged() {
  assert.equal((await live.control('jobs')).jobs.length, 0, 'no job written');
  const s = await call('GET', `/v1/${DEMO.project}/cloudservers/${web01}`);
  assert.equal(s.json.server.flavor.id, 's6.large.2');
  assert.equal(s.json.server['OS-EXT-STS:task_state'], null);
}

describe('golden replies', () => {
  test('resize: 200 {"job_id"} with X-Request-Id, then ShowJob through its states', async () => {
    const r = await call('POST', resizePath(), JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } }));
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'] as string, /^application\/json/);
    assert.match(r.headers['x-request-id'] as string, /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(r.json), ['job_id']);
    const jobId = r.json.job_id as string;
    const init = await call('GET', `/v1/${DEMO.project}/jobs/${jobId}`);
    assert.deepEqual({ ...init.json, begin_time: 'T' }, {
      job_id: jobId,
      job_type: 'resizeServer',
      status: 'INIT',
      begin_time: 'T',
      end_time: '',
      error_code: null,
      fail_reason: null,
      entities: { server_id: web01 },
    });
    await live.control('clock/advance', { ms: 600 });
    const running = await call('GET', `/v1/${DEMO.project}/jobs/${jobId}`);
    assert.equal(running.json.status, 'RUNNING');
    const during = await call('GET', `/v1/${DEMO.project}/cloudservers/${web01}`);
    assert.equal(during.json.server.status, 'RESIZE');
    assert.equal(during.json.server['OS-EXT-STS:task_state'], 'resize_prep');
    assert.equal(during.json.server.flavor.id, 's6.large.2', 'the flavor changes only with SUCCESS');
    await live.control('clock/advance', { seconds: 10 });
    const done = await call('GET', `/v1/${DEMO.project}/jobs/${jobId}`);
    assert.equal(done.json.status, 'SUCCESS');
    assert.ok(Date.parse(done.json.end_time) - Date.parse(done.json.begin_time) >= 3000, 'realistic durations on the virtual clock');
  });

  test('server detail has the documented field types (flavor sizes as strings in v1)', async () => {
    const r = await call('GET', `/v1/${DEMO.project}/cloudservers/${web01}`);
    const s = r.json.server;
    assert.deepEqual(s.flavor, { id: 's6.large.2', name: 's6.large.2', vcpus: '2', ram: '4096', disk: '0', gpus: [], asic_accelerators: [] });
    assert.equal(s.status, 'SHUTOFF');
    assert.equal(s['OS-EXT-STS:vm_state'], 'stopped');
    assert.equal(s['OS-EXT-STS:power_state'], 4);
    assert.equal(s['OS-EXT-AZ:availability_zone'], 'cn-north-4a');
    assert.equal(s.metadata.charging_mode, '0');
    assert.equal(s.metadata.os_type, 'Linux');
    assert.deepEqual(s.tags, ['app=web']);
    assert.equal(s.locked, false);
    assert.equal(s.enterprise_project_id, '0');
    assert.match(s.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('a missing server: 404 {"error":{"code":"Ecs.0114","message"}}', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await call('GET', `/v1/${DEMO.project}/cloudservers/${missing}`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, { error: { code: 'Ecs.0114', message: `The ECS ${missing} does not exist.` } });
  });

  test('an unknown job: 400 Common.0011', async () => {
    const r = await call('GET', `/v1/${DEMO.project}/jobs/ff808081000000000000000000000000`);
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'Common.0011');
  });

  test('an unknown path or method: 404 APIGW.0101 in the gateway envelope', async () => {
    for (const [m, p] of [['GET', `/v1/${DEMO.project}/cloudservers/${web01}/nothing`], ['DELETE', resizePath()], ['GET', '/v9/x'], ['PATCH', `/v1/${DEMO.project}/jobs/x`]] as const) {
      const r = await call(m, p);
      assert.equal(r.status, 404, `${m} ${p}`);
      assert.equal(r.json.error_code, 'APIGW.0101');
      assert.equal(r.json.request_id, r.headers['x-request-id']);
    }
  });
});

describe('bad input: Huawei envelope, 4xx, nothing written', () => {
  const cases: [string, string | Buffer, number, string][] = [
    ['malformed JSON', '{"resize": {"flavorRef": "s6.xlarge.2"', 400, 'Ecs.0005'],
    ['empty body', '', 400, 'Common.0002'],
    ['whitespace body', '   ', 400, 'Common.0002'],
    ['JSON null', 'null', 400, 'Ecs.0005'],
    ['an array', '[1,2]', 400, 'Ecs.0005'],
    ['resize missing', '{"dry_run": false}', 400, 'Ecs.0005'],
    ['flavorRef missing', '{"resize": {}}', 400, 'Ecs.0005'],
    ['flavorRef a number', '{"resize": {"flavorRef": 12}}', 400, 'Ecs.0005'],
    ['flavorRef empty', '{"resize": {"flavorRef": ""}}', 400, 'Ecs.0005'],
    ['flavorRef too long', JSON.stringify({ resize: { flavorRef: 'x'.repeat(500) } }), 400, 'Ecs.0005'],
    ['flavorRef SQL', JSON.stringify({ resize: { flavorRef: "s6.large.2' OR '1'='1" } }), 400, 'Ecs.0005'],
    ['unknown field', '{"resize": {"flavorRef": "s6.xlarge.2", "colour": "red"}}', 400, 'Ecs.0005'],
    ['unknown top-level field', '{"resize": {"flavorRef": "s6.xlarge.2"}, "x": 1}', 400, 'Ecs.0005'],
    ['dry_run a string', '{"resize": {"flavorRef": "s6.xlarge.2"}, "dry_run": "true"}', 400, 'Ecs.0005'],
    ['isAutoPay a boolean', '{"resize": {"flavorRef": "s6.xlarge.2", "extendparam": {"isAutoPay": true}}}', 400, 'Ecs.0005'],
    ['mode unknown', '{"resize": {"flavorRef": "s6.xlarge.2", "mode": "now"}}', 400, 'Ecs.0005'],
    ['cpu threads 3', '{"resize": {"flavorRef": "s6.xlarge.2", "cpu_options": {"hw:cpu_threads": 3}}}', 400, 'Ecs.0005'],
    ['cpu threads a string', '{"resize": {"flavorRef": "s6.xlarge.2", "cpu_options": {"hw:cpu_threads": "1"}}}', 400, 'Ecs.0005'],
    ['__proto__ key', '{"resize": {"flavorRef": "s6.xlarge.2", "__proto__": {"x": 1}}}', 400, 'Ecs.0005'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400, 'Ecs.0005'],
    ['deeply nested', '{"resize":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 400, 'Ecs.0005'],
  ];
  for (const [name, body, status, code] of cases) {
    test(name, async () => {
      const r = await call('POST', resizePath(), body);
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.deepEqual(Object.keys(r.json), ['error']);
      assert.equal(r.json.error.code, code);
      assert.equal(typeof r.json.error.message, 'string');
      await stateUnchanged();
    });
  }

  test('an oversized body is refused before it is read whole', async () => {
    const big = JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' }, pad: 'x'.repeat(2 * 1024 * 1024) });
    const r = await send(live.endpoint, 'POST', resizePath(), { 'content-type': 'application/json' }, big);
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'Ecs.0005');
    await stateUnchanged();
  });

  test('bad query parameters are 400, not 500', async () => {
    for (const q of ['limit=abc', 'limit=0', 'limit=5000', 'offset=-1', 'status=BOGUS', 'tags=novalue']) {
      const r = await call('GET', `/v1/${DEMO.project}/cloudservers/detail?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.code, 'Ecs.0005', q);
    }
  });
});
