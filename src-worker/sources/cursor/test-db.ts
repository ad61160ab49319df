/**
 * Test helper (used by the tests beside it only): builds small Cursor-shaped state.vscdb files
 * in a temp dir. Values given as Buffer are stored as BLOBs, strings as they are (so a test can
 * store broken JSON), anything else as JSON TEXT.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FileContext } from '../types.js';
import type { KvTable } from './kv-values.js';

export function writeKvDb(file: string, table: KvTable, rows: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)`);
    const insert = db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?)`);
    for (const [key, value] of Object.entries(rows)) {
      insert.run(key, Buffer.isBuffer(value) || typeof value === 'string' ? value : JSON.stringify(value));
    }
  } finally {
    db.close();
  }
}

export function fileContext(root: string, relPath: string): FileContext {
  return { agent: 'cursor', path: path.join(root, relPath), relPath, root };
}

/** Opens a database the way the collector does: read-only. */
export function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}
