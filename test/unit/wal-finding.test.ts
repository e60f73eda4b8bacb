// The data directory guard's reading of a write-ahead log left by a crash (data-dir-guard.ts
// walFinding): a log torn by a kill -9 between the pages of one write() ends on a block boundary
// inside a frame, possibly in the middle of a transaction of several frames; it is what SQLite
// recovers from (the torn transaction was never acknowledged), not damage. Logs are built here
// frame by frame with SQLite's checksums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksum, walFinding } from '../../src/store/sqlite/data-dir-guard.js';

const PAGE = 4096;
const SALT1 = 0x11223344;
const SALT2 = 0x55667788;

/** A log of whole frames (each { page, commit }: commit > 0 ends a transaction), then `tornBytes` of one more frame. */
function wal(frames: { page: number; commit: number; damaged?: boolean }[], tornBytes: number): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32BE(0x377f0682, 0);
  header.writeUInt32BE(3007000, 4);
  header.writeUInt32BE(PAGE, 8);
  header.writeUInt32BE(0, 12);
  header.writeUInt32BE(SALT1, 16);
  header.writeUInt32BE(SALT2, 20);
  let [s0, s1] = checksum(header.subarray(0, 24), true, 0, 0);
  header.writeUInt32BE(s0, 24);
  header.writeUInt32BE(s1, 28);
  const parts = [header];
  for (const f of frames) {
    const frame = Buffer.alloc(24 + PAGE, f.page & 0xff);
    frame.writeUInt32BE(f.page, 0);
    frame.writeUInt32BE(f.commit, 4);
    frame.writeUInt32BE(SALT1, 8);
    frame.writeUInt32BE(SALT2, 12);
    [s0, s1] = checksum(frame.subarray(0, 8), true, s0, s1);
    [s0, s1] = checksum(frame.subarray(24), true, s0, s1);
    frame.writeUInt32BE(f.damaged ? s0 ^ 1 : s0, 16);
    frame.writeUInt32BE(s1, 20);
    parts.push(frame);
  }
  const torn = Buffer.alloc(tornBytes, 0x5a);
  if (tornBytes >= 16) {
    torn.writeUInt32BE(99, 0);
    torn.writeUInt32BE(0, 4);
    torn.writeUInt32BE(SALT1, 8);
    torn.writeUInt32BE(SALT2, 12);
  }
  parts.push(torn);
  return Buffer.concat(parts);
}

function finding(bytes: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'specshift-wal-'));
  try {
    writeFileSync(join(dir, 'specshift.db-wal'), bytes);
    return walFinding(join(dir, 'specshift.db-wal'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The torn bytes that make the log end on the next block boundary. */
const toBlock = (frames: number) => {
  const whole = 32 + frames * (24 + PAGE);
  const rest = PAGE - (whole % PAGE);
  return rest === 24 ? rest + PAGE : rest;
};

test('a kill -9 tearing a frame in the middle of a transaction (block boundary) is recovered, not refused', () => {
  // a committed transaction, then two whole frames of the next one and the third torn
  const frames = [{ page: 1, commit: 3 }, { page: 2, commit: 0 }, { page: 3, commit: 0 }];
  const bytes = wal(frames, toBlock(frames.length));
  assert.equal(bytes.length % PAGE, 0);
  assert.equal(finding(bytes), null);
});

test('a torn frame right after a commit frame (a full disk) is recovered too', () => {
  const frames = [{ page: 1, commit: 0 }, { page: 2, commit: 2 }];
  assert.equal(finding(wal(frames, toBlock(frames.length))), null);
});

test('a log cut off a block boundary, or with a damaged frame before a later transaction, is refused', () => {
  const frames = [{ page: 1, commit: 3 }, { page: 2, commit: 0 }, { page: 3, commit: 0 }];
  assert.match(finding(wal(frames, toBlock(frames.length) - 100)) ?? '', /is cut/);
  // a damaged frame in a transaction that committed, and another transaction after it: the later
  // one was acknowledged, and SQLite would drop it with the damaged one
  const holed = [{ page: 1, commit: 0, damaged: true }, { page: 2, commit: 2 }, { page: 3, commit: 0 }];
  assert.match(finding(wal(holed, 0)) ?? '', /hole/);
  assert.match(finding(wal(holed, toBlock(holed.length))) ?? '', /hole/);
  // the same, the later transaction being the torn one
  const before = [{ page: 1, commit: 0, damaged: true }, { page: 2, commit: 2 }];
  assert.match(finding(wal(before, toBlock(before.length))) ?? '', /is cut/);
});

test('a kill -9 before SQLite repaired the checksums of a transaction it rewrote in place is recovered, not refused', () => {
  // SQLite writes a page already in the transaction over its frame and repairs the checksums from
  // there at commit (walRewriteChecksums): killed before, the unfinished transaction's frames do not
  // check out from the rewritten one on, its commit frame included (CI's kill -9 suite saw it: a
  // log of 589,824 bytes, 144 blocks, refused as "cut")
  const unfinished = [{ page: 1, commit: 3 }, { page: 2, commit: 0, damaged: true }, { page: 3, commit: 0 }];
  assert.equal(finding(wal(unfinished, toBlock(unfinished.length))), null);
  assert.equal(finding(wal(unfinished, 0)), null);
  const lastWhole = [{ page: 1, commit: 3 }, { page: 2, commit: 0 }, { page: 3, commit: 0, damaged: true }];
  assert.equal(finding(wal(lastWhole, toBlock(lastWhole.length))), null);
  const withCommit = [{ page: 1, commit: 3 }, { page: 2, commit: 0, damaged: true }, { page: 3, commit: 0 }, { page: 4, commit: 4 }];
  assert.equal(finding(wal(withCommit, 0)), null);
});
