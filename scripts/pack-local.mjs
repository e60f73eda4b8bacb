// `npm run pack:local`: packs the built package (no second build: --ignore-scripts) into
// dist/pack/specshift.tgz, the name the runner examples under examples/ install from
// ("specshift": "file:../../dist/pack/specshift.tgz").
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'pack');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [packed] = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }));
renameSync(join(out, packed.filename), join(out, 'specshift.tgz'));
process.stdout.write(`${join(out, 'specshift.tgz')} (${packed.entryCount} files, ${Math.round(packed.size / 1024)} KiB)\n`);
