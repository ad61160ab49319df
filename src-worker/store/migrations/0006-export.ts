import type { WritableDb } from '../database.js';

/**
 * Export to remotes.
 *
 * - export_cursors: per remote, the highest local seq whose sessions the remote acknowledged.
 *   `routing` is a digest of the remote's include/exclude/agent rules when the cursor was
 *   written: a remote whose rules change starts again at 0 (re-sending is idempotent at the
 *   server), so a session newly included is never left behind the cursor.
 * - outbound_log: every batch that left the machine (kept 90 days): when, where, how much, and
 *   how many secrets of each kind redaction replaced (JSON object).
 * - usage(seq): the exporter reads changed rows by seq from every table; usage had no index.
 */
export function migration0006Export(db: WritableDb): void {
  db.exec(`
    CREATE TABLE export_cursors (
      remote          TEXT PRIMARY KEY,
      seq             INTEGER NOT NULL DEFAULT 0,
      routing         TEXT NOT NULL,
      last_success_at TEXT,
      updated_at      TEXT NOT NULL
    ) STRICT;

    CREATE TABLE outbound_log (
      id         INTEGER PRIMARY KEY,
      at         TEXT NOT NULL,
      remote     TEXT NOT NULL,
      sessions   INTEGER NOT NULL,
      records    INTEGER NOT NULL,
      bytes      INTEGER NOT NULL,
      redactions TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX outbound_log_at ON outbound_log(at);
    CREATE INDEX outbound_log_remote ON outbound_log(remote, at);

    CREATE INDEX usage_seq ON usage(seq);
  `);
}
