import crypto from 'node:crypto';
import os from 'node:os';
import type { ReadableDb, WritableDb } from './database.js';

export function getMeta(db: ReadableDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: WritableDb, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** This install's machine id: made once, kept forever, stamped on every session collected here. */
export function ensureLocalMachine(db: WritableDb, name?: string): string {
  let id = getMeta(db, 'machine_id');
  const now = new Date().toISOString();
  const machineName = name ?? os.hostname();
  db.transaction(() => {
    if (!id) {
      id = crypto.randomUUID();
      setMeta(db, 'machine_id', id);
    }
    db.prepare(
      `INSERT INTO machines(id, name, is_local, first_seen, last_seen) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen`,
    ).run(id, machineName, now, now);
  }).immediate();
  return id!;
}
