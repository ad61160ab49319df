import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OsFileLock } from '../../store/os-file-lock.js';

/**
 * One writer at a time per machine folder, across processes of this machine (the engine and a
 * CLI one-shot, two engines on copies of a data folder). An OS lock taken through SQLite's
 * exclusive locking mode, as the engine lock does: the kernel drops it when its process dies,
 * even on kill -9, so a crash never leaves a stale lock to guess about.
 * The lock file lives on this machine (os.tmpdir() unless told otherwise), never in the synced
 * folder: only this machine's processes compete, and sync tools must not copy lock files.
 */
export class WriterLock {
  private constructor(private readonly lock: OsFileLock) {}

  /** The lock file for a machine folder: one per folder path and user. */
  static fileFor(machineDir: string, lockDir = os.tmpdir()): string {
    // The real path: a folder reached through a symlink (~/Dropbox → /data/Dropbox) is the same folder.
    let real = path.resolve(machineDir);
    try {
      real = fs.realpathSync(real);
    } catch {
      // Not there yet: its resolved path names it.
    }
    const digest = crypto.createHash('sha256').update(real).digest('hex').slice(0, 24);
    const user = typeof process.getuid === 'function' ? `${process.getuid()}-` : '';
    return path.join(lockDir, `devlog-folder-${user}${digest}.lock`);
  }

  /** Waits (without blocking the event loop) until the lock is ours; throws `signal.reason` when aborted. */
  static async acquire(file: string, signal: AbortSignal): Promise<WriterLock> {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      signal.throwIfAborted();
      const lock = WriterLock.tryAcquire(file);
      if (lock) return lock;
      await sleep(delay, undefined, { signal });
    }
  }

  static tryAcquire(file: string): WriterLock | undefined {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = OsFileLock.tryAcquire(file);
    return lock ? new WriterLock(lock) : undefined;
  }

  release(): void {
    this.lock.release();
  }
}
