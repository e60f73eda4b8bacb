// How many messages a PostgreSQL transaction costs (postgres-ops.ts): BEGIN goes with the first
// statement, deferred writes with the next statement or the COMMIT. Driven through a recording
// stand-in for the connection, so no database is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflict } from '../../src/core/model/store.js';
import { PgOps, type Queryable } from '../../src/store/postgres/postgres-ops.js';
import pg from 'pg';
import { inlineParameters, quoteLiteral } from '../../src/store/postgres/sql-literals.js';
import { account, job, server } from './fixtures.js';

/** Records each message; answers a SELECT of a document with `docs`, every other statement with one row changed. */
function recorder(docs: Record<string, unknown> = {}, rowCount = 1) {
  const sent: { text: string; values?: unknown[]; name?: string }[] = [];
  const answer = (text: string) => {
    const m = /FROM (\w+) WHERE id = '([^']*)'|FROM (\w+) WHERE id = \$1/.exec(text);
    const table = m?.[1] ?? m?.[3];
    const doc = table ? docs[table] : undefined;
    const rows = /^\s*SELECT/.test(text) && doc ? [{ doc: JSON.stringify(doc) }] : [];
    return { rows, rowCount, command: /^\s*(\w+)/.exec(text)![1] };
  };
  const db: Queryable = {
    async query(textOrConfig: string | { name: string; text: string; values: unknown[] }, given?: unknown[]) {
      const named = typeof textOrConfig === 'object' ? textOrConfig : null;
      const text = named ? named.text : (textOrConfig as string);
      const values = named ? named.values : given;
      sent.push({ text, ...(values ? { values } : {}), ...(named ? { name: named.name } : {}) });
      const parts = values ? [text] : text.split(';\n');
      const results = parts.map(answer);
      return (results.length === 1 ? results[0] : results) as any;
    },
  };
  return { db, sent };
}

