import type { WritableDb } from '../database.js';
import { FileTouchWriter } from '../file-touches/touch-writer.js';

/**
 * Files touched by tool calls, for "which sessions changed this file" and a session's file list.
 *
 * - file_touches: one row per tool call, file and action (read, edit, write, delete, move,
 *   search), extracted at ingest from the call's name and input (file-touches/extract.ts).
 *   `path` is absolute when the agent gave it or the workspace is known; `rel_path` is the
 *   path inside the session's workspace, so the filter takes `src/app.ts` as well as the full
 *   path. Both are indexed with the session for the filter; session_id for a session's list.
 * - A deleted tool call (reparse, sync, a deleted session) takes its rows with it (trigger).
 * - Stores from before this step are filled here once, from the tool calls they hold.
 */
export function migration0008SearchFiles(db: WritableDb): void {
  db.exec(`
    CREATE TABLE file_touches (
      tool_call_rowid INTEGER NOT NULL,
      session_id      TEXT NOT NULL,
      path            TEXT NOT NULL,
      rel_path        TEXT,
      action          TEXT NOT NULL,
      time            TEXT,
      PRIMARY KEY (tool_call_rowid, path, action)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX file_touches_path ON file_touches(path, session_id);
    CREATE INDEX file_touches_rel_path ON file_touches(rel_path, session_id) WHERE rel_path IS NOT NULL;
    CREATE INDEX file_touches_session ON file_touches(session_id, path);

    CREATE TRIGGER file_touches_delete AFTER DELETE ON tool_calls BEGIN
      DELETE FROM file_touches WHERE tool_call_rowid = old.rowid;
    END;
  `);
  FileTouchWriter.backfill(db);
}
