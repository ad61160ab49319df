import type BetterSqlite3 from 'better-sqlite3';
import { loadSqlite } from '../native.js';
import { ensurePrivateFile, makeStoreFilesPrivate } from './private-files.js';

/**
 * Branded handles: query code takes a ReadableDb and so can never write; only the engine's
 * single writer holds a WritableDb (Signal's readable/writable split).
 */
export type ReadableDb = BetterSqlite3.Database & { readonly __readable: unique symbol };
export type WritableDb = ReadableDb & { readonly __writable: unique symbol };

/** Opens the store for the single writer (the engine): WAL, normal sync, foreign keys. */
export function openWritableDb(file: string): WritableDb {
  const Database = loadSqlite();
  // Transcripts are private: the file exists owner-only before SQLite opens it, and SQLite
  // gives the -wal and -shm files the database's mode.
  ensurePrivateFile(file);
  makeStoreFilesPrivate(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Bigger page cache and mmap make the history scan and FTS updates much cheaper.
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  // Checkpoint every ~40 MB of WAL instead of 4 MB: each checkpoint syncs, and during a history
  // scan frequent syncs cost more than the writes themselves.
  db.pragma('wal_autocheckpoint = 10000');
  makeStoreFilesPrivate(file);
  return db as WritableDb;
}

/**
 * Opens the store read-only (CLI one-shots while the engine runs). WAL lets readers run
 * beside the writer; the busy timeout covers the brief checkpoint locks.
 */
export function openReadableDb(file: string): ReadableDb {
  const Database = loadSqlite();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db as ReadableDb;
}

/** Runs fn in an IMMEDIATE transaction (takes the write lock up front: no upgrade deadlocks). */
export function inTransaction<T>(db: WritableDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}
