// The PostgreSQL engine end to end: live specshift nodes sharing one database, driven by the official
// Huawei SDK. Skipped without DATABASE_URL; each test uses a schema of its own.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timing } from '../../src/core/clock.js';
import { createServer, type RunningServer } from '../../src/server/create-server.js';
import { attempt, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';
import { DEMO } from '../helpers/demo.js';
import { createTestSchema, databaseUrl, type TestSchema } from './engines.js';

interface Node {
  server: RunningServer;
  endpoint: string;
  client: any;
  control(path: string, body: unknown): Promise<any>;
}

async function startNode(url: string, timing: Timing): Promise<Node> {
  // dataDir is not used when a database URL is given
  const server = await createServer({ dataDir: 'unused', databaseUrl: url, timing, logLevel: 'silent' });
  const endpoint = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    server,
    endpoint,
    client: ecsClient(endpoint, DEMO.ak, DEMO.sk, DEMO.project),
    async control(path, body) {
      const res = await fetch(`${endpoint}/_specshift/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return res.json();
    },
  };
}

const resize = (client: any, id: string, flavor: string) =>
  client.resizeServer(
    new ecsSdk.ResizeServerRequest().withServerId(id).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef(flavor))),
  );
const showJob = (client: any, id: string) => client.showJob(new ecsSdk.ShowJobRequest().withJobId(id));
const showServer = async (client: any, id: string) => (await client.showServer(new ecsSdk.ShowServerRequest().withServerId(id))).server;

describe('specshift on PostgreSQL, through the Huawei SDK', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  const schemas: TestSchema[] = [];
  const nodes: Node[] = [];
  const stopAll = async () => {
    for (const n of nodes.splice(0)) await n.server.close();
  };
  const freshSchema = async () => {
    const s = await createTestSchema(databaseUrl!);
    schemas.push(s);
    return s;
  };

  afterEach(stopAll);
  after(async () => {
    for (const s of schemas.splice(0)) await s.drop();
  });

  test('a resize runs to SUCCESS, and a restarted node finds it there', async () => {
    const schema = await freshSchema();
    const node = await startNode(schema.url, 'instant');
    nodes.push(node);
    const r = await resize(node.client, DEMO.servers.web01, 's6.xlarge.2');
    assert.equal(r.httpStatusCode, 200);
    await node.control('jobs/settle', {});
    const job = await showJob(node.client, r.job_id);
    assert.equal(job.status, 'SUCCESS');
    assert.equal(job.entities.server_id, DEMO.servers.web01);
    assert.equal((await showServer(node.client, DEMO.servers.web01)).flavor.id, 's6.xlarge.2');

    await stopAll();
    const again = await startNode(schema.url, 'instant');
    nodes.push(again);
    assert.equal((await showJob(again.client, r.job_id)).status, 'SUCCESS');
    assert.equal((await showServer(again.client, DEMO.servers.web01)).flavor.id, 's6.xlarge.2');
  });

  test('two nodes started together on an empty database, asked at once to resize the same server, accept exactly one', async () => {
    const schema = await freshSchema();
    // the manual clock holds the accepted job at INIT, so the second request meets a busy server
    const [a, b] = await Promise.all([startNode(schema.url, 'manual'), startNode(schema.url, 'manual')]);
    nodes.push(a, b);
    const [ra, rb] = await Promise.all([
      attempt(() => resize(a.client, DEMO.servers.web01, 's6.xlarge.2')),
      attempt(() => resize(b.client, DEMO.servers.web01, 's6.xlarge.2')),
    ]);
    const accepted = [ra, rb].filter((r) => r.ok);
    const refused = [ra, rb].filter((r) => !r.ok) as { ok: false; error: any }[];
    assert.equal(accepted.length, 1, 'exactly one resize is accepted');
    assert.equal(refused[0]!.error.errorCode, 'Ecs.0100', refused[0]!.error.errorMsg);
    const jobId = (accepted[0] as { ok: true; value: any }).value.job_id as string;

    // each node has its own virtual clock; moving either past the job's steps runs it, once
    await a.control('clock/advance', { seconds: 30 });
    await b.control('clock/advance', { seconds: 30 });
    for (const n of [a, b]) {
      assert.equal((await showJob(n.client, jobId)).status, 'SUCCESS');
      assert.equal((await showServer(n.client, DEMO.servers.web01)).flavor.id, 's6.xlarge.2');
    }
  });
});
