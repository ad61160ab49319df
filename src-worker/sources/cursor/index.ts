/**
 * Cursor: chats and agent sessions in the SQLite `state.vscdb` databases of its user dir —
 * globalStorage/state.vscdb (every composer and bubble, 2025+) and
 * workspaceStorage/<hash>/state.vscdb (which composers belong to the workspace; 2024 chats) —
 * and in `~/.cursor`: the agent transcripts under `projects/` (transcript-files.ts) and the
 * Cursor CLI's chat stores under `chats/` (chat-store.ts). Each root's files have their own
 * path shape, so one handlerFor serves all three roots.
 */
import path from 'node:path';
import { vscodeUserDir } from '../platform.js';
import { emptyBatch, type FileHandler, type PlatformInfo, type SourceAdapter, type SqliteHandler } from '../types.js';
import { CHAT_STORE, readChatStore } from './chat-store.js';
import { readGlobalDb } from './global-db.js';
import { TRANSCRIPT_JSONL, TRANSCRIPT_TXT, transcriptJsonlHandler, transcriptTextHandler } from './transcript-files.js';
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

const chatStoreHandler: SqliteHandler = {
  kind: 'sqlite',
  companions: ['-wal', '-journal'],
  readDatabase(db, file, state) {
    return retryIfBusy(() => {
      const batch = emptyBatch();
      readChatStore(db, file, state, batch);
      return batch;
    });
  },
};

export function cursorHandlerFor(relPath: string): FileHandler | undefined {
  if (GLOBAL_DB.test(relPath) || WORKSPACE_DB.test(relPath)) return cursorDbHandler;
  if (TRANSCRIPT_TXT.test(relPath)) return transcriptTextHandler;
  const jsonl = TRANSCRIPT_JSONL.exec(relPath);
  // <uuid>/<uuid>.jsonl: the conversation's own file (not a sidecar file beside it).
  if (jsonl && jsonl[2] === jsonl[3]) return transcriptJsonlHandler;
  if (CHAT_STORE.test(relPath)) return chatStoreHandler;
  return undefined;
}

/** The user dir of the editor, then `~/.cursor/projects` (agent transcripts) and `~/.cursor/chats` (the CLI). */
export function cursorRoots(p: PlatformInfo): string[] {
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  return [vscodeUserDir(p, 'Cursor'), path.join(home, '.cursor', 'projects'), path.join(home, '.cursor', 'chats')];
}

export const cursorAdapter: SourceAdapter = {
  agent: 'cursor',
  displayName: 'Cursor',
  defaultRoots: cursorRoots,
  // Deepest files: workspaceStorage/<hash>/state.vscdb and <slug>/agent-transcripts/<uuid>/<uuid>.jsonl (3 folders down).
  maxDepth: 3,
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor: cursorHandlerFor,
};
