// `npm run test:memory`: the SDK, flow and wire suites again, every live server on the in-memory
// store (SPECSHIFT_TEST_STORE=memory, test/helpers/live-server.ts) instead of a data directory.
// Files that restart a server or name a data directory test what only a directory keeps: left out.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = [];
for (const dir of ['sdk', 'flows', 'wire']) {
  for (const f of readdirSync(join(root, 'dist', 'test', dir)).sort()) {
    if (!f.endsWith('.test.js')) continue;
    const text = readFileSync(join(root, 'dist', 'test', dir, f), 'utf8');
    if (/\.restart\(\)|dataDir/.test(text)) continue;
    files.push(join('dist', 'test', dir, f));
  }
}
process.stdout.write(`in-memory store: ${files.length} test files\n`);
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { cwd: root, stdio: 'inherit', env: { ...process.env, SPECSHIFT_TEST_STORE: 'memory' } });
process.exit(r.status ?? 1);
