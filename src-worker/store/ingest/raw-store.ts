import zlib from 'node:zlib';
import type { RawLine, RawRecord } from '../../sources/types.js';
import type { ReadableDb, WritableDb } from '../database.js';
import { contentHash } from './hash.js';

/** How a file is read, which decides how its raw records are kept (see migration 0004). */
export type RawLayout = 'append' | 'whole' | 'sqlite';

type ManifestEntry = [hash: string, offset: number | null, line: number | null];

// Level 6: 11% smaller than level 1 on agent logs; chunks are compressed on the parse thread, which has the time.
const deflate = (text: string) => zlib.deflateRawSync(text, { level: 6 });
const inflate = (data: Buffer) => zlib.inflateRawSync(data).toString('utf8');

/**
 * Writes the original records beside the normalized rows, each once:
 * - append files: one compressed chunk per commit (far better ratio and speed than per line),
 *   with each line's offset and number when they are not back to back;
 * - files rewritten whole: one row per record, keyed by its hash, plus the file's ordered list
 *   of hashes; records that left the file are dropped, so 60 saves of a growing session cost
 *   about one copy of the final file, not 60 snapshots;
 * - agent databases: one row per table row (key), replaced when its value changes.
 */
export class RawWriter {
  private readonly stmts;

  constructor(db: WritableDb) {
    this.stmts = {
      insertChunk: db.prepare(
        `INSERT OR IGNORE INTO raw_records(file_id, hash, offset, end_offset, first_line, line_count, data, kind, positions)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'chunk', ?)`,
      ),
      hasRecord: db.prepare('SELECT 1 FROM raw_records WHERE file_id = ? AND hash = ?').pluck(),
      insertRecord: db.prepare(
        `INSERT OR IGNORE INTO raw_records(file_id, hash, offset, first_line, line_count, data, kind) VALUES (?, ?, ?, ?, 1, ?, 'record')`,
      ),
      getManifest: db.prepare('SELECT entries FROM raw_manifests WHERE file_id = ?').pluck(),
      putManifest: db.prepare(
        'INSERT INTO raw_manifests(file_id, entries) VALUES (?, ?) ON CONFLICT(file_id) DO UPDATE SET entries = excluded.entries',
      ),
      dropUnlisted: db.prepare(
        `DELETE FROM raw_records WHERE file_id = ? AND kind IN ('record', 'legacy')
           AND hash NOT IN (SELECT json_extract(value, '$[0]') FROM json_each(?))`,
      ),
      kvHash: db.prepare('SELECT hash FROM raw_records WHERE file_id = ? AND rkey = ?').pluck(),
      insertKv: db.prepare(`INSERT INTO raw_records(file_id, hash, line_count, data, kind, rkey) VALUES (?, ?, 1, ?, 'kv', ?)`),
      updateKv: db.prepare('UPDATE raw_records SET hash = ?, data = ? WHERE file_id = ? AND rkey = ?'),
    };
  }

  /** `packed`: an append chunk already compressed by the parse thread (then `raw` is empty). */
  write(fileId: number, layout: RawLayout, raw: RawRecord[], packed?: PackedChunk): void {
    if (packed) return this.insertPacked(fileId, packed);
    if (!raw.length) return;
    if (layout === 'append') this.insertPacked(fileId, packChunk(raw)!);
    else if (layout === 'whole') this.writeWhole(fileId, raw);
    else this.writeRows(fileId, raw);
  }

  private insertPacked(fileId: number, p: PackedChunk): void {
    this.stmts.insertChunk.run(fileId, p.hash, p.offset, p.endOffset, p.firstLine, p.count, p.data, p.positions);
  }

  private writeWhole(fileId: number, raw: RawRecord[]): void {
    const entries: ManifestEntry[] = [];
    for (const r of raw) {
      const hash = contentHash(r.text);
      entries.push([hash, r.offset ?? null, r.line ?? null]);
      if (!this.stmts.hasRecord.get(fileId, hash)) this.stmts.insertRecord.run(fileId, hash, r.offset ?? null, r.line ?? null, deflate(r.text));
    }
    const json = JSON.stringify(entries);
    if (this.stmts.getManifest.get(fileId) === json) return;
    this.stmts.putManifest.run(fileId, json);
    this.stmts.dropUnlisted.run(fileId, json);
  }

