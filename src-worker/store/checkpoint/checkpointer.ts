import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../../../src-shared/lifecycle.js';
import { threadScript } from '../../thread-script.js';
import type { WritableDb } from '../database.js';

/** Checkpoint once the write-ahead log holds this much: bounds the WAL, amortizes the syncs. */
const CHECKPOINT_WAL_BYTES = 16 * 1024 * 1024;

/** How often the log's size is looked at (one stat). */
const CHECK_EVERY_MS = 500;

/**
 * Runs WAL checkpoints on a thread of their own instead of inside the writer's COMMIT (SQLite's
 * auto-checkpoint runs on the committing connection, i.e. the engine's event loop). When the WAL
 * has grown past the threshold a PASSIVE checkpoint is asked for, at most one at a time. If the
 * thread cannot start or dies, SQLite's auto-checkpoint is switched back on.
 */
export class Checkpointer implements Disposable {
  private worker: Worker | undefined;
  private inFlight = false;
  private readonly walPath: string;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: WritableDb,
    dbPath: string,
  ) {
    this.walPath = `${dbPath}-wal`;
    try {
      this.worker = new Worker(threadScript('checkpoint-thread'), { workerData: { dbPath }, name: 'devlog-checkpoint' });
      this.worker.unref();
      this.worker.on('message', () => (this.inFlight = false));
      this.worker.on('error', () => this.fallBack());
      this.worker.on('exit', () => this.fallBack());
      db.pragma('wal_autocheckpoint = 0');
    } catch {
      this.fallBack();
    }
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Asks for a checkpoint when the log is big enough. */
  check(): void {
    if (!this.worker || this.inFlight) return;
    let size = 0;
    try {
      size = fs.statSync(this.walPath).size;
    } catch {
      return;
    }
    if (size < CHECKPOINT_WAL_BYTES) return;
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  dispose(): void {
    clearInterval(this.timer);
    const worker = this.worker;
    this.worker = undefined;
    worker?.removeAllListeners();
    void worker?.terminate();
  }

  private fallBack(): void {
    this.worker = undefined;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 10000');
  }
}
