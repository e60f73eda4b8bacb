// The deployment files stay true to the CLI: a node started with exactly the command
// deploy/docker-compose.yml gives (only the database URL, host and port pointed at this machine)
// serves, and the health check the balancers use answers as they expect. Needs DATABASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { packageFile } from '../../src/paths.js';
import { childEnv } from '../helpers/child-server.js';
import { createTestSchema, databaseUrl } from '../store/engines.js';

/** The `command:` array of the first specshift service, as written in the compose file. */
function composeCommand(): string[] {
  const yml = readFileSync(packageFile('deploy', 'docker-compose.yml'), 'utf8');
  const line = yml.split('\n').find((l) => /^\s+command: \["serve"/.test(l));
  assert.ok(line, 'the compose file has a specshift command');
  return JSON.parse(line.slice(line.indexOf('['))) as string[];
}

test('the compose file\'s specshift command starts a node; HAProxy and nginx check what the node serves', { skip: !databaseUrl && 'DATABASE_URL not set' }, async () => {
  const schema = await createTestSchema(databaseUrl!);
  try {
    const args = composeCommand().map((a, i, all) => (all[i - 1] === '--database-url' ? schema.url : all[i - 1] === '--port' ? '0' : all[i - 1] === '--host' ? '127.0.0.1' : a));
    const child = spawn(process.execPath, [packageFile('bin', 'specshift.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr!.on('data', (d) => (err += d));
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /specshift listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const health = await fetch(`${endpoint}/_specshift/health`);
      assert.equal(health.status, 200);
      const haproxy = readFileSync(packageFile('deploy', 'haproxy.cfg'), 'utf8');
      assert.match(haproxy, /option httpchk GET \/_specshift\/health/);
      assert.match(haproxy, /http-check expect status 200/);
      const nginx = readFileSync(packageFile('deploy', 'nginx.conf'), 'utf8');
      assert.match(nginx, /proxy_set_header Host \$http_host;/, 'the signed Host header passes unchanged');
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    await schema.drop();
  }
});
