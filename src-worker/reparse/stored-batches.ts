import { loadSqlite } from '../native.js';
import { joinRecords } from '../sources/raw-content.js';
import { emptyBatch, RetryLaterError, type FileContext, type FileHandler, type NormalizedBatch, type ParserState, type RawRecord } from '../sources/types.js';
import type { RawReader } from '../store/ingest/raw-store.js';

export interface StoredBatch {
  batch: NormalizedBatch;
  /** Raw records parsed for this batch. */
  records: number;
  /** Write batch.raw again: the file's raw records are still in the layout from before 0005. */
  keepRaw: boolean;
}

/** The stored raw rows cannot rebuild this file (a database kept before 0005): re-read it instead. */
export class NeedsSourceError extends Error {}

/**
 * What a fresh parse of a file gives, computed from its stored raw records only (the agent may
 * have deleted the file): append files line by line in the order they were read, whole files
 * from their latest records, databases from their stored rows rebuilt in memory.
 */
export function* storedBatches(reader: RawReader, fileId: number, file: FileContext, handler: FileHandler): Generator<StoredBatch> {
  if (handler.kind === 'append') {
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
