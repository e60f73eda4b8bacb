// A node killed with SIGKILL while it steps jobs (issue 12): its claims run out and another node
// finishes every job, each step exactly once. Per cycle: ten stop jobs accepted through all three
// nodes, the clock advanced through node 0, node 0 killed a random few milliseconds into stepping
// them, the clock advanced through node 1; then every job must be SUCCESS, every server SHUTOFF,
// and every server's row version exactly what one accept and two steps write. Needs DATABASE_URL.
// Cycles: 3 in `npm test`, 100 under `npm run test:reliability`, SPECSHIFT_MULTINODE_CYCLES to choose.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidFrom } from '../../src/core/derived-ids.js';
import { databaseUrl } from '../store/engines.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { clusterWorld, control, RUNNING_PREFIX, startCluster, type Cluster } from '../multinode/cluster.js';
import { LONG, prng, recordCounts, SEED } from './lib/harness.js';

const CYCLES = Number(process.env.SPECSHIFT_MULTINODE_CYCLES ?? (LONG ? 100 : 3));
const SERVERS = 10;
const ids = Array.from({ length: SERVERS }, (_, n) => uuidFrom(`server/demo/${RUNNING_PREFIX}/${n}`));

let c: Cluster | undefined;
let cycles = 0;
before(async () => {
  if (databaseUrl) c = await startCluster(databaseUrl, { timing: 'manual', perState: SERVERS });
});
after(async () => {
  await c?.dispose();
  if (databaseUrl) recordCounts('multinode-crash', { cycles });
});

test(`a node killed while stepping jobs: another finishes each job, each step once (${CYCLES} cycles)`, { skip: !databaseUrl && 'DATABASE_URL not set', timeout: 60_000 + CYCLES * 20_000 }, async () => {
  const random = prng(SEED);
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const where = `cycle ${cycle} (seed ${SEED})`;
    const nodes = c!.nodes;
    await control(nodes[1]!, 'world', clusterWorld(SERVERS));
    const jobs: string[] = [];
    for (const [k, id] of ids.entries()) {
      const r = await signedSend(nodes[k % 3]!.endpoint, DEMO, 'POST', `/v1/${DEMO.project}/cloudservers/action`, JSON.stringify({ 'os-stop': { servers: [{ id }] } }));
      assert.equal(r.status, 200, `${where}: ${r.text}`);
      jobs.push(r.json.job_id);
    }
    // node 0 starts stepping them and dies somewhere in the middle
    const advancing = control(nodes[0]!, 'clock/advance', { seconds: 10 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
    await nodes[0]!.kill9();
    await advancing;
    // the survivors finish: whatever node 0 had claimed comes free when its lease runs out
    await control(nodes[1]!, 'clock/advance', { seconds: 10 });
    for (const jobId of jobs) {
      const r = await signedSend(nodes[2]!.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/jobs/${jobId}`);
      assert.equal(r.json.status, 'SUCCESS', `${where}: job ${jobId} is ${r.json.status} (lost or stuck)`);
    }
    const rows = await c!.sql<{ id: string; doc: string }>('SELECT id, doc FROM servers WHERE id = ANY($1)', [ids]);
    for (const row of rows) {
      const s = JSON.parse(row.doc) as { vmState: string; version: number; busyJobId: string | null };
      assert.deepEqual([s.vmState, s.busyJobId], ['stopped', null], `${where}: server ${row.id}`);
      // loaded at 1, +1 when the stop was accepted, +1 per step (powering, done): a step run twice shows
      assert.equal(s.version, 4, `${where}: server ${row.id} was written ${s.version - 1} times, not 3`);
    }
    await c!.restart(0);
    cycles++;
  }
});
