// The copy-paste snippet of docs/aliyun.md works as printed: it is taken from the page (the block
// after `<!-- snippet: aliyun-modify-spec -->`) and run with node against a live demo-world server.
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

function snippet(name: string): string {
  const page = readFileSync(join(root, 'docs', 'aliyun.md'), 'utf8');
  const m = new RegExp(`<!-- snippet: ${name} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(page);
  assert.ok(m, `docs/aliyun.md has the ${name} snippet`);
  return m[1]!;
}

test('the Alibaba snippet changes web-01\'s type and web-02\'s bandwidth, then shows the refusal', async () => {
  const live = await startLiveServer({ timing: 'realistic' });
  try {
    // --input-type=module -e resolves packages from the working directory, as a file in it would
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', snippet('aliyun-modify-spec')], {
      env: { ...process.env, SPECSHIFT_ENDPOINT: live.endpoint },
      cwd: root,
    });
    assert.match(stdout, /^web-01 Stopped ecs\.g6\.xlarge 5$/m);
    assert.match(stdout, /^web-02 Running ecs\.g6\.large 20$/m);
    assert.match(stdout, /^400 InvalidInstanceStatus\.NotStopped [0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/m);
  } finally {
    await live.close();
  }
});
