import type { ReadableDb, WritableDb } from '../store/database.js';

/** The last exchange with another machine through one remote. */
export interface PeerRow {
  remote: string;
  machine: string;
  name: string | null;
  lastAt: string;
  records: number;
}

/** Something a pull skipped, naming the file (a tampered segment, a wrong passphrase). */
export interface PullProblem {
  remote: string;
  file: string;
  kind: string;
  message: string;
  at: string;
}

/** The server feed's cursor is kept under this source; folder remotes keep one per machine id. */
export const SERVER_FEED = '';

/**
 * Pull cursors, peers and problems (migration 0009). Cursor writes belong in the transaction
 * that imported the records they cover: the pull service calls them inside it.
 */
export class PullStore {
  private readonly stmts;

  constructor(db: WritableDb) {
    this.stmts = {
      cursors: db.prepare('SELECT source, cursor FROM pull_cursors WHERE remote = ? AND url = ?'),
      setCursor: db.prepare(
        `INSERT INTO pull_cursors(remote, source, url, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(remote, source) DO UPDATE SET url = excluded.url, cursor = excluded.cursor, updated_at = excluded.updated_at`,
      ),
      peer: db.prepare(
        `INSERT INTO pull_peers(remote, machine, name, last_at, records) VALUES (@remote, @machine, @name, @at, @records)
         ON CONFLICT(remote, machine) DO UPDATE SET name = coalesce(excluded.name, pull_peers.name), last_at = excluded.last_at,
           records = pull_peers.records + excluded.records`,
      ),
      problem: db.prepare(
        `INSERT INTO pull_problems(remote, file, kind, message, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(remote, file) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at`,
      ),
      clearProblem: db.prepare('DELETE FROM pull_problems WHERE remote = ? AND file = ?'),
      lastPull: db.prepare('SELECT last_pull_at AS at FROM pull_state WHERE remote = ?'),
      setLastPull: db.prepare('INSERT INTO pull_state(remote, last_pull_at) VALUES (?, ?) ON CONFLICT(remote) DO UPDATE SET last_pull_at = excluded.last_pull_at'),
      forget: [
        db.prepare('DELETE FROM pull_cursors WHERE remote = ?'),
        db.prepare('DELETE FROM pull_peers WHERE remote = ?'),
        db.prepare('DELETE FROM pull_problems WHERE remote = ?'),
        db.prepare('DELETE FROM pull_state WHERE remote = ?'),
      ],
    };
  }

  /** The remote's cursors, if they were written for this URL (another server or folder starts from 0). */
  cursors(remote: string, url: string): Map<string, string> {
    return new Map((this.stmts.cursors.all(remote, url) as { source: string; cursor: string }[]).map((r) => [r.source, r.cursor]));
  }

  setCursor(remote: string, url: string, source: string, cursor: string): void {
    this.stmts.setCursor.run(remote, source, url, cursor, new Date().toISOString());
  }

  exchanged(remote: string, machine: string, name: string | null, records: number): void {
    this.stmts.peer.run({ remote, machine, name, at: new Date().toISOString(), records });
  }

  problem(remote: string, file: string, kind: string, message: string): void {
    this.stmts.problem.run(remote, file, kind, message, new Date().toISOString());
  }

  clearProblem(remote: string, file: string): void {
    this.stmts.clearProblem.run(remote, file);
  }

  /** When the remote's last pull ended well (null: never). */
  lastPull(remote: string): string | null {
    return (this.stmts.lastPull.get(remote) as { at: string } | undefined)?.at ?? null;
  }

  pulled(remote: string, at: string): void {
    this.stmts.setLastPull.run(remote, at);
  }

  /** A removed remote: its cursors, peers and problems go (added again, it pulls from the start). */
  forget(remote: string): void {
    for (const s of this.stmts.forget) s.run(remote);
  }
}

export function readPeers(db: ReadableDb, remote?: string): PeerRow[] {
  const rows = db
    .prepare(`SELECT remote, machine, name, last_at AS lastAt, records FROM pull_peers ${remote === undefined ? '' : 'WHERE remote = ?'} ORDER BY remote, last_at DESC`)
    .all(...(remote === undefined ? [] : [remote])) as PeerRow[];
  return rows;
}

export function readPullProblems(db: ReadableDb, remote?: string): PullProblem[] {
  return db
    .prepare(`SELECT remote, file, kind, message, at FROM pull_problems ${remote === undefined ? '' : 'WHERE remote = ?'} ORDER BY remote, at`)
    .all(...(remote === undefined ? [] : [remote])) as PullProblem[];
}
