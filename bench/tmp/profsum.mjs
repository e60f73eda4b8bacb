import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; const samples = p.samples;
for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i]); const k = process.argv[3]==='fn' ? `${n.callFrame.functionName} ${n.callFrame.url.replace(/.*node_modules\//,'nm/').replace(/.*\/dist\//,'dist/')}:${n.callFrame.lineNumber}` : (n.callFrame.url.replace(/.*node_modules\/(@[^/]+\/)?([^/]+)\/.*/,'nm:$1$2').replace(/.*\/dist\//,'dist/') || n.callFrame.functionName); self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); }
const tot = [...self.values()].reduce((a,b)=>a+b,0);
console.log('total ms', (tot/1000).toFixed(1));
for (const [k,v] of [...self].sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[4] ?? 25))) console.log((v/1000).toFixed(1).padStart(8), k);
