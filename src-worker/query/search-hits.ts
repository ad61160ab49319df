import type { ReadableDb } from '../store/database.js';

/** A matching message or tool call, by its rowid in its table. */
export interface HitRef {
  source: 'message' | 'tool_call';
  rid: number;
}

export const FTS_TABLES = [
  { source: 'message', fts: 'messages_fts', rows: 'messages' },
  { source: 'tool_call', fts: 'tool_calls_fts', rows: 'tool_calls' },
] as const;

/** Matches (messages + tool calls) up to which the whole match list is read: cheap, exact. */
export const FEW_HITS = 10_000;

export interface AllHits {
  /** Per session: every hit, messages then tool calls, each in rowid order. */
  bySession: Map<string, HitRef[]>;
  /** bm25 (lower is better) of each hit, when asked for. */
  scores?: Map<string, number>;
}

const key = (h: HitRef) => `${h.source}:${h.rid}`;
export const hitKey = key;

/**
 * Every hit of the match when there are at most `cap` of them, else null (then the caller
 * walks sessions instead, see search-walk.ts). Reading stops at cap + 1 rowids, so a common
 * word costs the same as a word with `cap` matches.
 */
export function fewHits(db: ReadableDb, match: string, cap: number, withScores: boolean): AllHits | null {
  const rowids: Record<string, number[]> = {};
  let total = 0;
  for (const t of FTS_TABLES) {
    const ids = db.prepare(`SELECT rowid FROM ${t.fts} WHERE ${t.fts} MATCH ? LIMIT ?`).pluck().all(match, cap + 1 - total) as number[];
    total += ids.length;
    if (total > cap) return null;
    rowids[t.source] = ids;
  }
  const bySession = new Map<string, HitRef[]>();
  for (const t of FTS_TABLES) {
    const ids = rowids[t.source]!;
    if (!ids.length) continue;
    const owners = db
      .prepare(`SELECT rowid AS rid, session_id AS sid FROM ${t.rows} WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .all(JSON.stringify(ids)) as Array<{ rid: number; sid: string }>;
    for (const o of owners) {
      const list = bySession.get(o.sid) ?? [];
      list.push({ source: t.source, rid: o.rid });
      bySession.set(o.sid, list);
    }
  }
  if (!withScores) return { bySession };
  // bm25 reads the whole match list once per statement: bounded here by `cap`.
  const scores = new Map<string, number>();
  for (const t of FTS_TABLES) {
    if (!rowids[t.source]!.length) continue;
    for (const r of db.prepare(`SELECT rowid AS rid, bm25(${t.fts}) AS score FROM ${t.fts} WHERE ${t.fts} MATCH ?`).all(match) as Array<{ rid: number; score: number }>) {
      scores.set(`${t.source}:${r.rid}`, r.score);
    }
  }
  return { bySession, scores };
}
