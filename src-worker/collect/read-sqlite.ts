import fs from 'node:fs';
import { loadSqlite } from '../native.js';
import { RetryLaterError, type FileContext, type SqliteHandler } from '../sources/types.js';
import { latestEventTime, type ReadDeps, type ReaderRow, type ReadResult } from './read-types.js';
import { assertRegularFile } from './regular-file.js';

function statSignature(path: string): string {
  try {
    const s = fs.statSync(path);
    return `${s.size}:${Math.trunc(s.mtimeMs)}`;
  } catch {
    return '-';
  }
}

/**
 * Reads an agent's SQLite database: opened read-only with a short busy timeout so the agent is
 * never blocked; re-read when the database or one of its companions (-wal) changes.
 */
export async function readSqliteFile(row: ReaderRow, file: FileContext, handler: SqliteHandler, deps: ReadDeps): Promise<ReadResult> {
  const signature = [file.path, ...(handler.companions ?? []).map((suffix) => file.path + suffix)].map(statSignature).join('|');
  if (signature === row.contentHash) return { bytes: 0, records: 0 };
  const stat = assertRegularFile(file.path);
  const identity = { dev: String(stat.dev), ino: String(stat.ino), fingerprint: null, size: stat.size, mtimeMs: stat.mtimeMs, offset: 0, lineNo: 0 };
  if (deps.startAtEnd) {
    deps.emit({ batch: null, cursor: { ...identity, contentHash: signature, parserState: {}, lastEventAt: null, records: 0, malformed: 0 }, bytes: 0 });
    return { bytes: 0, records: 0 };
  }
  const Database = loadSqlite();
  let db;
  try {
    db = new Database(file.path, { readonly: true, fileMustExist: true, timeout: 1000 });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new RetryLaterError(`${file.path} is busy`);
    throw err;
  }
  const state = { ...row.parserState };
  let batch;
  try {
    batch = handler.readDatabase(db, file, state);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new RetryLaterError(`${file.path} is busy`);
    throw err;
  } finally {
    db.close();
  }
  const records = batch.messages.length;
  // A big database is read over several calls (the handler sets state.incomplete): keep the old
  // signature so the next call reads on instead of seeing "unchanged".
  const more = state.incomplete === true;
  deps.emit({
    batch,
    cursor: {
      ...identity,
      contentHash: more ? row.contentHash : signature,
      parserState: state,
      lastEventAt: latestEventTime(batch),
      records,
      malformed: batch.problems.length,
    },
    bytes: stat.size,
  });
  return { bytes: stat.size, records, more };
}
