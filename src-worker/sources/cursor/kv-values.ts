/**
 * Cursor's key/value tables (`cursorDiskKV`, `ItemTable`) declare `value BLOB` but hold JSON
 * written as TEXT or as UTF-8 bytes depending on the build. These helpers read them as JSON,
 * select key families by range (so the UNIQUE index on key is used on big databases), and turn
 * a locked database into a retry.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { RetryLaterError, type ProblemRecord } from '../types.js';

export type KvTable = 'cursorDiskKV' | 'ItemTable';

export interface KvRow {
  key: string;
  value: unknown;
}

/** The value as text: strings as they are, BLOBs decoded as UTF-8. */
export function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return undefined;
}

export type Decoded = { ok: true; json: unknown; text: string } | { ok: false; problem: ProblemRecord };

/** Parses a row's value as JSON; a value that is not JSON is a problem naming its key. */
export function decodeValue(key: string, value: unknown): Decoded {
  const text = valueText(value);
  if (text === undefined) return { ok: false, problem: { reason: `${key}: value is not text or a blob` } };
  try {
    return { ok: true, json: JSON.parse(text) as unknown, text };
  } catch (err) {
    return { ok: false, problem: { reason: `${key}: invalid JSON (${(err as Error).message})` } };
  }
}

export function hasTable(db: BetterSqlite3.Database, table: KvTable): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/**
 * The upper bound of a key range: every key starting with `prefix` is >= prefix and < this.
 * (Bumps the last character: 'bubbleId:abc:' → 'bubbleId:abc;'.)
 */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function rowsWithPrefix(db: BetterSqlite3.Database, table: KvTable, prefix: string): KvRow[] {
  return db.prepare(`SELECT key, value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key`).all(prefix, prefixEnd(prefix)) as KvRow[];
}

export function rowByKey(db: BetterSqlite3.Database, table: KvTable, key: string): KvRow | undefined {
  return db.prepare(`SELECT key, value FROM ${table} WHERE key = ?`).get(key) as KvRow | undefined;
}

const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

/** Runs a read; Cursor holding a lock is "try again shortly", not a failure. */
export function retryIfBusy<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && BUSY_CODES.has(code)) throw new RetryLaterError(`Cursor database is locked (${code})`);
    throw err;
  }
}
