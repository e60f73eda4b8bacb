import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < p.samples.length; i++) { let id = p.samples[i]; const seen = new Set(); while (id !== undefined) { const n = byId.get(id); const k = `${n.callFrame.functionName} ${n.callFrame.url.replace(/.*node_modules\//,'nm/').replace(/.*\/dist\//,'dist/')}:${n.callFrame.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (p.timeDeltas[i] ?? 0)); } id = parent.get(id); } }
const re = new RegExp(process.argv[3] ?? 'dist/');
for (const [k,v] of [...incl].filter(([k]) => re.test(k)).sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[4] ?? 40))) console.log((v/1000).toFixed(1).padStart(8), k);
