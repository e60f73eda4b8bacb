// The README's copy-paste snippets work as printed: each fenced block after a
// `<!-- snippet: NAME -->` marker (in the README or a page of docs/) must equal examples/NAME.mjs,
// and every example is run against a live server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startLiveServer } from '../helpers/live-server.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

function snippets(page: string): Map<string, string> {
  const text = readFileSync(join(root, page), 'utf8');
  const out = new Map<string, string>();
  const re = /<!-- snippet: ([a-z0-9-]+) -->\s*```[a-z]*\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1]!, m[2]!);
  return out;
}

test('every README and docs snippet is the example file it names, verbatim', () => {
  const readme = snippets('README.md');
  for (const name of ['huawei-resize', 'huawei-batch-pay', 'aad-upgrade', 'aliyun-modify-spec']) assert.ok(readme.has(name), `the README shows ${name}`);
  const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)];
  for (const page of pages) {
    for (const [name, code] of snippets(page)) {
      assert.equal(code, readFileSync(join(root, 'examples', `${name}.mjs`), 'utf8'), `${page} snippet ${name} drifted from examples/${name}.mjs`);
    }
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

test('the Alibaba snippet changes web-01\'s type and web-02\'s bandwidth, then shows the refusal', async () => {
  const live = await startLiveServer({ timing: 'realistic' });
  try {
    const { stdout } = await run(process.execPath, [join(root, 'examples', 'aliyun-modify-spec.mjs')], { env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint }, cwd: root });
    assert.match(stdout, /^web-01 Stopped ecs\.g6\.xlarge 5$/m);
    assert.match(stdout, /^web-02 Running ecs\.g6\.large 20$/m);
    assert.match(stdout, /^400 InvalidInstanceStatus\.NotStopped [0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/m);
  } finally {
    await live.close();
  }
});
