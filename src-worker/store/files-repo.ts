import type { AgentId } from '../../src-shared/domain.js';
import type { ReadableDb, WritableDb } from './database.js';

/** Where a file's cursor stands: its identity and how far it has been read. */
export interface CursorPosition {
  dev: string | null;
  ino: string | null;
  fingerprint: string | null;
  size: number;
  mtimeMs: number;
  offset: number;
  lineNo: number;
  contentHash: string | null;
  parserState: Record<string, unknown>;
  lastEventAt: string | null;
}

/** A source file's identity and cursor, as stored in `files`. */
export interface FileRow extends CursorPosition {
  id: number;
  agent: AgentId;
  path: string;
  status: 'active' | 'missing' | 'error';
  records: number;
  malformed: number;
  error: string | null;
}

/** What a read moves forward; written in the same transaction as the records it produced. */
export interface CursorUpdate extends CursorPosition {
  /** Added to the running totals. */
  records: number;
  malformed: number;
  /** Set when the read started over from byte 0 (truncated or replaced file). */
  resetCounts?: boolean;
}

interface RawFileRow {
  id: number;
  agent: string;
  path: string;
  dev: string | null;
  ino: string | null;
  fingerprint: string | null;
  size: number;
  mtime_ms: number;
  offset: number;
  line_no: number;
  content_hash: string | null;
  parser_state: string | null;
  last_event_at: string | null;
  status: string;
  records: number;
  malformed: number;
  error: string | null;
}

function toFileRow(r: RawFileRow): FileRow {
  let parserState: Record<string, unknown> = {};
  try {
    parserState = r.parser_state ? (JSON.parse(r.parser_state) as Record<string, unknown>) : {};
  } catch {
    parserState = {};
  }
  return {
    id: r.id,
    agent: r.agent as AgentId,
    path: r.path,
    dev: r.dev,
    ino: r.ino,
    fingerprint: r.fingerprint,
    size: r.size,
    mtimeMs: r.mtime_ms,
    offset: r.offset,
    lineNo: r.line_no,
    contentHash: r.content_hash,
    parserState,
    lastEventAt: r.last_event_at,
    status: r.status as FileRow['status'],
    records: r.records,
    malformed: r.malformed,
    error: r.error,
  };
}

const SELECT_BY_PATH = 'SELECT * FROM files WHERE path = ?';

export function getFileByPath(db: ReadableDb, path: string): FileRow | undefined {
  const row = db.prepare(SELECT_BY_PATH).get(path) as RawFileRow | undefined;
  return row ? toFileRow(row) : undefined;
}

/** The repository of `files` rows used by the single writer. */
export class FilesRepo {
  private readonly insert;
  private readonly update;
  private readonly setStatusStmt;
  private readonly stampStmt;
  private readonly byPath;

  constructor(private readonly db: WritableDb) {
    this.insert = db.prepare(
      `INSERT INTO files(agent, path, updated_at, parser_version) VALUES (?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET agent = excluded.agent RETURNING *`,
    );
    this.update = db.prepare(
      `UPDATE files SET dev = @dev, ino = @ino, fingerprint = @fingerprint, size = @size, mtime_ms = @mtimeMs,
         offset = @offset, line_no = @lineNo, content_hash = @contentHash, parser_state = @parserState,
         last_event_at = coalesce(@lastEventAt, last_event_at),
         records = CASE WHEN @reset THEN 0 ELSE records END + @records,
         malformed = CASE WHEN @reset THEN 0 ELSE malformed END + @malformed,
         status = 'active', error = NULL, updated_at = @now
       WHERE id = @id`,
    );
    this.setStatusStmt = db.prepare('UPDATE files SET status = ?, error = ?, updated_at = ? WHERE id = ?');
    this.stampStmt = db.prepare('UPDATE files SET parser_version = ?, root = ?, rel_path = ?, reparse_pending = 0 WHERE id = ?');
    this.byPath = db.prepare(SELECT_BY_PATH);
  }

  get(path: string): FileRow | undefined {
    const row = this.byPath.get(path) as RawFileRow | undefined;
    return row ? toFileRow(row) : undefined;
  }

  /** The row for a path, created (cursor at 0) if the file is new to us. */
  ensure(agent: AgentId, path: string, parserVersion = 1): FileRow {
    // A new row has no rows of an older parser: it starts at the adapter's current version.
    return toFileRow(this.insert.get(agent, path, new Date().toISOString(), parserVersion) as RawFileRow);
  }

  advance(id: number, cursor: CursorUpdate): void {
    this.update.run({
      id,
      dev: cursor.dev,
      ino: cursor.ino,
      fingerprint: cursor.fingerprint,
      size: cursor.size,
      mtimeMs: Math.trunc(cursor.mtimeMs),
      offset: cursor.offset,
      lineNo: cursor.lineNo,
      contentHash: cursor.contentHash,
      parserState: JSON.stringify(cursor.parserState),
      lastEventAt: cursor.lastEventAt,
      records: cursor.records,
      malformed: cursor.malformed,
      reset: cursor.resetCounts ? 1 : 0,
      now: new Date().toISOString(),
    });
  }

  /** The file's rows now all come from this parser version; where it sits, for re-deriving it later. */
  stampSource(id: number, source: { parserVersion: number; root: string; relPath: string }): void {
    this.stampStmt.run(source.parserVersion, source.root, source.relPath, id);
  }

  setStatus(id: number, status: FileRow['status'], error: string | null): void {
    this.setStatusStmt.run(status, error, new Date().toISOString(), id);
  }
}
