import type { WritableDb } from '../../database.js';

/**
 * Migration 0002 as first shipped (commit ead296e), kept verbatim as a test fixture: stores
 * made by that build index new rows with the insert triggers below. Commit b5cc498 later moved
 * that indexing into the writer and edited this step in place, so such stores indexed every new
 * row twice; migration 0003 repairs them. Never import this outside tests.
 */
export function shippedMigration0002Fulltext(db: WritableDb): void {
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      text,
      content='messages', content_rowid='rowid',
      tokenize='unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.text IS NOT new.text BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
    END;

    CREATE VIRTUAL TABLE tool_calls_fts USING fts5(
      name, input, result,
      content='tool_calls', content_rowid='rowid',
      tokenize='unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER tool_calls_fts_insert AFTER INSERT ON tool_calls BEGIN
      INSERT INTO tool_calls_fts(rowid, name, input, result) VALUES (new.rowid, new.name, new.input, new.result);
    END;
    CREATE TRIGGER tool_calls_fts_delete AFTER DELETE ON tool_calls BEGIN
      INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
    END;
    CREATE TRIGGER tool_calls_fts_update AFTER UPDATE OF name, input, result ON tool_calls
      WHEN old.name IS NOT new.name OR old.input IS NOT new.input OR old.result IS NOT new.result BEGIN
      INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
      INSERT INTO tool_calls_fts(rowid, name, input, result) VALUES (new.rowid, new.name, new.input, new.result);
    END;

    -- Rows written before this step (an existing store) are indexed here, once.
    INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
    INSERT INTO tool_calls_fts(tool_calls_fts) VALUES ('rebuild');
  `);
}