test('a resize-shaped transaction is three messages: BEGIN with the first read, the second read, the writes with COMMIT', async () => {
  const s = server('s1', { version: 4 });
  const { db, sent } = recorder({ servers: s, accounts: account('acc1') });
  const ops = new PgOps(db, true, 'BEGIN ISOLATION LEVEL READ COMMITTED');
  const read = (await ops.getServer('s1'))!;
  assert.equal(read.version, 4);
  await ops.readAccount('acc1');
  await ops.insertJob(job('j1'));
  await ops.updateServer({ ...read, busyJobId: 'j1', version: 5 });
  assert.equal(sent.length, 2, 'the writes wait for the COMMIT');
  assert.equal(await ops.commit(), 'COMMIT');
  assert.equal(sent.length, 3);
  assert.match(sent[0]!.text, /^BEGIN ISOLATION LEVEL READ COMMITTED;\nSELECT doc FROM servers WHERE id = 's1' FOR UPDATE$/);
  assert.equal(sent[0]!.values, undefined);
  assert.deepEqual(sent[1]!.values, ['acc1'], 'with nothing to carry, a statement goes with its parameters');
  assert.match(sent[1]!.name ?? '', /^specshift_\d+$/, 'and a fixed statement goes named (prepared once per connection)');
  assert.equal(sent[0]!.name, undefined, 'a message with literals is never named');
  const last = sent[2]!.text.split(';\n');
  assert.equal(last.length, 3);
  assert.match(last[0]!, /^INSERT INTO jobs .* VALUES \('j1', 'acc1', NULL, 'INIT'/);
  assert.match(last[1]!, /^UPDATE servers SET .* WHERE id = 's1' AND version = '4'$/s);
  assert.equal(last[2], 'COMMIT');
  assert.equal(ops.begun, true);
});

test('a deferred write goes before the next statement, in order, so the read sees it', async () => {
  const { db, sent } = recorder({ jobs: job('j1') });
  const ops = new PgOps(db, true, 'BEGIN');
  await ops.insertJob(job('j1'));
  await ops.getJob('j1');
  assert.equal(sent.length, 1);
  const parts = sent[0]!.text.split(';\n');
  assert.deepEqual(parts.map((p) => p.split(' ')[0]), ['BEGIN', 'INSERT', 'SELECT']);
});

test('an update of a server not read in the transaction is sent at once and its version compared', async () => {
  const { db, sent } = recorder({}, 0);
  const ops = new PgOps(db, true, 'BEGIN');
  await assert.rejects(ops.updateServer({ ...server('s1'), version: 2 }), StoreConflict);
  assert.equal(sent.length, 1);
  assert.match(sent[0]!.text, /^BEGIN;\nUPDATE servers/);
});

test('a body that sends nothing opens and ends no transaction', async () => {
  const { db, sent } = recorder();
  const ops = new PgOps(db, true, 'BEGIN');
  assert.equal(await ops.commit(), null);
  assert.equal(sent.length, 0);
  assert.equal(ops.begun, false);
});

test('outside a transaction nothing is deferred or inlined', async () => {
  const { db, sent } = recorder();
  const ops = new PgOps(db, false, 'BEGIN');
  await ops.insertJob(job('j1'));
  assert.equal(sent.length, 1);
  assert.ok(sent[0]!.values, 'sent with parameters');
});

test('inlineParameters: quoted literals, one pass, refusals', () => {
  assert.equal(inlineParameters('SELECT $1, $2, $3, $4', ["it's", 5, null, true]), `SELECT 'it''s', '5', NULL, 'true'`);
  // pg.escapeLiteral writes E'' (after a space) when there is a backslash, and doubles it
  assert.equal(inlineParameters('SELECT $1', ['a\\b']), "SELECT  E'a\\\\b'");
  assert.equal(inlineParameters('SELECT $1, $2', ['$2', 'x']), `SELECT '$2', 'x'`, 'a placeholder inside a value is not replaced');
  assert.equal(inlineParameters('SELECT $10, $1', Array.from({ length: 10 }, (_, i) => i + 1)), `SELECT '10', '1'`);
  assert.equal(inlineParameters('SELECT $1', [Number.NaN]), null);
  assert.equal(inlineParameters('SELECT $1', [{}]), null);
  assert.equal(inlineParameters('SELECT $2', ['x']), null, 'a placeholder without a value');
});

test('fixed point reads go named, the same name for the same text; texts built from filters go unnamed', async () => {
  const { db, sent } = recorder({ jobs: job('j1'), servers: server('s1') });
  const reads = new PgOps(db, false);
  await reads.getJob('j1');
  await reads.getJob('j2');
  await reads.getServer('s1');
  await reads.listJobs({ accountId: 'acc1', limit: 10 });
  const [a, b, c, d] = sent;
  assert.ok(a!.name);
  assert.equal(b!.name, a!.name, 'one statement, prepared once');
  assert.ok(c!.name && c!.name !== a!.name, 'another text, another name');
  assert.equal(d!.name, undefined);
  // inside a transaction (BEGIN already sent) the locking read is another text: another name
  const inTx = recorder({ jobs: job('j1') });
  const tx = new PgOps(inTx.db, true, null);
  await tx.getJob('j1');
  assert.match(inTx.sent[0]!.text, /FOR UPDATE$/);
  assert.ok(inTx.sent[0]!.name && inTx.sent[0]!.name !== a!.name);
});

test('a job claim outside a transaction (PostgresStore.claimDueJobs) is one named statement', async () => {
  const { db, sent } = recorder();
  await new PgOps(db, false).claimDueJobs('node-a', 1, 2, 1000, 8);
  assert.equal(sent.length, 1);
  assert.match(sent[0]!.text, /^UPDATE jobs SET claimed_by = \$1/);
  assert.ok(sent[0]!.name);
});

test("quoteLiteral answers exactly as pg.escapeLiteral, on hostile and on random strings", () => {
  const hostile = ['', "'", '\\', "''", '\\\\', "a'b\\c", "\\'", "'; DROP TABLE servers; --", 'E\'x\'', '$1', '\uFFFD', '\u{1F600}', 'ünïcødé', JSON.stringify({ name: "o'brien\\x", n: 1 })];
  for (const s of hostile) assert.equal(quoteLiteral(s), pg.escapeLiteral(s), JSON.stringify(s));
  // a fixed seed: the same strings every run
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const alphabet = ["'", '\\', 'a', 'Z', ' ', '"', '$', 'é', '\n', '\u{1F600}', '0'];
  for (let i = 0; i < 2000; i++) {
    const s = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
    assert.equal(quoteLiteral(s), pg.escapeLiteral(s), JSON.stringify(s));
  }
});
