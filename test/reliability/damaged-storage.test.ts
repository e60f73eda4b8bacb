// Damaged storage (issue 13): a data directory whose database was emptied, replaced or corrupted,
// or whose write-ahead log was deleted, zeroed or cut after a crash, is never started as a new
// world and never silently loses acknowledged changes: the start is refused, naming what was found,
// and --reset discards it. A full disk (a small tmpfs, mounted when the tests run as root on Linux;
// skipped with the reason otherwise) refuses the changes it cannot write with the cloud's own 500,
// never acknowledges them, keeps serving, and after a crash and freed space starts with every
// acknowledged change. Each case through the real CLI, as a user meets it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';
import { recordCounts, relServerId, reliabilityWorld, STOPPED_PREFIX } from './lib/harness.js';

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

  test('a zeroed log is named as such even when the database file cannot be read without it', async () => {
    // a checkpoint cut short by the crash leaves the database file half-written; here its first
    // page is: SQLite, reading the database before the log, would call the file no database at all
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    writeFileSync(wal(dir), Buffer.alloc(statSync(wal(dir)).size));
    const bytes = readFileSync(db(dir));
    bytes.fill(0xa5, 0, 16);
    writeFileSync(db(dir), bytes);
    await refused(dir, /no valid header/);
  });

  test('a log cut in half is refused', async () => {
    const dir = fresh();
    await (await withAcknowledgedChange(dir)).kill9();
    const size = statSync(wal(dir)).size;
    // half, moved off any frame boundary a crash could leave (whole frames, or whole frames and a
    // frame header) and off the block boundaries a full disk could leave (see the full-disk case)
    let cut = Math.floor(size / 2);
    const block = statSync(wal(dir)).blksize || 4096;
    while ((cut - 32) % (24 + 4096) === 0 || (cut - 32) % (24 + 4096) === 24 || cut % block === 0) cut++;
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

/** A small tmpfs of its own, or why there cannot be one here (not root, not Linux, no mount). */
function smallDisk(): { dir: string; unmount(): void } | string {
  if (process.platform !== 'linux') return 'a tmpfs needs Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = fresh();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return `mount -t tmpfs failed here: ${String((err as { stderr?: Buffer }).stderr ?? err).trim().slice(0, 200)}`;
  }
  return { dir, unmount: () => execFileSync('umount', [dir], { stdio: 'pipe' }) };
}

/** Writes until the filesystem says ENOSPC (big writes, then small ones for the last blocks). */
function fill(file: string): void {
  const fd = openSync(file, 'a');
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk', () => {
  const disk = smallDisk();
  after(() => {
    if (typeof disk !== 'string') disk.unmount();
  });
  test('changes that cannot be written are refused (the cloud\'s 500), never acknowledged; after a crash and freed space every acknowledged change is there', { skip: typeof disk === 'string' && disk }, async () => {
    if (typeof disk === 'string') return;
    cases++;
    const data = join(disk.dir, 'data');
    mkdirSync(data);
    const world = join(disk.dir, 'world.json');
    writeFileSync(world, JSON.stringify(reliabilityWorld(40)));
    let s = await startChildServer({ dataDir: data, worldFile: world, timing: 'manual' });
    const resize = (n: number) => signedSend(s.endpoint, DEMO, 'POST', `/v1.1/${DEMO.project}/cloudservers/${relServerId(STOPPED_PREFIX, n)}/resize`, JSON.stringify({ resize: { flavorRef: 's6.xlarge.2' } }));
    const acknowledged = new Set<string>();
    const first = await resize(0);
    assert.equal(first.status, 200, first.text);
    acknowledged.add(first.json.job_id);
    const filler = join(disk.dir, 'filler');
    fill(filler);
    // every change now either still fits (acknowledged, so it must survive) or is refused as the
    // cloud refuses what its back end cannot do: 500 Common.0001 in the ECS envelope
    let refused = 0;
    const free: number[] = [];
    for (let n = 1; n < 40; n++) {
      const r = await resize(n);
      if (r.status === 200) acknowledged.add(r.json.job_id);
      else {
        free.push(n);
        assert.equal(r.status, 500, r.text);
        assert.deepEqual(Object.keys(r.json), ['error']);
        assert.equal(r.json.error.code, 'Common.0001');
        refused++;
      }
      assert.ok(s.alive(), `the server lives on a full disk: ${s.stderr().slice(-1000)}`);
    }
    assert.ok(refused > 0, 'the disk was full: some change could not be written');
    // reads still work, and the request log says why the changes were refused
    const read = await signedSend(s.endpoint, DEMO, 'GET', `/v1/${DEMO.project}/cloudservers/${relServerId(STOPPED_PREFIX, 0)}`);
    assert.equal(read.status, 200);
    const log = (await (await fetch(`${s.endpoint}/_specshift/requests?status=5xx&limit=1`)).json()) as { requests: { reason: string }[] };
    assert.match(log.requests[0]!.reason, /the store could not write: the disk is full/);
    assert.doesNotMatch(log.requests[0]!.reason, /defect of specshift/);
    // the worst moment: killed while the disk is full; then space is freed and it starts again
    await s.kill9();
    unlinkSync(filler);
    s = await startChildServer({ dataDir: data, timing: 'manual' });
    try {
      const jobs = ((await (await fetch(`${s.endpoint}/_specshift/jobs?limit=1000`)).json()) as { jobs: { id: string }[] }).jobs;
      assert.deepEqual(new Set(jobs.map((j) => j.id)), acknowledged, 'exactly the acknowledged changes are there: none lost, none of the refused ones');
      const again = await resize(free[0]!);
      assert.equal(again.status, 200, `with space again, changes are accepted: ${again.text}`);
    } finally {
      await s.stop();
    }
  });
});
