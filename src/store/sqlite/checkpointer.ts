// Checkpoints of the SQLite write-ahead log on a thread of their own.
//
// A checkpoint copies the log into the database and fsyncs both files: ~250 ms every ~3,000
// resizes on the development VM (bench/README.md), during which the event loop stood still when the
// writer ran it (wal_autocheckpoint). Here a worker thread with its own connection runs PASSIVE
// checkpoints, which never block the writer; the writer only waits, without blocking the event
// loop, for the short checkpoint that lets it rewind the log (SqliteStore.drain).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sqliteAddonPath } from './sqlite-addon.js';

/** What `PRAGMA wal_checkpoint` answers: frames in the log, frames copied, whether it was busy. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// CommonJS, run by the worker with `eval`: a file of its own would need its own place in the bundle
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, workerData.addon ? { nativeBinding: workerData.addon } : {});
db.pragma('busy_timeout = 5000');
// the checkpointer reads frames and writes pages; it needs no cache of its own
db.pragma('cache_size = -64');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ ok: db.pragma('wal_checkpoint(PASSIVE)')[0] });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private inFlight: Promise<CheckpointResult> | null = null;
  private settle: ((r: CheckpointResult) => void) | null = null;
  private fail: ((e: Error) => void) | null = null;
  private exited = false;
  /** the last checkpoint's answer */
  last: CheckpointResult | null = null;
  /** set when the thread failed: the writer checkpoints itself again */
  broken: Error | null = null;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, addon: sqliteAddonPath() } });
    // an idle checkpointer must not keep the process alive
    this.worker.unref();
    this.worker.on('message', (m: { ok?: CheckpointResult; error?: string }) => {
      const settle = this.settle;
      const fail = this.fail;
      this.inFlight = this.settle = this.fail = null;
      if (m.ok) {
        this.last = m.ok;
        settle?.(m.ok);
      } else {
        this.broken = new Error(`checkpoint failed: ${m.error}`);
        fail?.(this.broken);
      }
    });
    this.worker.on('error', (err) => {
      this.broken = err;
      this.fail?.(err);
      this.inFlight = this.settle = this.fail = null;
    });
    this.worker.on('exit', () => {
      this.exited = true;
      this.broken ??= new Error('the checkpoint thread exited');
      this.fail?.(this.broken);
      this.inFlight = this.settle = this.fail = null;
    });
  }

  get running(): boolean {
    return this.inFlight !== null;
  }

  /** A checkpoint: the one in flight, or a new one. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.broken) return Promise.reject(this.broken);
    this.inFlight ??= new Promise<CheckpointResult>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
      // a checkpoint someone may wait for keeps the process up until it answers
      this.worker.ref();
      this.worker.postMessage('checkpoint');
    }).finally(() => {
      if (!this.inFlight && !this.exited) this.worker.unref();
    });
    return this.inFlight;
  }

  /** A checkpoint that starts after every frame written so far: the one in flight may have begun before some. */
  async fresh(): Promise<CheckpointResult> {
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    return this.checkpoint();
  }

  /** Closes the thread's connection first: the writer's close then checkpoints and removes the log. */
  async close(): Promise<void> {
    if (this.exited) return;
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }
}
