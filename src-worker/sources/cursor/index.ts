/**
 * Cursor: chats and agent sessions in the SQLite `state.vscdb` databases of its user dir —
 * globalStorage/state.vscdb (every composer and bubble, 2025+) and
 * workspaceStorage/<hash>/state.vscdb (which composers belong to the workspace; 2024 chats).
 */
import { vscodeUserDir } from '../platform.js';
import { emptyBatch, type FileHandler, type SourceAdapter, type SqliteHandler } from '../types.js';
import { readGlobalDb } from './global-db.js';
import { hasTable, retryIfBusy } from './kv-values.js';
import { readWorkspaceDb } from './workspace-db.js';

const GLOBAL_DB = /^globalStorage\/state\.vscdb$/;
const WORKSPACE_DB = /^workspaceStorage\/[^/]+\/state\.vscdb$/;

export const cursorDbHandler: SqliteHandler = {
  kind: 'sqlite',
  // Suffixes appended to the database's own file name: a change of `state.vscdb-wal` or
  // `state.vscdb-journal` means `state.vscdb` changed (Cursor writes through its WAL/journal).
  companions: ['-wal', '-journal'],
  readDatabase(db, file, state) {
    return retryIfBusy(() => {
      const batch = emptyBatch();
      if (GLOBAL_DB.test(file.relPath)) {
        if (hasTable(db, 'cursorDiskKV')) readGlobalDb(db, state, batch);
      } else if (hasTable(db, 'ItemTable')) {
        readWorkspaceDb(db, file, state, batch);
      }
      return batch;
    });
  },
};

function handlerFor(relPath: string): FileHandler | undefined {
  return GLOBAL_DB.test(relPath) || WORKSPACE_DB.test(relPath) ? cursorDbHandler : undefined;
}

export const cursorAdapter: SourceAdapter = {
  agent: 'cursor',
  displayName: 'Cursor',
  defaultRoots: (p) => [vscodeUserDir(p, 'Cursor')],
  // Deepest file: workspaceStorage/<hash>/state.vscdb (3 path segments).
  maxDepth: 3,
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor,
};
