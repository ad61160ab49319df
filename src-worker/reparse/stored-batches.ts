import fs from 'node:fs';
import { APPEND_CHUNK_BYTES, splitLines } from '../collect/read-append.js';
import { loadSqlite } from '../native.js';
import { joinRecords } from '../sources/raw-content.js';
import { emptyBatch, RetryLaterError, type FileContext, type FileHandler, type NormalizedBatch, type ParserState, type RawRecord } from '../sources/types.js';
import type { RawReader } from '../store/ingest/raw-store.js';

export interface StoredBatch {
  batch: NormalizedBatch;
  /** Raw records parsed for this batch. */
  records: number;
  /** Write batch.raw again: the file's raw records are still in the layout from before 0004. */
  keepRaw: boolean;
}

/** A database kept before 0004 (rows without their keys): the collector must read it again. */
export class NeedsSourceError extends Error {}

/** The stored records cannot rebuild this file exactly and the file is gone: its rows stay as they are. */
export class CannotRederiveError extends Error {}

/** The file's cursor, and a way to drop its stored chunks when they are replaced. */
export interface AppendSource {
  /** Bytes of the file the store has read (the cursor). */
  offset: number;
  dropStoredChunks(): void;
}

/**
 * What a fresh parse of a file gives, computed from its stored raw records only (the agent may
 * have deleted the file): append files line by line in the order they were read, whole files
 * from their latest records, databases from their stored rows rebuilt in memory.
 */
export function* storedBatches(reader: RawReader, fileId: number, file: FileContext, handler: FileHandler, source: AppendSource): Generator<StoredBatch> {
  if (handler.kind === 'append') {
    if (!reader.appendExact(fileId)) {
      yield* fileLineBatches(file, handler, source);
      return;
    }
    let state: ParserState = {};
    for (const chunk of reader.appendChunks(fileId)) {
      if (chunk.reset) state = {};
      yield { batch: handler.parseLines(chunk.lines, file, state), records: chunk.lines.length, keepRaw: false };
    }
  } else if (handler.kind === 'whole') {
    const records = reader.wholeRecords(fileId);
    if (!records) return;
    const legacy = !reader.hasManifest(fileId);
    yield { batch: parseWhole(handler, records, file), records: records.length, keepRaw: legacy };
  } else {
    const rows = reader.tableRows(fileId);
    if (rows.length === 0) {
      if (reader.hasLegacy(fileId)) throw new NeedsSourceError(`${file.path}: kept before per-row raw records; the database must be read again`);
      return;
    }
    yield* databaseBatches(rows, file, handler.readDatabase);
  }
}

/**
 * Chunks kept before 0004 whose lines were not back to back lost their offsets (ids of some
 * agents derive from them): while the file is still there, its lines up to the cursor are read
 * again, once, and stored with their positions; a gone file cannot be re-derived exactly.
 */
function* fileLineBatches(file: FileContext, handler: Extract<FileHandler, { kind: 'append' }>, source: AppendSource): Generator<StoredBatch> {
  let fd: number;
  try {
    fd = fs.openSync(file.path, 'r');
  } catch {
    throw new CannotRederiveError(`kept before line positions were stored, with blank lines or CRLF endings, and the file is gone: its rows are left as they are`);
  }
  try {
    source.dropStoredChunks();
    const state: ParserState = {};
    let position = 0;
    let lineNo = 0;
    let carry = Buffer.alloc(0);
    while (position < source.offset) {
      const chunk = Buffer.alloc(Math.min(APPEND_CHUNK_BYTES, source.offset - position));
      const read = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      const data = Buffer.concat([carry, chunk.subarray(0, read)]);
      const start = position - carry.length;
      position += read;
      const end = position >= source.offset ? data.length : data.lastIndexOf(0x0a) + 1;
      carry = data.subarray(end);
      if (end === 0) continue;
      const { lines, nextLineNo } = splitLines(data.subarray(0, end), start, lineNo);
      lineNo = nextLineNo;
      yield { batch: handler.parseLines(lines, file, state), records: lines.length, keepRaw: true };
    }
  } finally {
    fs.closeSync(fd);
  }
}

function parseWhole(handler: Extract<FileHandler, { kind: 'whole' }>, records: RawRecord[], file: FileContext): NormalizedBatch {
  try {
    return handler.parseRecords ? handler.parseRecords(records, file, {}) : handler.parseFile(joinRecords(records), file, {});
  } catch (err) {
    // A snapshot kept mid-save (e.g. empty): nothing to derive, said so.
    if (!(err instanceof RetryLaterError)) throw err;
    return { ...emptyBatch(), problems: [{ reason: `stored content could not be parsed: ${err.message}` }] };
  }
}

/** Rebuilds the stored rows as in-memory tables and reads them as the agent's database. */
function* databaseBatches(rows: RawRecord[], file: FileContext, read: Extract<FileHandler, { kind: 'sqlite' }>['readDatabase']): Generator<StoredBatch> {
  const Database = loadSqlite();
  const db = new Database(':memory:');
  try {
    const tables = new Set(rows.map((r) => r.table!));
    for (const table of tables) db.exec(`CREATE TABLE "${table.replace(/"/g, '""')}" (key TEXT PRIMARY KEY, value BLOB)`);
    db.transaction(() => {
      for (const r of rows) db.prepare(`INSERT OR REPLACE INTO "${r.table!.replace(/"/g, '""')}"(key, value) VALUES (?, ?)`).run(r.key, r.text);
    })();
    const state: ParserState = {};
    do {
      const batch = read(db, file, state);
      yield { batch, records: batch.raw.length, keepRaw: false };
    } while (state.incomplete === true);
  } finally {
    db.close();
  }
}
