// Dependencies point one way (docs/architecture.md): a folder never imports a folder above it, a
// provider service never imports another service (only its cloud's shared/), and a cloud never
// imports another cloud. Read from the sources' import statements, so a new upward import fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Layers, lowest first: a file may import its own layer's folder or any layer below. */
const RANK: Record<string, number> = { 'paths.ts': 0, core: 0, store: 1, jobs: 1, world: 1, control: 2, providers: 3, server: 4, cli: 5, harness: 5, 'index.ts': 6, 'bundle-choice.ts': 0, 'package-entry.ts': 7, 'bundle-entry.ts': 7 };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) out.push(relative(SRC, resolve(dirname(file), spec)).split(sep).join('/').replace(/\.js$/, '.ts'));
  }
  return out;
}

/** What may `from` (a path under src/) import as `to`? Null when allowed, else why not. */
export function violation(from: string, to: string): string | null {
  const [fromTop] = from.split('/');
  const [toTop] = to.split('/');
  const fromRank = RANK[fromTop!];
  const toRank = RANK[toTop!];
  if (fromRank === undefined) return `${from} is in no known layer`;
  if (toRank === undefined) return `${to} is in no known layer`;
  if (toRank > fromRank) return `${fromTop} (layer ${fromRank}) imports ${toTop} (layer ${toRank})`;
  if (fromTop === 'providers' && toTop === 'providers') {
    // providers/<cloud>/<service>/..., providers/<cloud>/<file>.ts, providers/<file>.ts
    const [, fromCloud, fromService] = from.split('/');
    const [, toCloud, toService] = to.split('/');
    if (toCloud!.endsWith('.ts')) return null; // the plugin interface, shared by all
    if (fromCloud!.endsWith('.ts')) return `${from} (the plugin interface) imports a provider`;
    if (fromCloud !== toCloud) return `${fromCloud} imports another cloud (${toCloud})`;
    const fromIsService = !fromService!.endsWith('.ts') && fromService !== 'shared';
    const toIsService = !toService!.endsWith('.ts') && toService !== 'shared';
    if (fromService === 'shared' && (toIsService || toService!.endsWith('.ts'))) return `${fromCloud}/shared imports ${to}`;
    if (fromIsService && toService!.endsWith('.ts')) return `${fromCloud}/${fromService} imports its cloud's plugin file ${to}`;
    if (fromIsService && toIsService && fromService !== toService) return `${fromCloud}/${fromService} imports another service (${toService})`;
  }
  return null;
}

test('no folder imports a folder above it; services import only their cloud\'s shared code', () => {
  const found: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file).split(sep).join('/');
    for (const to of importsOf(file)) {
      const why = violation(from, to);
      if (why) found.push(`${from} -> ${to}: ${why}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the check itself refuses what it should', () => {
  assert.match(violation('core/errors.ts', 'store/sqlite/sqlite-store.ts') ?? '', /layer/);
  assert.match(violation('providers/huawei/ecs/ecs-service.ts', 'server/create-server.ts') ?? '', /layer/);
  assert.match(violation('providers/huawei/bss/bss-plugin.ts', 'providers/huawei/ecs/ecs-service.ts') ?? '', /another service/);
  assert.match(violation('providers/aliyun/ecs/ecs-service.ts', 'providers/huawei/shared/huawei-ids.ts') ?? '', /another cloud/);
  assert.match(violation('providers/huawei/shared/huawei-auth.ts', 'providers/huawei/ecs/ecs-env.ts') ?? '', /shared imports/);
  assert.equal(violation('providers/huawei/ecs/ecs-plugin.ts', 'providers/huawei/shared/huawei-auth.ts'), null);
  assert.equal(violation('providers/aliyun/aliyun-rpc-plugin.ts', 'providers/aliyun/ecs/ecs-jobs.ts'), null);
  assert.equal(violation('server/providers.ts', 'providers/huawei/ecs/ecs-plugin.ts'), null);
});
