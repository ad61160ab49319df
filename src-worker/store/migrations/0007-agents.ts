import type { WritableDb } from '../database.js';

/**
 * More agents (issue 15).
 *
 * - files.origin: where a file came from: NULL for files found under an agent's root,
 *   'imported' for files brought in by `devlog import` (copied from another machine).
 * - format_drift: per file, records of kinds or with fields its adapter does not know, by the
 *   agent version that wrote them. Replaced with each whole-file parse, added to as an
 *   append-only file grows; summed per agent in `devlog status` and `devlog doctor`.
 */
export function migration0007Agents(db: WritableDb): void {
  db.exec(`
    ALTER TABLE files ADD COLUMN origin TEXT;

    CREATE TABLE format_drift (
      file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      agent   TEXT NOT NULL,
      version TEXT NOT NULL DEFAULT '',
      item    TEXT NOT NULL,
      count   INTEGER NOT NULL,
      PRIMARY KEY (file_id, version, item)
    ) STRICT;
    CREATE INDEX format_drift_agent ON format_drift(agent);
  `);
}
