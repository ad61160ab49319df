/**
 * Whether Cursor's editor keeps a conversation in its global database (`composerData:<id>` in
 * `globalStorage/state.vscdb` of this machine's Cursor user dir). An agent transcript of such a
 * conversation repeats turns the database has with ids, times, models and tokens, so the
 * transcript then only adds what the database lacks (the workspace). The editor creates the
 * composer row when the conversation starts, before the transcript's first write, so the answer
 * does not depend on which file is read first.
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
