import type { WritableDb } from '../database.js';
import { getMeta, setMeta } from '../meta.js';

/**
 * Repairs what stores of earlier builds can carry, and makes full-text rowids part of the rows.
 *
 * - Stale insert triggers: the first shipped 0002 indexed new rows with per-row insert triggers;
 *   later builds index them from the writer, so a store made by that first build indexed every
 *   new row twice (FTS5 integrity-check fails). The triggers go and the index is rebuilt, once.
 * - messages and tool_calls get an explicit `rowid INTEGER PRIMARY KEY`: the FTS indexes point
 *   at rows by rowid, and an implicit rowid is not part of the row (a dump, `.recover` or a
 *   future table rebuild renumbers it). The tables are rebuilt keeping every rowid, so the index
 *   stays valid without a rebuild. The column is named `rowid` so every query reads as before.
 * - Session counts: an earlier writer moved a message repeated by another session (a Claude Code
 *   fork) without its count; counts that disagree with the rows are recounted, with a new seq.
 */
export function migration0003Repair(db: WritableDb): void {
  const hadInsertTriggers = dropStaleInsertTriggers(db);
  rebuildMessages(db);
  rebuildToolCalls(db);
  if (hadInsertTriggers) {
    db.exec(`
      INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
      INSERT INTO tool_calls_fts(tool_calls_fts) VALUES ('rebuild');
    `);
  }
  recountSessions(db);
}

function dropStaleInsertTriggers(db: WritableDb): boolean {
  const found = db
    .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('messages_fts_insert', 'tool_calls_fts_insert')`)
    .pluck()
    .get() as number;
  db.exec('DROP TRIGGER IF EXISTS messages_fts_insert; DROP TRIGGER IF EXISTS tool_calls_fts_insert;');
  return found > 0;
}

const MESSAGE_COLUMNS = 'id, session_id, parent_id, role, kind, time, model, text, content, is_sidechain, is_meta, ordinal, file_id, line, hash, seq';

function rebuildMessages(db: WritableDb): void {
  // DROP TABLE takes the table's indexes and triggers with it: both are made again below.
  db.exec(`
    CREATE TABLE messages_rebuilt (
      rowid        INTEGER PRIMARY KEY,
      id           TEXT NOT NULL UNIQUE,
      session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      parent_id    TEXT,
      role         TEXT NOT NULL,
      kind         TEXT NOT NULL DEFAULT 'message',
      time         TEXT,
      model        TEXT,
      text         TEXT NOT NULL DEFAULT '',
      content      TEXT,
      is_sidechain INTEGER NOT NULL DEFAULT 0,
      is_meta      INTEGER NOT NULL DEFAULT 0,
      ordinal      INTEGER NOT NULL DEFAULT 0,
      file_id      INTEGER,
      line         INTEGER,
      hash         TEXT NOT NULL,
      seq          INTEGER NOT NULL
    ) STRICT;
    INSERT INTO messages_rebuilt(rowid, ${MESSAGE_COLUMNS}) SELECT rowid, ${MESSAGE_COLUMNS} FROM messages ORDER BY rowid;
    DROP TABLE messages;
    ALTER TABLE messages_rebuilt RENAME TO messages;
    CREATE INDEX messages_session ON messages(session_id, ordinal);
    CREATE INDEX messages_seq ON messages(seq);

    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.text IS NOT new.text BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
  `);
}

const TOOL_CALL_COLUMNS = 'id, session_id, message_id, name, input, result, is_error, time, result_time, hash, seq';

function rebuildToolCalls(db: WritableDb): void {
  db.exec(`
    CREATE TABLE tool_calls_rebuilt (
      rowid       INTEGER PRIMARY KEY,
      id          TEXT NOT NULL UNIQUE,
      session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      message_id  TEXT,
      name        TEXT NOT NULL,
      input       TEXT,
      result      TEXT,
      is_error    INTEGER NOT NULL DEFAULT 0,
      time        TEXT,
      result_time TEXT,
      hash        TEXT NOT NULL,
      seq         INTEGER NOT NULL
    ) STRICT;
    INSERT INTO tool_calls_rebuilt(rowid, ${TOOL_CALL_COLUMNS}) SELECT rowid, ${TOOL_CALL_COLUMNS} FROM tool_calls ORDER BY rowid;
    DROP TABLE tool_calls;
    ALTER TABLE tool_calls_rebuilt RENAME TO tool_calls;
    CREATE INDEX tool_calls_session ON tool_calls(session_id);
    CREATE INDEX tool_calls_message ON tool_calls(message_id);
    CREATE INDEX tool_calls_seq ON tool_calls(seq);

    CREATE TRIGGER tool_calls_fts_delete AFTER DELETE ON tool_calls BEGIN
      INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
    END;
    CREATE TRIGGER tool_calls_fts_update AFTER UPDATE OF name, input, result ON tool_calls
      WHEN old.name IS NOT new.name OR old.input IS NOT new.input OR old.result IS NOT new.result BEGIN
      INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
      INSERT INTO tool_calls_fts(rowid, name, input, result) VALUES (new.rowid, new.name, new.input, new.result);
    END;
  `);
}

/** Counts that disagree with the rows a session owns are set from the rows; each such session is a change (new seq). */
function recountSessions(db: WritableDb): void {
  const wrong = db
    .prepare(
      `SELECT s.id, coalesce(m.n, 0) AS messages, coalesce(t.n, 0) AS toolCalls
         FROM sessions s
         LEFT JOIN (SELECT session_id, count(*) AS n FROM messages GROUP BY session_id) m ON m.session_id = s.id
         LEFT JOIN (SELECT session_id, count(*) AS n FROM tool_calls GROUP BY session_id) t ON t.session_id = s.id
        WHERE s.message_count <> coalesce(m.n, 0) OR s.tool_call_count <> coalesce(t.n, 0)
        ORDER BY s.id`,
    )
    .all() as Array<{ id: string; messages: number; toolCalls: number }>;
  if (!wrong.length) return;
  let next = Number(getMeta(db, 'next_seq') ?? '1');
  const update = db.prepare('UPDATE sessions SET message_count = ?, tool_call_count = ?, seq = ? WHERE id = ?');
  for (const s of wrong) update.run(s.messages, s.toolCalls, next++, s.id);
  setMeta(db, 'next_seq', String(next));
}
