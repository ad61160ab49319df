import { metaTime } from '../../src-shared/meta-order.js';
import type { WritableDb } from '../store/database.js';

/** How long a deleted session's content stays (a mistaken delete can still be dug out of a backup). */
export const PURGE_AFTER_DAYS = 30;

export interface PurgeResult {
  sessions: number;
  rows: number;
}

/**
 * Removes the content of sessions deleted more than PURGE_AFTER_DAYS ago: messages, tool calls,
 * usage, the raw records of files that held only that session, and the session's own text. The
 * session row (id, agent, workspace, origin) and its tombstone stay, so the delete still reaches
 * a remote added later and a later collection or pull of the session never shows it again.
 * Content that came back since (the agent appended to its file) goes on the next run.
 * Local housekeeping: no sequence numbers are taken, nothing is exported.
 */
export function purgeDeletedSessions(db: WritableDb, now: Date = new Date()): PurgeResult {
  const cutoff = now.getTime() - PURGE_AFTER_DAYS * 86_400_000;
  const due = (db.prepare('SELECT session_id AS id, updated_at AS at FROM session_meta WHERE deleted = 1').all() as { id: string; at: string }[])
    .filter((t) => metaTime(t.at) <= cutoff)
    .map((t) => t.id);
  const result: PurgeResult = { sessions: 0, rows: 0 };
  const filesOf = db.prepare('SELECT DISTINCT file_id FROM messages WHERE session_id = ? AND file_id IS NOT NULL').pluck();
  const drop = ['tool_calls', 'usage', 'messages'].map((table) => db.prepare(`DELETE FROM ${table} WHERE session_id = ?`));
  const fileStillUsed = db.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE file_id = ?)').pluck();
  const dropRaw = db.prepare('DELETE FROM raw_records WHERE file_id = ?');
  const blank = db.prepare(
    `UPDATE sessions SET agent_title = NULL, first_prompt = NULL, git_branch = NULL, extra = NULL, models = '[]',
       message_count = 0, tool_call_count = 0, input_tokens = 0, output_tokens = 0, cache_read_tokens = 0,
       cache_creation_tokens = 0, reasoning_tokens = 0
     WHERE id = ? AND (agent_title IS NOT NULL OR first_prompt IS NOT NULL OR git_branch IS NOT NULL OR extra IS NOT NULL
       OR models <> '[]' OR message_count <> 0 OR tool_call_count <> 0 OR input_tokens <> 0 OR output_tokens <> 0)`,
  );
  for (const id of due) {
    // One transaction per session: the engine's writes interleave between them.
    db.transaction(() => {
      const files = filesOf.all(id) as number[];
      let rows = 0;
      for (const stmt of drop) rows += stmt.run(id).changes;
      for (const file of files) if (fileStillUsed.get(file) === 0) rows += dropRaw.run(file).changes;
      rows += blank.run(id).changes;
      if (rows > 0) {
        result.sessions++;
        result.rows += rows;
      }
    }).immediate();
  }
  return result;
}
