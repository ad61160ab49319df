import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import { openReadableDb, type ReadableDb } from '../database.js';
import { getMeta } from '../meta.js';
import { SCHEMA_VERSION } from '../migrations/index.js';

export interface StoreFileFacts {
  schemaVersion: number;
  sessions: number;
  machineId: string;
}

/** The tables every devlog store has had since schema 1. */
const CORE_TABLES = ['meta', 'machines', 'sessions', 'messages', 'session_meta'];

/**
 * Checks that `file` is a whole devlog store this build can open: a SQLite database (not
 * damaged), with devlog's tables and a machine id, at a schema version from 1 to this build's.
 * Each failure names the file and what is wrong.
 */
export function checkStoreFile(file: string): StoreFileFacts {
  let db: ReadableDb;
  try {
    db = openReadableDb(file); // says `<file>: file is not a database`
  } catch (err) {
    throw new DevlogError(ErrorCodes.BadRequest, (err as Error).message);
  }
  try {
    return facts(db, file);
  } finally {
    db.close();
  }
}

export function facts(db: ReadableDb, file: string): StoreFileFacts {
  const bad = (why: string) => new DevlogError(ErrorCodes.BadRequest, `${file}: ${why}`);
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw bad(`the database is damaged (${check})`);
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw bad(`not a devlog store (no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  if (schemaVersion < 1) throw bad('not a devlog store (schema version 0)');
  if (schemaVersion > SCHEMA_VERSION) throw bad(`made by a newer devlog (schema ${schemaVersion}, this build knows up to ${SCHEMA_VERSION}); update devlog`);
  const machineId = getMeta(db, 'machine_id');
  if (!machineId) throw bad('not a devlog store (no machine id)');
  const sessions = db.prepare('SELECT count(*) FROM sessions').pluck().get() as number;
  return { schemaVersion, sessions, machineId };
}
