// The README lists every served operation, generated from the operation tables: a row added to a
// table and not to the README fails here (fix: npm run docs:operations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { operationsMarkdown, README_END, README_START } from '../../src/cli/operations-doc.js';
import { PROVIDERS } from '../../src/server/providers.js';
import { packageFile } from '../../src/paths.js';

test('the README lists exactly the operations the providers serve', () => {
  const readme = readFileSync(packageFile('README.md'), 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  assert.ok(start >= 0 && end > start, 'README.md has the generated operations block');
  assert.equal(readme.slice(start + README_START.length, end).trim(), operationsMarkdown(PROVIDERS).trim(), 'run npm run docs:operations');
});

test('every operation has a name, and no two rows of a cloud share one', () => {
  const seen = new Set<string>();
  for (const op of PROVIDERS.flatMap((p) => p.operations)) {
    assert.match(op.name, /^[A-Z][A-Za-z0-9/]+$/);
    const key = `${op.cloud}/${op.service}/${op.name}`;
    assert.ok(!seen.has(key), `${key} is listed twice`);
    seen.add(key);
  }
});
