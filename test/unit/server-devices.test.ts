// Derived disk and port ids (providers/huawei/shared/server-devices.ts): distinct, uuid-shaped, and
// leading back to their server from the id alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidFrom } from '../../src/core/derived-ids.js';
import { deviceId, deviceOwnerCandidates, MAX_NICS, MAX_VOLUMES } from '../../src/providers/huawei/shared/server-devices.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a derived id keeps the uuid shape and leads back to its server and position', () => {
  const servers = ['a0c1e2f3-0001-4a5b-8c6d-000000000001', ...Array.from({ length: 200 }, (_, i) => uuidFrom(`server/acme/load/${i}`))];
  const ids = new Set<string>();
  for (const s of servers) {
    for (const [kind, n] of [['volume', MAX_VOLUMES], ['port', MAX_NICS]] as const) {
      for (let k = 0; k < n; k++) {
        const id = deviceId(s, kind, k);
        assert.match(id, UUID);
        ids.add(id);
        assert.deepEqual(deviceOwnerCandidates(id, kind)[k], [s, k]);
      }
    }
  }
  assert.equal(ids.size, servers.length * (MAX_VOLUMES + MAX_NICS), 'no two devices share an id');
  assert.ok(!servers.some((s) => ids.has(s)), 'no device id is a server id');
  assert.deepEqual(deviceOwnerCandidates('not-a-uuid', 'port'), []);
});

test('derived ids are the ones earlier releases derived, before and after the memo fills and clears', async () => {
  const { hex32 } = await import('../../src/core/derived-ids.js');
  const s = 'a0c1e2f3-0001-4a5b-8c6d-000000000001';
  // computed by the implementation before the memo and the byte-wise xor (a world's ids must not move)
  const pinned = () => {
    assert.equal(deviceId(s, 'volume', 0), '586c224e-a802-445a-84be-3995943fa822');
    assert.equal(deviceId(s, 'port', 0), '6b02d557-b2d4-4802-8a14-050e2e611d6a');
    assert.equal(deviceId(s, 'volume', 23), 'ee3e5347-49e0-4a7b-8b8d-a71e2c88113c');
    assert.equal(deviceId(s, 'port', 11), '5d9cd007-fc6d-46d2-83af-866030cb0598');
    assert.equal(deviceId(s.toUpperCase(), 'port', 11), '5d9cd007-fc6d-46d2-83af-866030cb0598', 'the server id is read lower-case');
    assert.equal(deviceId('web-01', 'volume', 1), 'bc326f4c-8177-4ca3-98ec-224f4dffc516', 'a server id that is no uuid derives by seed');
    assert.equal(uuidFrom('vpc/p1'), 'bc22cc54-4e57-4765-b8fb-514880080efe');
    assert.equal(hex32('x'), '2d711642b726b04401627ca9fbac32f5');
  };
  pinned();
  // more seeds than the memo holds: it clears, and derives the same ids again
  const first = Array.from({ length: 5000 }, (_, i) => uuidFrom(`seed/${i}`));
  assert.equal(new Set(first).size, first.length);
  pinned();
  assert.deepEqual(Array.from({ length: 5000 }, (_, i) => uuidFrom(`seed/${i}`)), first);
});
