import type { WritableDb } from '../database.js';

/**
 * Raw records stored once each, and what re-deriving rows from them needs (issue 10).
 *
 * raw_records.kind says how a row is read back:
 *   'legacy' rows written before this step: an append file's chunk (lines joined by '\n') or a
 *            whole-file / database snapshot (the adapter's records joined by '\n');
 *   'chunk'  an append file's lines (joined by '\n'); `positions` holds [offset, line] per line
 *            when the lines are not back to back (blank lines, CRLF), NULL when they are;
 *   'record' one record of a file rewritten whole; the file's current content is the ordered
 *            list in raw_manifests, and records no longer in it are dropped, so storage follows
 *            the content, not the number of saves;
 *   'kv'     one row of an agent database (`rkey` = table + '\t' + key), replaced when it changes.
 *
 * files.parser_version is the adapter parser version that produced the file's rows (1 = the
 * parsers that shipped before versions existed); files.reparse_pending marks files queued for
 * re-derivation, cleared in the same transaction as each file's new rows, so a crash resumes.
 * files.root / rel_path let the re-derivation pick the file's handler without the file.
 */
export function migration0004RawRecords(db: WritableDb): void {
  db.exec(`
    ALTER TABLE raw_records ADD COLUMN kind TEXT NOT NULL DEFAULT 'legacy';
    ALTER TABLE raw_records ADD COLUMN rkey TEXT;
    ALTER TABLE raw_records ADD COLUMN positions TEXT;
    CREATE UNIQUE INDEX raw_records_rkey ON raw_records(file_id, rkey) WHERE rkey IS NOT NULL;

    CREATE TABLE raw_manifests (
      file_id INTEGER PRIMARY KEY REFERENCES files(id),
      -- JSON [[hash, offset|null, line|null], ...] in file order
      entries TEXT NOT NULL
    ) STRICT;

    ALTER TABLE files ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE files ADD COLUMN reparse_pending INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE files ADD COLUMN root TEXT;
    ALTER TABLE files ADD COLUMN rel_path TEXT;
  `);
}
