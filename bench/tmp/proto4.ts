// usage: proto4 <dataDir-or-new> <servers> <mode resize|poll> <prof?>
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer } from '../../test/helpers/child-server.js';
import { DEMO } from '../../test/helpers/demo.js';
import { benchServerId, writeBenchWorld } from '../lib/world-gen.js';
import { sdkDate, signHuawei } from '../lib/huawei-signer.js';
import { runLoad } from '../lib/load.js';
const [dir, nS, mode, prof, offS] = process.argv.slice(2);
const n = Number(nS);
let wf: string | undefined;
if (!existsSync(join(dir!, 'data'))) { (await import('node:fs')).mkdirSync(dir!, { recursive: true }); wf = writeBenchWorld(join(dir!, 'w.json'), n); }
const s = await startChildServer({ dataDir: join(dir!, 'data'), worldFile: wf, timing: 'manual', startTimeoutMs: 600000, nodeArgs: prof ? ['--cpu-prof', '--cpu-prof-dir=bench/tmp/prof4'] : [] });
const host = new URL(s.endpoint).host;
const date = sdkDate(Date.now());
const off = Number(offS ?? 0);
if (mode === 'resize') {
  const body = JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } });
  const reqs = Array.from({ length: 20000 }, (_, i) => signHuawei(DEMO, { method: 'POST', path: `/v1.1/${DEMO.project}/cloudservers/${benchServerId(off + i)}/resize`, host, project: DEMO.project, body, date }));
  const r = await runLoad({ url: s.endpoint, requests: reqs, connections: Number(process.env.CONN ?? 10) });
  console.log('resize', JSON.stringify(r), 'hwm', s.peakRssBytes()! / 1e6);
} else {
  const jobs = (await (await fetch(`${s.endpoint}/_specshift/jobs?limit=1000`)).json() as any).jobs.map((j: any) => j.id);
  const polls = jobs.map((id: string) => signHuawei(DEMO, { method: 'GET', path: `/v1/${DEMO.project}/jobs/${id}`, host, project: DEMO.project, date }));
  const p = await runLoad({ url: s.endpoint, requests: polls, connections: Number(process.env.CONN ?? 10), amount: 50000 });
  console.log('poll', JSON.stringify(p), 'hwm', s.peakRssBytes()! / 1e6);
}
await s.stop();
