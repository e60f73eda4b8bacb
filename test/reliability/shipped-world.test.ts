// The server loads the shipped demo world without validating it at start (a first start saves the
// ~90 ms of loading Ajv and compiling the schema): this test is the validation it relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../src/paths.js';
import { validateWorld } from '../../src/world/load-world.js';

test('the shipped demo world satisfies schema/world.schema.json (the server trusts it at start)', () => {
  const demo = JSON.parse(readFileSync(packageFile('data', 'demo-world.json'), 'utf8')) as unknown;
  assert.doesNotThrow(() => validateWorld(demo));
});
