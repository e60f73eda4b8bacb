import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldStartOnce } from '../lib/cold-start.js';
const dir = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'cs-')), 'd');
const r = [];
for (let i = 0; i < 8; i++) r.push((await coldStartOnce({ dataDir: dir })).ms);
console.log(r.map((x) => x.toFixed(0)).join(' '));
