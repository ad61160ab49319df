import type { WritableDb } from '../database.js';

/**
 * Machine sync: pulling what the user's other machines exported to a remote.
 *
 * - pull_cursors: per remote and feed, how far this machine has imported. A server remote has
 *   one feed (`source` = ''): the changes feed's cursor, a decimal string (it may pass 2^53). A
 *   folder remote has one per other machine (`source` = its machine id): the last segment
 *   sequence imported. Written in the same transaction as the records it covers. `url` is the
 *   remote's URL when the cursor was written: pointed elsewhere, the remote starts from 0.
 * - pull_peers: per remote, the last exchange with each other machine (when, how many records),
 *   what `devlog sync --status` shows.
 * - pull_state: per remote, when its last pull ended well (shown by a later `sync --status`).
 * - pull_problems: what a pull skipped and why (a tampered or undecryptable segment), naming
 *   the file, until the remote is pulled cleanly past it or removed.
 */
export function migration0009PullCursors(db: WritableDb): void {
  db.exec(`
    CREATE TABLE pull_cursors (
      remote     TEXT NOT NULL,
      source     TEXT NOT NULL,
      url        TEXT NOT NULL,
      cursor     TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (remote, source)
    ) STRICT;

    CREATE TABLE pull_peers (
      remote    TEXT NOT NULL,
      machine   TEXT NOT NULL,
      name      TEXT,
      last_at   TEXT NOT NULL,
      records   INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (remote, machine)
    ) STRICT;

    CREATE TABLE pull_state (
      remote       TEXT PRIMARY KEY,
      last_pull_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE pull_problems (
      remote  TEXT NOT NULL,
      file    TEXT NOT NULL,
      kind    TEXT NOT NULL,
      message TEXT NOT NULL,
      at      TEXT NOT NULL,
      PRIMARY KEY (remote, file)
    ) STRICT;
  `);
}
