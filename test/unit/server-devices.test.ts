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
