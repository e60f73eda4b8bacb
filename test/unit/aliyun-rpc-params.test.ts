// Hostile parameter values meet typed readers (rpc-params.ts) and the rate limiter: every bad value
// is an Alibaba refusal naming the parameter, never a crash or a silently accepted value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AliyunFailure } from '../../src/providers/aliyun/shared/aliyun-errors.js';
import { RpcParams } from '../../src/providers/aliyun/shared/rpc-params.js';
import { FixedWindowLimiter } from '../../src/providers/aliyun/shared/rate-limiter.js';
import { aliyunRequestId } from '../../src/providers/aliyun/shared/rpc-envelope.js';

const P = (o: Record<string, string>) => new RpcParams(Object.fromEntries(Object.entries(o)));

function refusal(fn: () => unknown, code: string, message?: string): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AliyunFailure, String(e));
    assert.equal(e.code, code);
    if (message) assert.equal(e.message, message);
    return;
  }
  assert.fail(`expected ${code}`);
}

test('strings: absent and empty are undefined; too long is InvalidParameter; required is MissingParameter', () => {
  const p = P({ A: 'x', Empty: '', Long: 'y'.repeat(65) });
  assert.equal(p.str('A'), 'x');
  assert.equal(p.str('Empty'), undefined);
  assert.equal(p.str('Nope'), undefined);
  refusal(() => p.str('Long', 64), 'InvalidParameter', 'The specified parameter "Long" is not valid.');
  refusal(() => p.required('Nope'), 'MissingParameter', 'The input parameter "Nope" that is mandatory for processing this request is not supplied.');
  // inherited names are not parameters
  assert.equal(P({}).str('toString'), undefined);
  assert.equal(P({}).str('__proto__'), undefined);
});

test('integers: digits only, in range, at most 15 digits', () => {
  const range = { min: 0, max: 100 };
  assert.equal(P({ N: '42' }).int('N', range), 42);
  assert.equal(P({ N: '-0' }).int('N', { min: -1, max: 1 }), -0);
  for (const bad of ['4.2', '1e2', '0x10', ' 5', '5 ', '+5', 'NaN', 'Infinity', '9'.repeat(16), '']) {
    if (bad === '') continue;
    refusal(() => P({ N: bad }).int('N', range), 'InvalidParameter');
  }
  refusal(() => P({ N: '101' }).int('N', range), 'InvalidParameter');
  refusal(() => P({ N: '101' }).int('N', { ...range, outOfRange: 'InvalidParameter.Bandwidth' }), 'InvalidParameter.Bandwidth');
});

test('decimals, booleans, enumerations', () => {
  assert.equal(P({ M: '0.5' }).decimal('M', 0, 10), 0.5);
  refusal(() => P({ M: '0.1234567' }).decimal('M', 0, 10), 'InvalidParameter');
  assert.equal(P({ B: 'true' }).bool('B'), true);
  assert.equal(P({ B: 'FALSE' }).bool('B'), false);
  refusal(() => P({ B: 'yes' }).bool('B'), 'InvalidParameter');
  refusal(() => P({ B: '1' }).bool('B', 'InvalidParam.Async'), 'InvalidParam.Async');
  assert.equal(P({ E: 'b' }).oneOf('E', ['a', 'b']), 'b');
  refusal(() => P({ E: 'B' }).oneOf('E', ['a', 'b'], 'InvalidStatus.NotFound'), 'InvalidStatus.NotFound');
});

test('repeat lists: 1-based, in index order, bounded', () => {
  assert.deepEqual(P({ 'Id.2': 'b', 'Id.1': 'a', 'Id.10': 'j', 'Idx.1': 'no', 'Id.x': 'no' }).list('Id', 10), ['a', 'b', 'j']);
  refusal(() => P({ 'Id.11': 'k' }).list('Id', 10), 'InvalidParameter', 'The specified parameter "Id.11" is not valid.');
  refusal(() => P({ 'Id.0': 'k' }).list('Id', 10), 'InvalidParameter');
  refusal(() => P({ 'Id.99999999': 'k' }).list('Id', 10), 'InvalidParameter');
});

test('tags: a value without its key is InvalidTag.Mismatch', () => {
  assert.deepEqual(P({ 'Tag.1.Key': 'a', 'Tag.1.Value': 'x', 'Tag.2.Key': 'b' }).tags(20), [
    { key: 'a', value: 'x' },
    { key: 'b', value: undefined },
  ]);
  refusal(() => P({ 'Tag.1.Value': 'x' }).tags(20), 'InvalidTag.Mismatch');
  refusal(() => P({ 'Tag.21.Key': 'x' }).tags(20), 'InvalidParameter');
});

test('JSON array text: strings only, bounded', () => {
  assert.deepEqual(P({ Ids: '["i-a","i-b"]' }).jsonStringArray('Ids', 100), ['i-a', 'i-b']);
  assert.deepEqual(P({ Ids: '[]' }).jsonStringArray('Ids', 100), []);
  for (const bad of ['i-a', '["i-a",', '{"0":"i-a"}', '[1]', '[""]', '[null]', `["${'x'.repeat(129)}"]`, '"i-a"']) {
    refusal(() => P({ Ids: bad }).jsonStringArray('Ids', 100), 'InvalidParameter');
  }
  refusal(() => P({ Ids: JSON.stringify(['a', 'b', 'c']) }).jsonStringArray('Ids', 2), 'InvalidParameter');
});

test('fingerprints ignore order and the named parameters', () => {
  const a = P({ A: '1', B: '2', ClientToken: 't1' }).fingerprint(['ClientToken']);
  const b = new RpcParams({ B: '2', ClientToken: 't2', A: '1' }).fingerprint(['ClientToken']);
  assert.equal(a, b);
  assert.notEqual(a, P({ A: '1', B: '3' }).fingerprint(['ClientToken']));
});

test('rate limiter: fixed windows per key; refused calls are not counted', () => {
  const l = new FixedWindowLimiter();
  const limit = { calls: 2, periodMs: 1000 };
  assert.deepEqual(l.take('k', limit, 0), { allowed: true });
  assert.deepEqual(l.take('k', limit, 10), { allowed: true });
  assert.deepEqual(l.take('k', limit, 400), { allowed: false, retryAfterMs: 600 });
  assert.deepEqual(l.take('other', limit, 400), { allowed: true });
  assert.deepEqual(l.take('k', limit, 1000), { allowed: true });
  assert.deepEqual(l.take('k', { calls: 0, periodMs: 1000 }, 1000), { allowed: false, retryAfterMs: 1000 });
  l.clear();
  assert.deepEqual(l.take('k', limit, 1001), { allowed: true });
});

test('request ids: specshift\'s 32 hex digits in Alibaba\'s upper-case UUID layout', () => {
  assert.equal(aliyunRequestId('0123456789abcdef0123456789abcdef'), '01234567-89AB-CDEF-0123-456789ABCDEF');
  assert.equal(aliyunRequestId('req-1'), 'req-1');
});
