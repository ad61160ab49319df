/**
 * Whether a conversation of an agent transcript is also kept by a richer copy: Cursor's editor
 * global database (`composerData:<id>` in `globalStorage/state.vscdb` of this machine's Cursor
 * user dir: ids, times, models, tokens) or a Cursor CLI chat store (`~/.cursor/chats/<hash>/<id>/
 * store.db`: models, thinking, tool results). The transcript then only adds what the copy lacks
 * (the workspace), so no turn is written twice from two sources. Both copies are created when the
 * conversation starts, before the transcript's first write, so the answer does not depend on
 * which file is read first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSqlite } from '../../native.js';
import { currentPlatform, vscodeUserDir } from '../platform.js';

export function editorGlobalDb(): string {
  return path.join(vscodeUserDir(currentPlatform(), 'Cursor'), 'globalStorage', 'state.vscdb');
}

export function editorHasComposer(composerId: string, dbPath = editorGlobalDb()): boolean {
  if (!fs.existsSync(dbPath)) return false;
  const Database = loadSqlite();
  let db;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 1000 });
    return db.prepare('SELECT 1 FROM cursorDiskKV WHERE key = ?').get(`composerData:${composerId}`) !== undefined;
  } catch {
    // No cursorDiskKV table (an older build), or locked past the timeout: use the transcript.
    return false;
  } finally {
    db?.close();
  }
}

/** The CLI chat store of a conversation, under the `chats` folder beside the transcripts' `projects` root. */
export function cliHasChat(projectsRoot: string, conversationId: string): boolean {
  const chats = path.join(path.dirname(projectsRoot), 'chats');
  let hashes: string[];
  try {
    hashes = fs.readdirSync(chats);
  } catch {
    return false;
  }
  return hashes.some((hash) => fs.existsSync(path.join(chats, hash, conversationId, 'store.db')));
}
