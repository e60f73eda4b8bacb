// A restart loses nothing (foundation item 6): jobs resume where they were, the world is not
// reloaded over live state, and no change is applied twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());

const client = () => ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
const resize = (id: string, flavor: string, mode?: string) => {
  const o = new ecsSdk.ResizePrePaidServerOption().withFlavorRef(flavor);
  if (mode) o.withMode(mode);
  return client().resizeServer(new ecsSdk.ResizeServerRequest().withServerId(id).withBody(new ecsSdk.ResizeServerRequestBody().withResize(o)));
};
const job = (id: string) => client().showJob(new ecsSdk.ShowJobRequest().withJobId(id));
const server = async (id: string) => (await client().showServer(new ecsSdk.ShowServerRequest().withServerId(id))).server;

test('jobs accepted, interrupted mid-way by a restart, finish exactly once', async () => {
  const a = await resize(DEMO.servers.web01, 's6.xlarge.2');
  const b = await resize(DEMO.servers.web02, 's6.xlarge.2', 'withStopServer');
  await live.control('clock/advance', { ms: 600 });
  assert.equal((await job(a.job_id)).status, 'RUNNING');
  assert.equal((await server(DEMO.servers.web02))['OS-EXT-STS:task_state'], 'powering-off');

  await live.restart();
  // state survived: still mid-job, the world was not reloaded over it
  assert.equal((await job(a.job_id)).status, 'RUNNING');
  assert.equal((await server(DEMO.servers.web01)).status, 'RESIZE');

  await live.control('clock/advance', { seconds: 30 });
  assert.equal((await job(a.job_id)).status, 'SUCCESS');
  assert.equal((await job(b.job_id)).status, 'SUCCESS');
  assert.equal((await server(DEMO.servers.web01)).flavor.id, 's6.xlarge.2');
  const web02 = await server(DEMO.servers.web02);
  assert.equal(web02.flavor.id, 's6.xlarge.2');
  assert.equal(web02.status, 'ACTIVE');

  await live.restart();
  const jobs = (await live.control('jobs')).jobs;
  assert.equal(jobs.length, 2, 'no job was duplicated');
  assert.ok(jobs.every((j: any) => j.status === 'SUCCESS'));
  assert.equal((await server(DEMO.servers.web01)).flavor.id, 's6.xlarge.2');
});

test('the virtual clock survives a restart', async () => {
  const before = (await live.control('clock')).epoch_ms;
  await live.control('clock/advance', { seconds: 5 });
  await live.restart();
  assert.equal((await live.control('clock')).epoch_ms, before + 5000);
});
