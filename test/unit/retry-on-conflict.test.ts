// retryOnConflict (core/retry.ts): a transaction PostgreSQL aborted (StoreConflict: a lost race, a
// deadlock) runs again; still losing after three retries, the caller gets resource.busy, which
// every service renders as its cloud's "being operated" refusal; any other error passes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryOnConflict } from '../../src/core/retry.js';
import { StoreConflict } from '../../src/core/model/store.js';
import { DomainError } from '../../src/core/errors.js';

test('a conflict is retried and the retry\'s result returned', async () => {
  let calls = 0;
  const v = await retryOnConflict(async () => {
    if (++calls < 3) throw new StoreConflict('order o-1');
    return 'paid';
  }, 'busy');
  assert.equal(v, 'paid');
  assert.equal(calls, 3);
});

test('four conflicts in a row are resource.busy with the message given', async () => {
  let calls = 0;
  await assert.rejects(
    retryOnConflict(async () => {
      calls++;
      throw new StoreConflict('order o-1');
    }, 'The order is being processed by another request.'),
    (err: unknown) => err instanceof DomainError && err.reason === 'resource.busy' && err.message === 'The order is being processed by another request.',
  );
  assert.equal(calls, 4);
});

test('any other failure is not retried', async () => {
  let calls = 0;
  await assert.rejects(
    retryOnConflict(async () => {
      calls++;
      throw new Error('refused by a rule');
    }, 'busy'),
    /refused by a rule/,
  );
  assert.equal(calls, 1);
});
