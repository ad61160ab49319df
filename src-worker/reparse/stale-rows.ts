import type { WritableDb } from '../store/database.js';

/** The ids a re-derivation of one file produced. */
export interface ProducedIds {
  sessions: Set<string>;
  messages: Set<string>;
  toolCalls: Set<string>;
  usage: Set<string>;
}

export function emptyProduced(): ProducedIds {
  return { sessions: new Set(), messages: new Set(), toolCalls: new Set(), usage: new Set() };
}

/**
 * Rows an earlier parse of this file produced that the new parse does not: they are removed, so
 * a re-derived store equals a fresh ingest. Messages are found by their file; tool calls and
 * usage by the removed messages they hang on (rows not tied to a message are left alone, since
 * another file may have produced them). A session left with no rows, and not produced again,
 * is removed too; the user's own metadata (session_meta: title, tags, star, hidden) is kept, so
 * it is there again if the session ever comes back. Returns the sessions touched.
 */
export function removeUnproduced(db: WritableDb, fileId: number, produced: ProducedIds): { removed: number; sessions: Set<string> } {
  const sessions = new Set<string>();
  let removed = 0;
  const stale = (db.prepare('SELECT id, session_id FROM messages WHERE file_id = ?').all(fileId) as { id: string; session_id: string }[]).filter(
    (m) => !produced.messages.has(m.id),
  );
  if (stale.length === 0) return { removed, sessions };
  const ids = JSON.stringify(stale.map((m) => m.id));
  for (const m of stale) sessions.add(m.session_id);

  const hanging = (table: 'tool_calls' | 'usage', key: 'id' | 'key', keep: Set<string>) => {
    const rows = db.prepare(`SELECT ${key} AS k, session_id FROM ${table} WHERE message_id IN (SELECT value FROM json_each(?))`).all(ids) as { k: string; session_id: string }[];
    const drop = rows.filter((r) => !keep.has(r.k));
    for (const r of drop) sessions.add(r.session_id);
    if (drop.length) removed += db.prepare(`DELETE FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`).run(JSON.stringify(drop.map((r) => r.k))).changes;
  };
  hanging('tool_calls', 'id', produced.toolCalls);
  hanging('usage', 'key', produced.usage);
  removed += db.prepare('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))').run(ids).changes;

  const empty = db.prepare(
    `SELECT NOT EXISTS (SELECT 1 FROM messages WHERE session_id = ?1) AND NOT EXISTS (SELECT 1 FROM tool_calls WHERE session_id = ?1)
       AND NOT EXISTS (SELECT 1 FROM usage WHERE session_id = ?1) AND NOT EXISTS (SELECT 1 FROM sessions WHERE parent_session_id = ?1)`,
  ).pluck();
  const dropSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  for (const id of sessions) {
    if (!produced.sessions.has(id) && empty.get(id) === 1) removed += dropSession.run(id).changes;
  }
  return { removed, sessions };
}
