import fs from 'node:fs';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { HomePaths } from '../paths.js';
import { openReadableDb, openWritableDb, type ReadableDb } from '../store/database.js';
import { EngineLock } from '../store/lock.js';
import { DatabaseTooNewError, migrate, SCHEMA_VERSION } from '../store/migrations/index.js';

/**
 * The store, read-only, for the CLI's read commands: works whether or not `devlog start` runs
 * (WAL lets readers beside the writer). A store from an older devlog is upgraded first, under
 * the engine lock, when no engine holds it; a running old engine must be restarted instead.
 */
export function openStoreReadOnly(paths: Pick<HomePaths, 'db' | 'lock' | 'home'>): ReadableDb {
  if (!fs.existsSync(paths.db)) {
    throw new Error(`no devlog store in ${paths.home} yet: run \`devlog collect\` or \`devlog start\` first (or set DEVLOG_HOME)`);
  }
  const db = openReadableDb(paths.db);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return db;
  db.close();
  if (version > SCHEMA_VERSION) throw new DatabaseTooNewError(version, SCHEMA_VERSION);
  upgrade(paths, version);
  return openReadableDb(paths.db);
}

function upgrade(paths: Pick<HomePaths, 'db' | 'lock'>, version: number): void {
  let lock: EngineLock;
  try {
    lock = EngineLock.acquire(paths.lock);
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.Busy) {
      throw new DevlogError(
        ErrorCodes.Conflict,
        `the running devlog engine keeps the store at schema ${version}, this devlog needs ${SCHEMA_VERSION}: restart \`devlog start\` and try again`,
      );
    }
    throw err;
  }
  try {
    const writable = openWritableDb(paths.db);
    try {
      migrate(writable);
    } finally {
      writable.close();
    }
  } finally {
    lock.release();
  }
}
