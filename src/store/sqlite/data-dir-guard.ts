// What a data directory says about itself, checked before the database is trusted: a directory
// that held a world is never silently re-seeded, and a write-ahead log that was deleted, zeroed or
// cut after a crash is reported instead of quietly losing the changes it held (issue 13).
//
// The state file (specshift.state.json) records the world the directory holds and whether the last
// run stopped cleanly. SQLite deletes the WAL on a clean close and creates it when it opens the
// database, so after an unclean stop it must still be there, whole.
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DB_FILE = 'specshift.db';
export const WAL_FILE = 'specshift.db-wal';
const STATE_FILE = 'specshift.state.json';

export interface DataDirState {
  format: 1;
  /** the world.loadedAt stamp of the world this directory holds, once one was loaded */
  worldLoadedAt: string | null;
  /** true from start until a clean stop: true at the next start means the last run was killed */
  running: boolean;
}

/** A data directory whose database cannot be trusted: the start is refused, saying what was found. */
export class DamagedDataDirectory extends Error {
  constructor(dir: string, finding: string) {
    super(`the data directory ${dir} is damaged: ${finding}. Restore it from a copy, or start with --reset to discard everything in it and load a new world.`);
    this.name = 'DamagedDataDirectory';
  }
}

export function readState(dir: string): DataDirState | null {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as DataDirState;
    if (s.format !== 1 || typeof s.running !== 'boolean') throw new Error('unknown format');
    return s;
  } catch (err) {
    throw new DamagedDataDirectory(dir, `${STATE_FILE} cannot be read (${(err as Error).message})`);
  }
}

/** Written whole, then renamed over the old one: a crash leaves either the old state or the new. */
export function writeState(dir: string, state: DataDirState): void {
  const file = join(dir, STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/**
 * Checks a write-ahead log as SQLite would read it, and says what is wrong with it, or null. SQLite
 * itself stops at the first frame whose salt or checksum does not match and ignores the rest without
 * a word; here a log that is not whole is a finding:
 * - a header that is not a WAL header (zeroed, overwritten);
 * - a length that no crash can leave. SQLite writes a frame's 24-byte header and its page with two
 *   write()s, so whole frames, or whole frames and one frame header, end the file; a write can
 *   only be torn at a block boundary (the file system's page): a full disk takes what fits, whole
 *   blocks, and SQLite answers SQLITE_FULL leaving the bytes; and a kill -9 lands between the
 *   pages of one write() (Linux checks for a fatal signal between the pages it copies, and a
 *   4,120-byte frame always spans two; seen in the kill -9 suite: a log of 626,688 bytes, 153
 *   blocks, ending 416 bytes into a frame of a transaction still being written). Such a log ends
 *   on a block boundary inside a frame of the same log, after whole frames that all check out;
 *   SQLite ignores the transaction the torn frame belongs to, which was never acknowledged.
 *   Refusing it would turn a full disk or a crash into "start with --reset", the loss of
 *   everything. A cut anywhere else (or a cut whose frames do not check out) is refused;
 * - frames of the current log after one that does not check out (a hole in the middle).
 */
export function walFinding(file: string): string | null {
  const size = statSync(file).size;
  if (size === 0) return null; // created at open, never written
  if (size < WAL_HEADER) return `the write-ahead log ${WAL_FILE} is cut short (${size} bytes)`;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    readSync(fd, header, 0, WAL_HEADER, 0);
    const magic = header.readUInt32BE(0);
    if ((magic !== 0x377f0682 && magic !== 0x377f0683) || header.readUInt32BE(4) !== 3007000) {
      return `the write-ahead log ${WAL_FILE} has no valid header (zeroed or overwritten)`;
    }
    const littleEndian = magic === 0x377f0682;
    const pageSize = header.readUInt32BE(8);
    let [s0, s1] = checksum(header.subarray(0, 24), littleEndian, 0, 0);
    if (s0 !== header.readUInt32BE(24) || s1 !== header.readUInt32BE(28)) return `the write-ahead log ${WAL_FILE} has a damaged header`;
    const frameSize = FRAME_HEADER + pageSize;
    const rest = (size - WAL_HEADER) % frameSize;
    const cut = `the write-ahead log ${WAL_FILE} is cut (its ${size} bytes end inside a frame)`;
    // ends inside a frame: only a torn write can leave that, and only on a block boundary
    const torn = rest !== 0 && rest !== FRAME_HEADER;
    const block = statSync(file).blksize || 4096;
    if (torn && size % block !== 0) return cut;
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frame = Buffer.alloc(frameSize);
    let broken = -1;
    // the break is a frame of this log whose checksum does not check out (not one left over from an
    // older log): SQLite rewrites a page already written in the transaction in place, and repairs
    // the checksums from there at its commit (walRewriteChecksums), so a kill -9 before that repair
    // leaves the transaction it was writing broken, whole frames and commit frame included. SQLite
    // drops that transaction, which was never acknowledged; only a transaction after it (a frame of
    // this log after a commit frame past the break) would be an acknowledged change lost.
    let brokenInLog = false;
    let committedAfterBreak = false;
    const frames = Math.floor((size - WAL_HEADER) / frameSize);
    for (let i = 0; i < frames; i++) {
      readSync(fd, frame, 0, frameSize, WAL_HEADER + i * frameSize);
      const current = frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2;
      if (broken >= 0) {
        // past a bad frame only frames of an older log (other salts, left over from before a
        // checkpoint rewound the log) may follow, or the rest of the transaction the break is in
        if (current && (!brokenInLog || committedAfterBreak)) return `the write-ahead log ${WAL_FILE} has a hole: frame ${broken + 1} is damaged and committed frames follow it`;
        if (current && frame.readUInt32BE(4) !== 0) committedAfterBreak = true;
        continue;
      }
      if (!current) {
        broken = i;
        continue;
      }
      [s0, s1] = checksum(frame.subarray(0, 8), littleEndian, s0, s1);
      [s0, s1] = checksum(frame.subarray(FRAME_HEADER), littleEndian, s0, s1);
      if (s0 !== frame.readUInt32BE(16) || s1 !== frame.readUInt32BE(20)) {
        broken = i;
        brokenInLog = true;
        if (frame.readUInt32BE(4) !== 0) committedAfterBreak = true;
      }
    }
    if (torn) {
      // the torn frame must continue this log, after whole frames that check out or the unfinished
      // transaction of a break (a kill -9 can tear any frame)
      if (broken >= 0 && (!brokenInLog || committedAfterBreak)) return cut;
      if (rest >= 16) {
        const head = Buffer.alloc(16);
        readSync(fd, head, 0, 16, WAL_HEADER + frames * frameSize);
        if (head.readUInt32BE(8) !== salt1 || head.readUInt32BE(12) !== salt2) return cut;
      }
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** SQLite's WAL checksum: two running sums over 32-bit words, in the byte order the magic names. */
export function checksum(data: Buffer, littleEndian: boolean, s0: number, s1: number): [number, number] {
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = littleEndian ? data.readUInt32LE(i) : data.readUInt32BE(i);
    const x1 = littleEndian ? data.readUInt32LE(i + 4) : data.readUInt32BE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
