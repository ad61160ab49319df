import type BetterSqlite3 from 'better-sqlite3';
import { loadSqlite } from '../native.js';

/**
 * An OS file lock held through SQLite's exclusive locking mode on a small side file: the kernel
 * releases it when the process dies, even on kill -9, so a crash never leaves a stale lock. Used
 * by the engine's single-writer lock and by the folder remote's per-machine writer lock.
 */
export class OsFileLock {
  private constructor(private db: BetterSqlite3.Database | undefined) {}

  /** The lock, or undefined when another process (or connection) holds it. Never waits. */
  static tryAcquire(file: string): OsFileLock | undefined {
    const Database = loadSqlite();
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write under exclusive mode takes the lock and keeps it until close.
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT)');
      db.prepare('DELETE FROM holder').run();
      db.prepare('INSERT INTO holder VALUES (?, ?)').run(process.pid, new Date().toISOString());
      return new OsFileLock(db);
    } catch (err) {
      db.close();
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return undefined;
      throw err;
    }
  }

  release(): void {
    this.db?.close();
    this.db = undefined;
  }
}
