import { pathToFileURL } from 'node:url';
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
  try {
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    throw atFile(file, err);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A 16 MB page cache (default 2 MB): index and FTS pages stay hot during a scan; more than that
  // buys little (the OS caches the file too) and counts fully in peak memory.
  db.pragma('cache_size = -16000');
  db.pragma('temp_store = MEMORY');
  // Checkpoint every ~40 MB of WAL instead of 4 MB: each checkpoint syncs, and during a history
  // scan frequent syncs cost more than the writes themselves.
  db.pragma('wal_autocheckpoint = 10000');
  makeStoreFilesPrivate(file);
  return db as WritableDb;
}

/** SQLite's errors do not say which file: `<path>: file is not a database`. */
function atFile(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${file}: ${message}`, { cause: err });
}

/** What SQLite says when a WAL reader cannot create or write the -shm/-wal files beside the store. */
const CANNOT_WRITE_BESIDE = new Set(['SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_CANTINIT', 'SQLITE_READONLY_RECOVERY', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']);

/**
 * Opens the store read-only (CLI one-shots while the engine runs). WAL lets readers run
 * beside the writer; the busy timeout covers the brief checkpoint locks. A WAL reader must
 * write the -shm file, so a store on read-only media (a backup, a read-only mount) is opened
 * immutable instead: no locks, no side files.
 */
export function openReadableDb(file: string): ReadableDb {
  const Database = loadSqlite();
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('schema_version'); // The first read: this is where WAL needs its side files.
    return db as ReadableDb;
  } catch (err) {
    db?.close();
    if (!CANNOT_WRITE_BESIDE.has((err as { code?: string }).code ?? '')) throw atFile(file, err);
    try {
      return openImmutableDb(file);
    } catch {
      throw atFile(file, err);
    }
  }
}

/**
 * The store as a file nobody writes. Only right when nothing does: a running engine's recent
 * transactions still in the -wal are not seen (a store copied after a clean stop has none).
 */
export function openImmutableDb(file: string): ReadableDb {
  const Database = loadSqlite();
  const db = new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, fileMustExist: true });
  try {
    db.pragma('schema_version');
  } catch (err) {
    db.close();
    throw err;
  }
  return db as ReadableDb;
}

/** Runs fn in an IMMEDIATE transaction (takes the write lock up front: no upgrade deadlocks). */
export function inTransaction<T>(db: WritableDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}