  private writeRows(fileId: number, raw: RawRecord[]): void {
    const unkeyed: RawRecord[] = [];
    for (const r of raw) {
      if (r.table === undefined || r.key === undefined) {
        unkeyed.push(r);
        continue;
      }
      const rkey = `${r.table}\t${r.key}`;
      const hash = contentHash(rkey, r.text);
      const old = this.stmts.kvHash.get(fileId, rkey) as string | undefined;
      if (old === hash) continue;
      if (old === undefined) this.stmts.insertKv.run(fileId, hash, deflate(r.text), rkey);
      else this.stmts.updateKv.run(hash, deflate(r.text), fileId, rkey);
    }
    // Records a database adapter did not key are kept once each, for the record.
    for (const r of unkeyed) {
      const hash = contentHash(r.text);
      if (!this.stmts.hasRecord.get(fileId, hash)) this.stmts.insertRecord.run(fileId, hash, null, null, deflate(r.text));
    }
  }
}

/** One append chunk of original lines, compressed: what `raw_records` keeps per commit. */
export interface PackedChunk {
  hash: string;
  offset: number | null;
  endOffset: number | null;
  firstLine: number | null;
  count: number;
  data: Uint8Array;
  /** Each line's [offset, line] when they are not back to back, as JSON; else null. */
  positions: string | null;
}

/**
 * Compresses an append chunk (far better ratio and speed than per line). Pure CPU work, so the
 * parse thread does it and only the small blob crosses to the engine thread.
 */
export function packChunk(raw: readonly RawRecord[]): PackedChunk | undefined {
  if (!raw.length) return undefined;
  const text = raw.map((r) => r.text).join('\n');
  const first = raw[0]!;
  const last = raw[raw.length - 1]!;
  return {
    hash: contentHash(text),
    offset: first.offset ?? null,
    endOffset: last.offset !== undefined ? last.offset + Buffer.byteLength(last.text) : null,
    firstLine: first.line ?? null,
    count: raw.length,
    data: deflate(text),
    positions: backToBack(raw) ? null : JSON.stringify(raw.map((r) => [r.offset ?? null, r.line ?? null])),
  };
}

/** True when each line starts right after the previous one's '\n' (no blank lines, no CR). */
function backToBack(raw: readonly RawRecord[]): boolean {
  for (let i = 1; i < raw.length; i++) {
    const prev = raw[i - 1]!;
    const cur = raw[i]!;
    if (prev.offset === undefined || cur.offset !== prev.offset + Buffer.byteLength(prev.text) + 1) return false;
    if (prev.line === undefined || cur.line !== prev.line + 1) return false;
  }
  return raw[0]!.offset !== undefined && raw[0]!.line !== undefined;
}

/** One stored chunk of an append file, as the lines the reader once handed to the parser. */
export interface StoredChunk {
  lines: RawLine[];
  /** The reader started over here (the file was truncated or replaced): parser state resets. */
  reset: boolean;
  /**
   * False for a chunk kept before 0004 whose lines were not back to back (blank lines, CRLF):
   * their offsets, which some ids derive from, cannot be recovered.
   */
  exact: boolean;
}

interface ChunkRow {
  offset: number | null;
  end_offset: number | null;
  first_line: number | null;
  positions: string | null;
  data: Buffer;
}

/** Reads raw records back, for re-deriving a file's rows without the file. */
export class RawReader {
  constructor(private readonly db: ReadableDb) {}

