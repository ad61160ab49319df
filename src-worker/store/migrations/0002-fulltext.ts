import type { WritableDb } from '../database.js';

/**
 * Full-text search over message text and tool calls (FTS5).
 *
 * - External-content tables (content=messages / content=tool_calls, keyed by the rowid): the
 *   index holds only tokens, the text stays in one place. snippet() reads it back from the
 *   content table. Both tables have implicit rowids, which VACUUM keeps in practice (it copies
 *   b-trees whole); anything that ever renumbers them must run the 'rebuild' command below.
 * - Tokenizer unicode61 with remove_diacritics 2: users type words and phrases ("cafe" finds
 *   "café"); phrases and prefix queries cover identifiers. Trigram would allow substring search
 *   but makes the index about three times larger and ranks words worse.
 * - No prefix index: prefix queries (`auth*`) scan the term range and stay fast enough, while
 *   prefix='2 3' made the index 2.6 times larger and ingest half again slower (measured).
 * - New rows are indexed by the ingest writer, once per commit, in one INSERT … SELECT inside
 *   the same transaction (store/ingest/fulltext.ts): row-by-row insert triggers made FTS5 flush
 *   per row and tripled ingest time. A committed row is still searchable at once. Updates and
 *   deletes are kept in step by triggers, re-indexing only when an indexed column changed.
 *   Cost: a trigger runs inside a statement savepoint, on which FTS5 flushes its pending terms,
 *   so row-by-row indexing costs about twice a batched insert. Indexing once per commit from the
 *   writer (INSERT ... SELECT over the commit's rows) would halve it, if ingest speed needs it.
 */
export function migration0002Fulltext(db: WritableDb): void {
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      text,
      content='messages', content_rowid='rowid',
      tokenize='unicode61 remove_diacritics 2'
    );

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
