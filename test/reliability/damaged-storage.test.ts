// Damaged storage (issue 13): a data directory whose database was emptied, replaced or corrupted,
// or whose write-ahead log was deleted, zeroed or cut after a crash, is never started as a new
// world and never silently loses acknowledged changes: the start is refused, naming what was found,
// and --reset discards it. Each case through the real CLI, as a user meets it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { recordCounts } from './lib/harness.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
let cases = 0;
after(() => recordCounts('damaged-storage', { cycles: cases }));

const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'specshift-damage-'));
  dirs.push(d);
  return d;
};
const db = (dir: string) => join(dir, 'specshift.db');
const wal = (dir: string) => join(dir, 'specshift.db-wal');

/** A running server on `dir` that has acknowledged a change (a resize job). */
async function withAcknowledgedChange(dir: string): Promise<ChildServer> {
  const s = await startChildServer({ dataDir: dir, timing: 'manual' });
  const r = await signedSend(s.endpoint, DEMO, 'POST', `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.web01}/resize`, JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } }));
  assert.equal(r.status, 200, r.text);
  return s;
}

/** Starting on `dir` fails, and stderr says the directory is damaged and why. */
async function refused(dir: string, finding: RegExp): Promise<void> {
  cases++;
  await assert.rejects(startChildServer({ dataDir: dir, timing: 'manual' }), (err: Error) => {
    assert.match(err.message, /exited during start/);
    assert.match(err.message, /is damaged/);
    assert.match(err.message, finding);
    assert.match(err.message, /--reset/);
    return true;
  });
}

/** --reset discards the damage and serves a fresh demo world. */
async function resetWorks(dir: string): Promise<void> {
  const s = await startChildServer({ dataDir: dir, timing: 'manual', reset: true });
  try {
    const r = await signedSend(s.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.web01}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.server.flavor.id, 's6.large.2');
  } finally {
    await s.stop();
  }
}

describe('after a clean stop', () => {
  test('an emptied specshift.db is refused (never re-seeded), and --reset starts afresh', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).stop();
    truncateSync(db(dir), 0);
    await refused(dir, /holds none/);
    await resetWorks(dir);
  });

  test('a deleted specshift.db is refused too', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).stop();
    unlinkSync(db(dir));
    await refused(dir, /holds none/);
  });

  test('a stored record that no longer parses names the database and the damage', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).stop();
    const bytes = readFileSync(db(dir));
    // the demo account's document, read at every start: break its JSON, not SQLite's pages
    const at = bytes.indexOf(Buffer.from('"name":"demo","kind"'));
    assert.ok(at > 0, 'the account document is in the checkpointed database');
    bytes[at] = '#'.charCodeAt(0);
    writeFileSync(db(dir), bytes);
    await refused(dir, /not valid JSON/);
  });

  test('a corrupt page (a b-tree page overwritten) is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).stop();
    const bytes = readFileSync(db(dir));
    // every page after the first: garbage where SQLite expects its page headers
    for (let page = 4096; page < bytes.length; page += 4096) bytes.fill(0xa5, page, page + 16);
    writeFileSync(db(dir), bytes);
    await refused(dir, /not a readable database|integrity|not valid JSON|malformed/);
  });
});

describe('after a kill -9 (the write-ahead log holds acknowledged changes)', () => {
  test('control: an intact log is recovered and the acknowledged change is there', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    const s = await startChildServer({ dataDir: dir, timing: 'manual' });
    try {
      const jobs = (await (await fetch(`${s.endpoint}/_specshift/jobs`)).json()) as { jobs: unknown[] };
      assert.equal(jobs.jobs.length, 1);
    } finally {
      await s.stop();
    }
  });

  test('a deleted log is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    unlinkSync(wal(dir));
    await refused(dir, /write-ahead log .* is gone/);
    await resetWorks(dir);
  });

  test('a zeroed log is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    writeFileSync(wal(dir), Buffer.alloc(statSync(wal(dir)).size));
    await refused(dir, /no valid header/);
  });

  test('a log cut in half is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    const size = statSync(wal(dir)).size;
    // half, moved off any frame boundary a crash could leave (whole frames, or whole frames and a frame header)
    let cut = Math.floor(size / 2);
    while ((cut - 32) % (24 + 4096) === 0 || (cut - 32) % (24 + 4096) === 24) cut++;
    truncateSync(wal(dir), cut);
    await refused(dir, /cut/);
  });

  test('a log with a hole (a committed frame zeroed, later ones intact) is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    const bytes = readFileSync(wal(dir));
    const frames = Math.floor((bytes.length - 32) / (24 + 4096));
    assert.ok(frames >= 3, `the log holds ${frames} frames`);
    bytes.fill(0, 32 + (24 + 4096), 32 + 2 * (24 + 4096));
    writeFileSync(wal(dir), bytes);
    await refused(dir, /hole/);
  });
});
