// The WorldFile types (src/harness/world-file.generated.ts) are what scripts/world-types.mjs makes
// of schema/world.schema.json today, and they agree with the schema: worlds the types accept, the
// schema accepts; worlds the types reject (@ts-expect-error: the build fails if they were
// accepted), the schema rejects too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorldFile } from '../../src/index.js';
import { validateWorld } from '../../src/world/load-world.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the generated types are current with the schema', async () => {
  const { generate, OUT } = (await import(join(root, 'scripts', 'world-types.mjs'))) as { generate(schema: unknown): string; OUT: string };
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'world.schema.json'), 'utf8')) as unknown;
  assert.equal(readFileSync(join(root, OUT), 'utf8'), generate(schema), 'run npm run build (scripts/world-types.mjs) after changing the schema');
});

const accepted: WorldFile[] = [
  { accounts: [] },
  {
    accounts: [
      { name: 'p', kind: 'partner', balance: '10.50' },
      { name: 'c', kind: 'partner_customer', partner: 'p', can_pay: false, users: [{ name: 'u', password: 'pw' }], projects: [{ region: 'cn-north-4' }] },
    ],
    huawei: {
      regions: [{ id: 'cn-north-4', zones: ['cn-north-4a'] }],
      flavor_availability: { 's6.large.2': { az: { 'cn-north-4a': 'sellout' } } },
      servers: [{ account: 'c', region: 'cn-north-4', flavor: 's6.large.2', status: 'ACTIVE', billing: 'prepaid', tags: { app: 'web' } }],
      generate_servers: [{ count: 3, account: 'c', region: 'cn-north-4', flavor: 's6.large.2' }],
    },
    aliyun: {
      regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-h', stock: { 'ecs.g6.large': 'WithoutStock', 'ecs.g6.xlarge': 3 } }] }],
      rate_limits: { ModifyInstanceSpec: { calls: 10, period_seconds: 60 } },
    },
  },
];

/** Only a WorldFile passes: the lines below would not compile without their @ts-expect-error. */
const typed = (w: WorldFile): unknown => w;

const rejected: unknown[] = [
  // @ts-expect-error: accounts is required
  typed({}),
  // @ts-expect-error: not an account kind
  typed({ accounts: [{ name: 'x', kind: 'weird' }] }),
  // @ts-expect-error: an account without a name
  typed({ accounts: [{ balance: '1.00' }] }),
  // @ts-expect-error: a field the schema does not know
  typed({ accounts: [{ name: 'x', colour: 'blue' }] }),
  // @ts-expect-error: a server status the schema does not list
  typed({ accounts: [{ name: 'x' }], huawei: { servers: [{ account: 'x', region: 'r', flavor: 'f', status: 'RUNNING' }] } }),
  // @ts-expect-error: stock is a state or a count
  typed({ accounts: [], aliyun: { regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-h', stock: { 'ecs.g6.large': true } }] }] } }),
];

test('worlds the types accept, the schema accepts', () => {
  for (const w of accepted) assert.doesNotThrow(() => validateWorld(w), JSON.stringify(w));
});

test('worlds the types reject, the schema rejects', () => {
  for (const w of rejected) assert.throws(() => validateWorld(w), /world file/, JSON.stringify(w));
});
