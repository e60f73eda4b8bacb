// specshift serve runs with the same node flags wherever this package writes node's command line:
// npm start, the container image, and the test helpers and bench that start it as a child process
// (SERVER_NODE_FLAGS). A V8 flag such as --no-parallel-scavenge only takes effect on node's command
// line, so each of them has to carry it. The installed command (bin/specshift.js, npx) keeps a
// plain `#!/usr/bin/env node`: flags in a shebang need `env -S`, which BusyBox's env (Alpine, the
// node:alpine images) and the BSDs' do not have, and the command would not start there at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../src/paths.js';
import { SERVER_NODE_FLAGS } from '../helpers/child-server.js';

test('the flags are the same in npm start, the Dockerfile and the test helpers', () => {
  assert.ok(SERVER_NODE_FLAGS.includes('--no-parallel-scavenge'));
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
  assert.equal(pkg.scripts.start, ['node', ...SERVER_NODE_FLAGS, 'bin/specshift.js', 'serve'].join(' '));
  const entrypoint = readFileSync(packageFile('Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  assert.ok(entrypoint);
  assert.deepEqual(JSON.parse(entrypoint.slice('ENTRYPOINT '.length)), ['node', ...SERVER_NODE_FLAGS, pkg.bin.specshift]);
});

test('the installed command starts with a plain `#!/usr/bin/env node`, which every env can run', () => {
  const first = readFileSync(packageFile('bin', 'specshift.js'), 'utf8').split('\n')[0];
  assert.equal(first, '#!/usr/bin/env node');
});
