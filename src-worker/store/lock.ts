import path from 'node:path';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { OsFileLock } from './os-file-lock.js';
import { ensurePrivateFile, makeHomePrivate } from './private-files.js';

/**
 * The single-writer lock of a data folder (an OsFileLock on DEVLOG_HOME/engine.lock): released by
 * the kernel when the process dies, even on kill -9, so a restart can take it at once.
 */
export class EngineLock {
  private constructor(private readonly lock: OsFileLock) {}

  static acquire(file: string): EngineLock {
    // Every writer takes this lock first, so this is where the data folder is made owner-only.
    makeHomePrivate(path.dirname(file));
    ensurePrivateFile(file);
    const lock = OsFileLock.tryAcquire(file);
    if (!lock) {
      throw new DevlogError(
        ErrorCodes.Busy,
        `another devlog engine is already running on this data folder (lock: ${file}); stop it first or set DEVLOG_HOME to another folder`,
      );
    }
    return new EngineLock(lock);
  }

  release(): void {
    this.lock.release();
  }
}
