// Rewrites the README's list of served operations from the providers' operation tables (run after
// `npm run build`; test/cli/operations-doc.test.ts fails while the README's copy is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { operationsMarkdown, README_END, README_START } from '../dist/src/cli/operations-doc.js';
import { PROVIDERS } from '../dist/src/server/providers.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(README_START);
const end = readme.indexOf(README_END);
if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} block`);
writeFileSync(file, readme.slice(0, start + README_START.length) + '\n\n' + operationsMarkdown(PROVIDERS) + '\n' + readme.slice(end));
