import fs from 'node:fs';
import path from 'node:path';
import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import type { HomePaths } from '../../paths.js';
import { openStoreReadOnly } from '../../query/open-store.js';
import type { ReadableDb } from '../database.js';
import { ensurePrivateFile } from '../private-files.js';
import { checkStoreFile, type StoreFileFacts } from './store-file-check.js';

/** Pages per backup step: all of them, so the copy is one read transaction that no write restarts. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the store with SQLite's online backup into `file` (a consistent snapshot, also while
 * `devlog start` writes: WAL lets the copy read beside the writer). The copy is written beside
 * `file`, checked, then renamed into place, so a failed backup never leaves a half file; it is
 * owner-only, like the store.
 */
export async function copyStore(source: ReadableDb, file: string): Promise<StoreFileFacts> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial-${process.pid}`);
  try {
    ensurePrivateFile(partial);
    await source.backup(partial, { progress: () => ALL_PAGES });
    const facts = checkStoreFile(partial);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    return facts;
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  }
}

/** `devlog backup FILE`: never overwrites a file. */
export async function backupStore(paths: Pick<HomePaths, 'db' | 'lock' | 'home'>, file: string): Promise<StoreFileFacts & { bytes: number }> {
  if (fs.existsSync(file)) throw new DevlogError(ErrorCodes.BadRequest, `${file} already exists: choose another name (a backup never overwrites a file)`);
  if (!fs.existsSync(path.dirname(file))) throw new DevlogError(ErrorCodes.BadRequest, `${path.dirname(file)}: no such folder`);
  const source = openStoreReadOnly(paths);
  try {
    const facts = await copyStore(source, file);
    return { ...facts, bytes: fs.statSync(file).size };
  } finally {
    source.close();
  }
}
