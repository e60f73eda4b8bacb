// Conflicting writes: many resizes (and power actions, and batch resizes) of the same servers
// at once. Exactly one is accepted per server, the others are refused as busy, and the server
// ends with exactly the accepted change: no lost update, no double application.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { LONG, recordCounts, REL_FLAVORS, relServerId, reliabilityWorld, STOPPED_PREFIX } from './lib/harness.js';

const SERVERS = 8;
const PER_SERVER = LONG ? 24 : 8;
const ROUNDS = LONG ? 6 : 1;
let s: ChildServer;
before(async () => {
  s = await startChildServer({ world: reliabilityWorld(SERVERS), timing: 'manual' });
});
after(() => s.dispose());

const ids = Array.from({ length: SERVERS }, (_, n) => relServerId(STOPPED_PREFIX, n));
const server = async (id: string) => (await signedSend(s.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/cloudservers/${id}`)).json.server;

test(`${PER_SERVER} concurrent conflicting requests per server, ${ROUNDS} round(s): one accepted per server, no lost update`, { timeout: 240_000 }, async () => {
  let inputs = 0;
  let refusals = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const before = new Map<string, string>();
      for (const id of ids) before.set(id, (await server(id)).flavor.id);
      type Attempt = { kind: 'resize' | 'power' | 'batch'; servers: string[]; flavor: string | null };
      const attempts: Attempt[] = [];
      for (const id of ids) {
        for (let k = 0; k < PER_SERVER; k++) {
          const flavor = REL_FLAVORS.filter((f) => f !== before.get(id))[k % (REL_FLAVORS.length - 1)]!;
          if (k % 5 === 4) attempts.push({ kind: 'power', servers: [id], flavor: null });
          else attempts.push({ kind: 'resize', servers: [id], flavor });
        }
      }
      // batches over pairs of servers compete with the single requests for both members
      for (let i = 0; i + 1 < ids.length; i += 2) {
        const f = REL_FLAVORS.find((x) => x !== before.get(ids[i]!) && before.get(ids[i]!) === before.get(ids[i + 1]!));
        if (f) attempts.push({ kind: 'batch', servers: [ids[i]!, ids[i + 1]!], flavor: f });
      }
      attempts.sort(() => Math.random() - 0.5);
      const replies = await Promise.all(
        attempts.map((a) => {
          inputs++;
          if (a.kind === 'resize') return signedSend(s.endpoint, DEMO, 'POST', `/v1.1/${DEMO.project}/cloudservers/${a.servers[0]}/resize`, JSON.stringify({ resize: { flavorRef: a.flavor } }));
          if (a.kind === 'power') return signedSend(s.endpoint, DEMO, 'POST', `/v1/${DEMO.project}/cloudservers/action`, JSON.stringify({ 'os-stop': { servers: [{ id: a.servers[0] }] } }));
          return signedSend(s.endpoint, DEMO, 'POST', `/v1/${DEMO.project}/cloudservers/batch-resize`, JSON.stringify({ resize: { flavorRef: a.flavor, servers: a.servers.map((id) => ({ id })) } }));
        }),
      );
      const owner = new Map<string, Attempt>();
      replies.forEach((r, i) => {
        const a = attempts[i]!;
        if (r.status === 200) {
          for (const id of a.servers) {
            assert.ok(!owner.has(id), `server ${id} was accepted twice (${owner.get(id)?.kind} and ${a.kind})`);
            owner.set(id, a);
          }
        } else {
          assert.ok(r.status === 400 || r.status === 404, `refusal is a 4xx: ${r.status} ${r.text}`);
          refusals++;
        }
      });
      for (const id of ids) assert.ok(owner.has(id), `one request on ${id} was accepted`);
      await fetch(`${s.endpoint}/_specshift/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":60}' });
      for (const id of ids) {
        const srv = await server(id);
        const a = owner.get(id)!;
        assert.equal(srv['OS-EXT-STS:task_state'], null, `${id} is idle again`);
        assert.equal(srv.flavor.id, a.kind === 'power' ? before.get(id) : a.flavor, `${id} carries exactly the accepted change`);
      }
    }
    const jobs = ((await (await fetch(`${s.endpoint}/_specshift/jobs?limit=1000`)).json()) as { jobs: { serverId: string | null; status: string }[] }).jobs;
    assert.ok(jobs.every((j) => j.status === 'SUCCESS'), 'every accepted job succeeded');
    assert.equal(jobs.filter((j) => j.serverId !== null).length, SERVERS * ROUNDS, 'one job per server per round, none lost, none doubled');
  } finally {
    recordCounts('concurrency', { inputs, refusals });
  }
});