  /** An append file's lines in the order they were read. Chunks before 0004 are assumed back to back. */
  *appendChunks(fileId: number, onlyLegacy = false): Generator<StoredChunk> {
    // Ids first, then one chunk at a time: the caller writes between chunks (no open cursor),
    // and only one chunk is in memory.
    const kinds = onlyLegacy ? "('legacy')" : "('chunk', 'legacy')";
    const ids = this.db.prepare(`SELECT id FROM raw_records WHERE file_id = ? AND kind IN ${kinds} ORDER BY id`).pluck().all(fileId) as number[];
    const get = this.db.prepare('SELECT offset, end_offset, first_line, positions, data FROM raw_records WHERE id = ?');
    let prevEnd = -1;
    for (const id of ids) {
      const row = get.get(id) as ChunkRow;
      const texts = inflate(row.data).split('\n');
      const positions = row.positions ? (JSON.parse(row.positions) as [number | null, number | null][]) : undefined;
      let offset = row.offset ?? 0;
      let line = row.first_line ?? 1;
      const lines: RawLine[] = texts.map((text, i) => {
        const at = positions?.[i];
        if (at) {
          offset = at[0] ?? offset;
          line = at[1] ?? line;
        }
        const out = { text, offset, line };
        offset += Buffer.byteLength(text) + 1;
        line++;
        return out;
      });
      const start = lines[0]?.offset ?? 0;
      const exact = positions !== undefined || row.end_offset === null || offset - 1 === row.end_offset;
      yield { lines, reset: start === 0 || start < prevEnd, exact };
      prevEnd = offset;
    }
  }

  /** Whether every line's offset and number can be recovered (always, for chunks written since 0004). */
  appendExact(fileId: number): boolean {
    for (const chunk of this.appendChunks(fileId, true)) if (!chunk.exact) return false;
    return true;
  }

  /**
   * The records of a whole file's latest content, in order. A store from before 0004 has the
   * latest snapshot instead: the adapter's records joined by '\n'.
   */
  wholeRecords(fileId: number): RawRecord[] | undefined {
    const entries = this.db.prepare('SELECT entries FROM raw_manifests WHERE file_id = ?').pluck().get(fileId) as string | undefined;
    if (entries !== undefined) {
      const get = this.db.prepare('SELECT data FROM raw_records WHERE file_id = ? AND hash = ?').pluck();
      return (JSON.parse(entries) as ManifestEntry[]).map(([hash, offset, line]) => {
        const data = get.get(fileId, hash) as Buffer | undefined;
        if (!data) throw new Error(`raw record ${hash} of file ${fileId} is missing`);
        return { text: inflate(data), ...(offset !== null ? { offset } : {}), ...(line !== null ? { line } : {}) };
      });
    }
    const latest = this.db.prepare(`SELECT data FROM raw_records WHERE file_id = ? AND kind = 'legacy' ORDER BY id DESC LIMIT 1`).pluck().get(fileId) as Buffer | undefined;
    return latest ? inflate(latest).split('\n').map((text) => ({ text })) : undefined;
  }

  /** A database file's stored rows (latest value per table and key). */
  tableRows(fileId: number): RawRecord[] {
    const rows = this.db.prepare(`SELECT rkey, data FROM raw_records WHERE file_id = ? AND kind = 'kv' ORDER BY id`).all(fileId) as { rkey: string; data: Buffer }[];
    return rows.map(({ rkey, data }) => {
      const tab = rkey.indexOf('\t');
      return { table: rkey.slice(0, tab), key: rkey.slice(tab + 1), text: inflate(data) };
    });
  }

  hasManifest(fileId: number): boolean {
    return this.db.prepare('SELECT 1 FROM raw_manifests WHERE file_id = ?').get(fileId) !== undefined;
  }

  hasLegacy(fileId: number): boolean {
    return this.db.prepare(`SELECT 1 FROM raw_records WHERE file_id = ? AND kind = 'legacy' LIMIT 1`).get(fileId) !== undefined;
  }
}

/** Bytes the raw records of a file (or the whole store) take: compressed data plus manifests. */
export function rawBytes(db: ReadableDb, fileId?: number): number {
  const where = fileId === undefined ? '' : ' WHERE file_id = ?';
  const args = fileId === undefined ? [] : [fileId];
  const data = db.prepare(`SELECT coalesce(sum(length(data)), 0) FROM raw_records${where}`).pluck().get(...args) as number;
  const manifests = db.prepare(`SELECT coalesce(sum(length(entries)), 0) FROM raw_manifests${where}`).pluck().get(...args) as number;
  return data + manifests;
}
