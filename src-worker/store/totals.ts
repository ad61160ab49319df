import fs from 'node:fs';
import type { StoreTotals } from '../../src-shared/contract/index.js';
import type { ReadableDb } from './database.js';
import { getMeta } from './meta.js';

function count(db: ReadableDb, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Row counts and size for status; cheap enough for a status poll on a large store. */
export function readStoreTotals(db: ReadableDb, dbPath: string): StoreTotals {
  return {
    sessions: count(db, 'sessions'),
    messages: count(db, 'messages'),
    toolCalls: count(db, 'tool_calls'),
    problemCount: count(db, 'problems'),
    dbBytes: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
    lastSeq: Number(getMeta(db, 'next_seq') ?? '1') - 1,
  };
}
