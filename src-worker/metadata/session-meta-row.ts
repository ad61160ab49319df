import type { WireSessionMeta } from '../../src-shared/sync-wire.js';
import type { ReadableDb, WritableDb } from '../store/database.js';
import type { SeqAllocator } from '../store/seq.js';

/** A session's user metadata in the shape the sync wire carries it (one type on both sides). */
export type SessionMeta = WireSessionMeta;

interface SessionMetaTableRow {
  session_id: string;
  title: string | null;
  tags: string;
  starred: number;
  hidden: number;
  deleted: number;
  version: number;
  updated_at: string;
  updated_by: string;
}

function parseTags(text: string): string[] {
  try {
    const tags: unknown = JSON.parse(text);
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return []; // a hand-edited store: no tags rather than a crash
  }
}

export function readSessionMeta(db: ReadableDb, sessionId: string): SessionMeta | undefined {
  const row = db.prepare('SELECT * FROM session_meta WHERE session_id = ?').get(sessionId) as SessionMetaTableRow | undefined;
  if (!row) return undefined;
  return {
    kind: 'session_meta',
    id: row.session_id,
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    title: row.title,
    tags: parseTags(row.tags),
    starred: row.starred === 1,
    hidden: row.hidden === 1,
    deleted: row.deleted === 1,
  };
}

/** Stores the metadata with a new sequence number, so exporters see the change. Call inside seq.transaction. */
export function writeSessionMeta(db: WritableDb, seq: SeqAllocator, meta: SessionMeta): void {
  db.prepare(
    `INSERT INTO session_meta(session_id, title, tags, starred, hidden, deleted, version, updated_at, updated_by, seq)
     VALUES (@id, @title, @tags, @starred, @hidden, @deleted, @version, @updatedAt, @updatedBy, @seq)
     ON CONFLICT(session_id) DO UPDATE SET title = excluded.title, tags = excluded.tags, starred = excluded.starred,
       hidden = excluded.hidden, deleted = excluded.deleted, version = excluded.version,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by, seq = excluded.seq`,
  ).run({
    id: meta.id,
    title: meta.title ?? null,
    tags: JSON.stringify(meta.tags),
    starred: meta.starred ? 1 : 0,
    hidden: meta.hidden ? 1 : 0,
    deleted: meta.deleted ? 1 : 0,
    version: meta.version,
    updatedAt: meta.updatedAt,
    updatedBy: meta.updatedBy,
    seq: seq.take(),
  });
}
