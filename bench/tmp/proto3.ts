import { spawn } from 'node:child_process';
import { runLoad } from '../lib/load.js';
const c = spawn(process.execPath, [...(process.argv[2] ? ['--cpu-prof', '--cpu-prof-dir=bench/tmp/profb'] : []), 'dist/bench/tmp/bare.js'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((r) => c.stdout!.on('data', (d) => r(/(http:\S+)/.exec(String(d))![1]!)));
const reqs = [{ method: 'GET', path: '/v1/x/jobs/y', headers: { 'x-sdk-date': '20240101T000000Z', authorization: 'SDK-HMAC-SHA256 Access=AAAAAAAAAAAAAAAA, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=' + 'a'.repeat(64) } }];
const p = await runLoad({ url, requests: reqs, connections: Number(process.env.CONN ?? 10), amount: 100000 });
console.log(JSON.stringify(p));
c.kill('SIGINT'); await new Promise((r) => c.once('exit', r));
