import type { WritableDb } from '../store/database.js';
import type { SeqAllocator } from '../store/seq.js';

/** Commit a group once it holds this much input: big enough to amortize, small enough to bound the WAL. */
export const GROUP_COMMIT_BYTES = 4 * 1024 * 1024;
/** ...or once it has been open this long, so the UI and the CLI see the initial sync progress. */
export const GROUP_COMMIT_MS = 1000;

/**
 * During the history scan, many small session files are written in ONE transaction: each file's
 * records and cursor still commit together (as a savepoint inside the group), but the shared
 * pages (indexes, sessions, the full-text segments) are written once per group instead of once
 * per file. A crash loses the open group whole, and its files are simply read again.
 */
export class GroupCommit {
  private openBytes = -1;
  private openedAt = 0;

  constructor(
    private readonly db: WritableDb,
    private readonly seq: SeqAllocator,
  ) {}

  get isOpen(): boolean {
    return this.openBytes >= 0;
  }

  open(): void {
    if (this.isOpen || this.db.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.openBytes = 0;
    this.openedAt = Date.now();
  }

  /** Counts input into the open group and commits it once it is big or old enough. */
  add(bytes: number): void {
    if (!this.isOpen) return;
    this.openBytes += bytes;
    if (this.openBytes >= GROUP_COMMIT_BYTES || Date.now() - this.openedAt >= GROUP_COMMIT_MS) this.commit();
  }

  commit(): void {
    if (!this.isOpen) return;
    this.openBytes = -1;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.seq.reload();
      throw err;
    }
  }
}
