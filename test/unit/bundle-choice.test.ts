// Which of the bundle and the compiled sources serves `import 'specshift'` (src/bundle-choice.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleServes } from '../../src/bundle-choice.js';

test('a checkout serves the bundle only when it is at least as new as the sources', () => {
  assert.equal(bundleServes({ bundle: 2000, sources: 1000, checkout: true }, {}), true);
  assert.equal(bundleServes({ bundle: 1000, sources: 1000, checkout: true }, {}), true);
  assert.equal(bundleServes({ bundle: 999, sources: 1000, checkout: true }, {}), false);
});

test('an installed package serves its bundle whatever the modification times', () => {
  assert.equal(bundleServes({ bundle: 1, sources: 1000, checkout: false }, {}), true);
});

test('no bundle, or SPECSHIFT_NO_BUNDLE=1: the sources', () => {
  assert.equal(bundleServes({ bundle: -1, sources: 1000, checkout: false }, {}), false);
  assert.equal(bundleServes({ bundle: 2000, sources: 1000, checkout: false }, { SPECSHIFT_NO_BUNDLE: '1' }), false);
  assert.equal(bundleServes({ bundle: 2000, sources: 1000, checkout: false }, { SPECSHIFT_NO_BUNDLE: '0' }), true);
});
