// The address filters are turned into id endings: a server matches an ending exactly when its
// derived address matches the filter. Checked against the direct comparison over random ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { idSuffixesForIp, serverIp } from '../../src/providers/huawei/shared/server-ip.js';

const uuid = fc.uuid().map((u) => u.toLowerCase());
const matches = (prefixes: string[] | null, id: string) => prefixes === null || prefixes.some((p) => id.endsWith(p));

test('ip_eq: the prefixes select exactly the servers with that address', () => {
  fc.assert(
    fc.property(uuid, uuid, (a, b) => {
      const prefixes = idSuffixesForIp(serverIp(a), true);
      assert.ok(matches(prefixes, a));
      assert.equal(matches(prefixes, b), serverIp(b) === serverIp(a));
    }),
    { numRuns: 300 },
  );
});

test('ip (fuzzy): the prefixes select exactly the servers whose address contains the fragment', () => {
  const fragment = fc.oneof(fc.stringMatching(/^[0-9.]{1,6}$/), fc.constantFrom('192.168.', '.1', '10', '25', '2.2'));
  fc.assert(
    fc.property(fragment, fc.array(uuid, { minLength: 20, maxLength: 20 }), (f, ids) => {
      const prefixes = idSuffixesForIp(f, false);
      for (const id of ids) assert.equal(matches(prefixes, id), serverIp(id).includes(f), `${f} / ${serverIp(id)}`);
    }),
    { numRuns: 200 },
  );
});

test('every address matches: no filter; nothing matches: no prefix', () => {
  assert.equal(idSuffixesForIp('168.', false), null);
  assert.deepEqual(idSuffixesForIp('10.0.0.1', true), []);
  assert.deepEqual(idSuffixesForIp('x', false), []);
  assert.deepEqual(idSuffixesForIp('192.168.10.7', true), ['050a']);
  assert.equal(serverIp('a0c1e2f3-0001-4a5b-8c6d-00000000050a'), '192.168.10.7');
});
