// The package as `npm pack` makes it, for the package tests: its file list, the tarball, and an
// empty project (an npm workspace holding the runner examples) that installs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** `npm pack` without running the build again (--ignore-scripts): the files of the built tree. */
export function pack(destination?: string): PackResult {
  const args = ['pack', '--ignore-scripts', '--json', ...(destination ? ['--pack-destination', destination] : ['--dry-run'])];
  return (JSON.parse(execFileSync(npm, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as PackResult[])[0]!;
}

export const packageJson = (): Record<string, any> => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The runner examples (examples/<dir>/package.json). */
export const RUNNER_EXAMPLES = ['node-test', 'vitest', 'jest'];

/**
 * An empty project in `dir`: the README snippets' SDKs and the packed specshift as its own
 * dependencies, and the runner examples as workspaces whose `specshift` is the same tarball. One
 * install builds better-sqlite3's addon once for all of them.
 */
export function makeProject(dir: string, tarball: string): void {
  const devDeps = packageJson().devDependencies as Record<string, string>;
  const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, devDeps[n]!]));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'specshift-consumer',
        private: true,
        type: 'module',
        workspaces: RUNNER_EXAMPLES,
        dependencies: {
          specshift: `file:${tarball}`,
          ...pick(['@huaweicloud/huaweicloud-sdk-core', '@huaweicloud/huaweicloud-sdk-ecs', '@alicloud/ecs20140526', '@alicloud/openapi-client', 'uuid']),
        },
        // npm 11: better-sqlite3 builds its addon; the tarball's own prepare never runs
        allowScripts: { 'better-sqlite3': true, esbuild: true, specshift: false },
      },
      null,
      2,
    ),
  );
  for (const ex of RUNNER_EXAMPLES) {
    const from = join(root, 'examples', ex);
    cpSync(from, join(dir, ex), { recursive: true, filter: (src) => !/node_modules|[/\\]dist$/.test(src) });
    const pj = JSON.parse(readFileSync(join(dir, ex, 'package.json'), 'utf8'));
    pj.devDependencies.specshift = `file:${tarball}`;
    delete pj.allowScripts; // only the project root's counts in a workspace
    writeFileSync(join(dir, ex, 'package.json'), JSON.stringify(pj, null, 2));
  }
  mkdirSync(join(dir, 'snippets'));
  for (const f of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.mjs'))) cpSync(join(root, 'examples', f), join(dir, 'snippets', f));
}

/** npm install from the machine's npm cache where it can (this machine reaches only the npm registry). */
export function install(dir: string): { status: number | null; output: string } {
  const r = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8', timeout: 15 * 60_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** The COPY sources (not --from a stage), ENTRYPOINT and CMD of a Dockerfile. */
export function dockerfile(text: string): { copies: string[]; entrypoint: string[]; cmd: string[]; lines: string[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const copies: string[] = [];
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  for (const l of lines) {
    const [instr, ...rest] = l.split(/\s+/);
    if (instr === 'COPY' && !rest.some((r) => r.startsWith('--from'))) copies.push(...rest.filter((r) => !r.startsWith('--')).slice(0, -1));
    if (instr === 'ENTRYPOINT') entrypoint = JSON.parse(l.slice('ENTRYPOINT'.length)) as string[];
    if (instr === 'CMD') cmd = JSON.parse(l.slice('CMD'.length)) as string[];
  }
  return { copies, entrypoint, cmd, lines };
}
