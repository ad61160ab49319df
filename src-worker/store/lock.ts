import type BetterSqlite3 from 'better-sqlite3';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import path from 'node:path';
import { loadSqlite } from '../native.js';
import { ensurePrivateFile, makeHomePrivate } from './private-files.js';

/**
 * The single-writer lock. An OS file lock held through SQLite's exclusive locking mode on a
 * small side file: the kernel releases it when the process dies, even on kill -9, so a crash
 * never leaves a stale lock behind and a restart can take it at once.
 */
export class EngineLock {
  private constructor(private db: BetterSqlite3.Database | undefined) {}

  static acquire(file: string): EngineLock {
    // Every writer takes this lock first, so this is where the data folder is made owner-only.
    makeHomePrivate(path.dirname(file));
    ensurePrivateFile(file);
    const Database = loadSqlite();
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write under exclusive mode takes the lock and keeps it until close.
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, started_at TEXT)');
      db.prepare('DELETE FROM holder').run();
      db.prepare('INSERT INTO holder VALUES (?, ?)').run(process.pid, new Date().toISOString());
    } catch (err) {
      db.close();
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new DevlogError(
          ErrorCodes.Busy,
          `another devlog engine is already running on this data folder (lock: ${file}); stop it first or set DEVLOG_HOME to another folder`,
        );
      }
      throw err;
    }
    return new EngineLock(db);
  }

  release(): void {
    this.db?.close();
    this.db = undefined;
  }
}
