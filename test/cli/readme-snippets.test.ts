// The README's copy-paste snippets work as printed: each fenced block after a
// `<!-- snippet: NAME -->` marker is run against a live server, and must equal examples/NAME.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startLiveServer } from '../helpers/live-server.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

function snippets(): Map<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const out = new Map<string, string>();
  const re = /<!-- snippet: ([a-z0-9-]+) -->\s*```[a-z]*\n([\s\S]*?)```/g;
  for (let m = re.exec(readme); m; m = re.exec(readme)) out.set(m[1]!, m[2]!);
  return out;
}

test('every README snippet is the example file it names, verbatim', () => {
  const found = snippets();
  assert.ok(found.size >= 1, 'the README marks its snippets');
  for (const [name, code] of found) {
    assert.equal(code, readFileSync(join(root, 'examples', `${name}.mjs`), 'utf8'), `README snippet ${name} drifted from examples/${name}.mjs`);
  }
});

test('the Huawei resize snippet resizes web-01 and polls its job to SUCCESS', async () => {
  const live = await startLiveServer({ timing: 'instant' });
  try {
    const { stdout } = await run(process.execPath, [join(root, 'examples', 'huawei-resize.mjs')], { env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint }, cwd: root });
    assert.match(stdout, /^job ff8080[0-9a-f]{26}$/m);
    assert.match(stdout, /^SUCCESS$/m);
    assert.match(stdout, /^web-01 SHUTOFF s6\.xlarge\.2$/m);
  } finally {
    await live.close();
  }
});

test('the batch snippet pays the order and the job reaches SUCCESS', async () => {
  const live = await startLiveServer({ timing: 'instant' });
  try {
    const { stdout } = await run(process.execPath, [join(root, 'examples', 'huawei-batch-pay.mjs')], { env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint }, cwd: root });
    assert.match(stdout, /^job ff8080[0-9a-f]{26} order CS\d{10}[A-Z0-9]{5}$/m);
    assert.match(stdout, /^PENDING_PAYMENT$/m);
    assert.match(stdout, /^SUCCESS a0c1e2f3-0004-4a5b-8c6d-000000000004:SUCCESS$/m);
  } finally {
    await live.close();
  }
});

test('the AAD snippet upgrades the demo instance and shows the refusal', async () => {
  const live = await startLiveServer({ timing: 'instant' });
  try {
    const { stdout } = await run(process.execPath, [join(root, 'examples', 'aad-upgrade.mjs')], { env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint }, cwd: root });
    assert.match(stdout, /^order CS\d{10}[A-Z0-9]{5}$/m);
    assert.match(stdout, /^30 200$/m);
    assert.match(stdout, /^400 AAD\.10010003 [0-9a-f]{32}$/m);
  } finally {
    await live.close();
  }
});
