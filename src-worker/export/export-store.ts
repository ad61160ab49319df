import type { OutboundLogEntry } from '../../src-shared/contract/index.js';
import type { ReadableDb, WritableDb } from '../store/database.js';

/** How long the outbound log keeps a batch (issue 11: 90 days). */
export const OUTBOUND_LOG_DAYS = 90;

/**
 * The exporter's rows (migration 0006): per-remote cursors and the outbound log. A cursor
 * written under other routing rules reads as 0: the remote starts over with its new rules.
 */
export class ExportStore {
  constructor(private readonly db: WritableDb) {}

  cursor(remote: string, routing: string): { seq: number; lastSuccessAt: string | null } {
    const row = this.db.prepare('SELECT seq, routing, last_success_at FROM export_cursors WHERE remote = ?').get(remote) as
      | { seq: number; routing: string; last_success_at: string | null }
      | undefined;
    if (!row) return { seq: 0, lastSuccessAt: null };
    return { seq: row.routing === routing ? row.seq : 0, lastSuccessAt: row.last_success_at };
  }

  /** The remote acknowledged a batch: the cursor and the log entry are written together. */
  acknowledged(remote: string, routing: string, seq: number | undefined, entry: OutboundLogEntry): void {
    this.db
      .transaction(() => {
        if (seq !== undefined) {
          this.db
            .prepare(
              `INSERT INTO export_cursors(remote, seq, routing, last_success_at, updated_at) VALUES (@remote, @seq, @routing, @at, @at)
               ON CONFLICT(remote) DO UPDATE SET seq = excluded.seq, routing = excluded.routing, last_success_at = excluded.last_success_at, updated_at = excluded.updated_at`,
            )
            .run({ remote, seq, routing, at: entry.at });
        } else {
          this.db.prepare('UPDATE export_cursors SET last_success_at = ?, updated_at = ? WHERE remote = ?').run(entry.at, entry.at, remote);
        }
        this.db
          .prepare('INSERT INTO outbound_log(at, remote, sessions, records, bytes, redactions) VALUES (?, ?, ?, ?, ?, ?)')
          .run(entry.at, entry.remote, entry.sessions, entry.records, entry.bytes, JSON.stringify(entry.redactions));
      })
      .immediate();
  }

  /** Moves the cursor without a batch (only sessions this remote's rules leave out were passed). */
  skipTo(remote: string, routing: string, seq: number): void {
    this.db
      .prepare(
        `INSERT INTO export_cursors(remote, seq, routing, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(remote) DO UPDATE SET seq = excluded.seq, routing = excluded.routing, updated_at = excluded.updated_at`,
      )
      .run(remote, seq, routing, new Date().toISOString());
  }

  /** `export --all`: the next export starts from the beginning (the server ignores what it has). */
  reset(remote: string): void {
    this.db.prepare('UPDATE export_cursors SET seq = 0, updated_at = ? WHERE remote = ?').run(new Date().toISOString(), remote);
  }

  /** A removed remote: added again later, it backfills from the start. */
  forget(remote: string): void {
    this.db.prepare('DELETE FROM export_cursors WHERE remote = ?').run(remote);
  }

  prune(now: number = Date.now()): number {
    const cutoff = new Date(now - OUTBOUND_LOG_DAYS * 86_400_000).toISOString();
    return this.db.prepare('DELETE FROM outbound_log WHERE at < ?').run(cutoff).changes;
  }
}

/** The outbound log, newest first (also read by the CLI from a store without an engine). */
export function readOutboundLog(db: ReadableDb, options: { remote?: string; limit?: number } = {}): OutboundLogEntry[] {
  const limit = Math.max(1, Math.min(options.limit ?? 100, 10_000));
  const rows = (
    options.remote === undefined
      ? db.prepare('SELECT * FROM outbound_log ORDER BY at DESC, id DESC LIMIT ?').all(limit)
      : db.prepare('SELECT * FROM outbound_log WHERE remote = ? ORDER BY at DESC, id DESC LIMIT ?').all(options.remote, limit)
  ) as { at: string; remote: string; sessions: number; records: number; bytes: number; redactions: string }[];
  return rows.map((r) => ({ at: r.at, remote: r.remote, sessions: r.sessions, records: r.records, bytes: r.bytes, redactions: parseCounts(r.redactions) }));
}

function parseCounts(text: string): Record<string, number> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
    }
  } catch {
    // a row another version wrote differently: no counts rather than no log
  }
  return {};
}
