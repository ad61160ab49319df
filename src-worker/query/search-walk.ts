import type { ReadableDb } from '../store/database.js';
import type { SqlFilter } from './filters.js';
import { FTS_TABLES, type HitRef } from './search-hits.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';

/** Rowids this close together are probed as one range (the few rows between are checked). */
const MAX_GAP = 16;
/** Sessions per step of the walk: small first (a common word fills a page at once), then growing. */
const FIRST_STEP = 32;
const MAX_STEP = 512;

export interface WalkResult {
  /** Matching sessions in the walk's order (newest first), each with all of its hits. */
  sessions: Array<{ row: SessionRow; hits: HitRef[] }>;
  /** False when the walk gave up after `maxSessions` (the caller falls back to reading every hit). */
  complete: boolean;
}

/** [first, last] rowid ranges covering the sorted rowids, joining those at most MAX_GAP apart. */
function ranges(sorted: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id - last[1] <= MAX_GAP) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

/**
 * Sessions that pass the filter, newest first, each checked for hits: its messages' and tool
 * calls' rowids become a few ranges (rows of one file are written together), and the full-text
 * index is asked for matches inside each range only, which it answers by seeking, not by
 * reading the whole match list. Stops at `want` matching sessions, so a word in half of all
 * messages costs about as much as one in a few: the work follows the page, not the matches.
 */
export function walkSessions(db: ReadableDb, filter: SqlFilter, match: string, want: number, maxSessions: number): WalkResult {
  const page = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE ${filter.where} ORDER BY s.started_at DESC NULLS LAST, s.id LIMIT @n OFFSET @off`);
  const tables = FTS_TABLES.map((t) => ({
    source: t.source,
    // A session written in one go has consecutive rowids: its span is then one range to probe.
    span: db.prepare(`SELECT min(rowid) AS lo, max(rowid) AS hi, count(*) AS n FROM ${t.rows} WHERE session_id = ?`),
    rowids: db.prepare(`SELECT rowid FROM ${t.rows} WHERE session_id = ? ORDER BY rowid`).pluck(),
    // CAST: JS numbers bind as REAL, and FTS5 ignores a rowid bound it is given as REAL.
    probe: db.prepare(`SELECT rowid FROM ${t.fts} WHERE ${t.fts} MATCH @match AND rowid >= CAST(@a AS INTEGER) AND rowid <= CAST(@b AS INTEGER)`).pluck(),
  }));
  const hitsOf = (sessionId: string): HitRef[] => {
    const hits: HitRef[] = [];
    for (const t of tables) {
      const span = t.span.get(sessionId) as { lo: number | null; hi: number | null; n: number };
      if (span.n === 0 || span.lo === null || span.hi === null) continue;
      if (span.hi - span.lo + 1 === span.n) {
        for (const rid of t.probe.all({ match, a: span.lo, b: span.hi }) as number[]) hits.push({ source: t.source, rid });
        continue;
      }
      // Rows between other sessions' rows (a live session): probe near ranges, keep only its own.
      const mine = t.rowids.all(sessionId) as number[];
      const own = new Set(mine);
      for (const [a, b] of ranges(mine)) {
        for (const rid of t.probe.all({ match, a, b }) as number[]) if (own.has(rid)) hits.push({ source: t.source, rid });
      }
    }
    return hits;
  };

  const found: WalkResult['sessions'] = [];
  let offset = 0;
  let step = FIRST_STEP;
  while (found.length < want) {
    if (offset >= maxSessions) return { sessions: found, complete: false };
    const batch = page.all({ ...filter.params, n: step, off: offset }) as SessionRow[];
    if (!batch.length) break;
    offset += batch.length;
    step = Math.min(step * 2, MAX_STEP);
    for (const row of batch) {
      const hits = hitsOf(row.id);
      if (hits.length) found.push({ row, hits });
      if (found.length >= want) break;
    }
  }
  return { sessions: found, complete: true };
}
