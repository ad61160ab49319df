import fs from 'node:fs';
import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import type { HomePaths } from '../../paths.js';
import { openReadableDb, openWritableDb, type ReadableDb } from '../database.js';
import { getMeta } from '../meta.js';
import { EngineLock } from '../lock.js';
import { makeStoreFilesPrivate } from '../private-files.js';
import { copyStore } from './backup-store.js';
import { checkStoreFile, type StoreFileFacts } from './store-file-check.js';

export interface RestoreResult extends StoreFileFacts {
  /** Where the store that was there is kept, or null when there was none. */
  keptAs: string | null;
  /** That store's machine id (the restored store brings its own). */
  previousMachineId: string | null;
}

function storedMachineId(db: ReadableDb): string | null {
  try {
    return getMeta(db, 'machine_id') ?? null;
  } catch {
    return null; // not a store at all (an empty file): nothing to say
  }
}

/** `20261130T072900Z`: sorts by time, and no ':' (not allowed in Windows file names). */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * `devlog restore FILE`: replaces the store with a backup. Refuses while an engine runs (it holds
 * the store), checks the backup is a whole devlog store this build can open, and keeps the old
 * store aside as `devlog.db.before-restore-<time>` (its WAL checkpointed into it first, so it is
 * one complete file). An older schema is upgraded when the engine next opens it.
 */
export async function restoreStore(paths: Pick<HomePaths, 'db' | 'lock' | 'home'>, file: string, now = new Date()): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new DevlogError(ErrorCodes.NotFound, `${file}: no such file`);
  checkStoreFile(file);
  fs.mkdirSync(paths.home, { recursive: true });
  let lock: EngineLock;
  try {
    lock = EngineLock.acquire(paths.lock);
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.Busy) {
      throw new DevlogError(ErrorCodes.Busy, 'a devlog engine is running on this data folder: stop it (devlog start, the app) before restoring');
    }
    throw err;
  }
  try {
    let keptAs: string | null = null;
    let previousMachineId: string | null = null;
    if (fs.existsSync(paths.db)) {
      const old = openWritableDb(paths.db);
      try {
        previousMachineId = storedMachineId(old);
        old.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        old.close();
      }
      keptAs = `${paths.db}.before-restore-${stamp(now)}`;
      fs.renameSync(paths.db, keptAs);
      for (const side of ['-wal', '-shm']) fs.rmSync(paths.db + side, { force: true });
    }
    // Through the backup API, not a file copy: a backup that has its own -wal beside it comes whole.
    const source = openReadableDb(file);
    try {
      const facts = await copyStore(source, paths.db);
      makeStoreFilesPrivate(paths.db);
      return { ...facts, keptAs, previousMachineId };
    } catch (err) {
      // Put the old store back: a failed restore changes nothing.
      if (keptAs && !fs.existsSync(paths.db)) fs.renameSync(keptAs, paths.db);
      throw err;
    } finally {
      source.close();
    }
  } finally {
    lock.release();
  }
}
