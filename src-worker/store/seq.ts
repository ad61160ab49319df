import type { WritableDb } from './database.js';
import { getMeta, setMeta } from './meta.js';

/**
 * Hands out the local sequence numbers that exports and sync read by. Single writer, so the
 * counter lives in memory and is persisted (meta.next_seq) inside the same transaction that
 * used it; a rolled-back transaction rewinds it.
 */
export class SeqAllocator {
  private next: number;
  private persisted: number;

  constructor(private readonly db: WritableDb) {
    this.next = Number(getMeta(db, 'next_seq') ?? '1');
    this.persisted = this.next;
  }

  /** The highest number handed out and committed so far (0 if none). */
  get last(): number {
    return this.persisted - 1;
  }

  /** Re-reads the counter after an enclosing transaction was rolled back. */
  reload(): void {
    this.next = Number(getMeta(this.db, 'next_seq') ?? '1');
    this.persisted = this.next;
  }

  take(): number {
    return this.next++;
  }

  /** The number take() hands out next: bind it to a write, and take() it only if a row changed. */
  peek(): number {
    return this.next;
  }

  /** Runs fn in an immediate transaction and persists the counter with it. */
  transaction<T>(fn: () => T): T {
    const start = this.next;
    try {
      const result = this.db
        .transaction(() => {
          const value = fn();
          if (this.next !== start) setMeta(this.db, 'next_seq', String(this.next));
          return value;
        })
        .immediate();
      this.persisted = this.next;
      return result;
    } catch (err) {
      this.next = start;
      throw err;
    }
  }
}
