import type { SearchSnippet, SearchSyntax } from '../../src-shared/contract/index.js';
import type { ReadableDb } from '../store/database.js';
import type { SqlFilter } from './filters.js';
import { MARK_END, MARK_START, parseSnippet, runMatch } from './fts-query.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';

/** Tokens of context around a match in a snippet (FTS5 allows at most 64). */
const SNIPPET_TOKENS = 24;

/**
 * Every matching message and tool call with its session. bm25() costs most of a search on a
 * common word (about 4x the match itself), so it is computed only where it is needed: for
 * relevance order, and for picking the snippets of the sessions shown (`onlyShown`).
 */
function hitsSql(options: { score: boolean; onlyShown: boolean }): string {
  const score = (table: string) => (options.score ? `bm25(${table})` : '0');
  const shown = (alias: string) => (options.onlyShown ? ` AND ${alias}.session_id IN (SELECT value FROM json_each(@ids))` : '');
  return `
    SELECT m.session_id AS sid, 'message' AS source, f.rowid AS rid, ${score('messages_fts')} AS score
      FROM messages_fts f JOIN messages m ON m.rowid = f.rowid
      WHERE messages_fts MATCH @match${shown('m')}
    UNION ALL
    SELECT t.session_id, 'tool_call', f.rowid, ${score('tool_calls_fts')}
      FROM tool_calls_fts f JOIN tool_calls t ON t.rowid = f.rowid
      WHERE tool_calls_fts MATCH @match${shown('t')}`;
}

export interface SearchOptions {
  match: string;
  search: string;
  syntax: SearchSyntax;
  sort: 'newest' | 'relevance';
  limit: number;
}

export interface SessionHitRow extends SessionRow {
  match_count: number;
  best_score: number;
}

/** Sessions with at least one match that pass the filter, in the asked order; limit + 1 rows. */
export function searchSessionRows(db: ReadableDb, filter: SqlFilter, options: SearchOptions): SessionHitRow[] {
  const order = options.sort === 'relevance' ? 'h.best_score ASC, s.started_at DESC' : 's.started_at DESC NULLS LAST, s.id';
  const sql = `
    WITH hits AS (${hitsSql({ score: options.sort === 'relevance', onlyShown: false })}),
    per_session AS (SELECT sid, count(*) AS match_count, min(score) AS best_score FROM hits GROUP BY sid)
    SELECT ${SESSION_COLUMNS}, h.match_count, h.best_score
      FROM per_session h JOIN sessions s ON s.id = h.sid
      WHERE ${filter.where}
      ORDER BY ${order}
      LIMIT @limit`;
  return runMatch(options.search, options.syntax, () =>
    db.prepare(sql).all({ ...filter.params, match: options.match, limit: options.limit + 1 }) as SessionHitRow[],
  );
}

interface RankedHit {
  sid: string;
  source: 'message' | 'tool_call';
  rid: number;
}

interface SnippetRow {
  snip: string;
  id: string;
  role: string;
  tool_name: string | null;
  time: string | null;
}

/** The best `perSession` matches of each session (by bm25), as plain text with highlight offsets. */
export function snippetsFor(db: ReadableDb, sessionIds: string[], options: Pick<SearchOptions, 'match' | 'search' | 'syntax'>, perSession: number): Map<string, SearchSnippet[]> {
  const out = new Map<string, SearchSnippet[]>();
  if (!sessionIds.length || perSession <= 0) return out;
  const ranked = runMatch(options.search, options.syntax, () =>
    db
      .prepare(
        `WITH hits AS (${hitsSql({ score: true, onlyShown: true })}),
         ranked AS (SELECT sid, source, rid, row_number() OVER (PARTITION BY sid ORDER BY score, rid) AS rn FROM hits)
         SELECT sid, source, rid FROM ranked WHERE rn <= @k ORDER BY sid, rn`,
      )
      .all({ match: options.match, ids: JSON.stringify(sessionIds), k: perSession }) as RankedHit[],
  );
  // snippet() only for the few hits shown: it re-reads and re-tokenizes the text. The CAST is
  // needed: JS numbers bind as REAL, and FTS5 silently drops a `rowid = <real>` constraint
  // next to MATCH (SQLite 3.53), which returned the first match of the whole table instead.
  const messageSnippet = db.prepare(
    `SELECT snippet(messages_fts, 0, '${MARK_START}', '${MARK_END}', '…', ${SNIPPET_TOKENS}) AS snip, m.id, m.role, NULL AS tool_name, m.time
       FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH @match AND f.rowid = CAST(@rid AS INTEGER)`,
  );
  const toolSnippet = db.prepare(
    `SELECT snippet(tool_calls_fts, -1, '${MARK_START}', '${MARK_END}', '…', ${SNIPPET_TOKENS}) AS snip, t.id, 'tool' AS role, t.name AS tool_name, t.time
       FROM tool_calls_fts f JOIN tool_calls t ON t.rowid = f.rowid WHERE tool_calls_fts MATCH @match AND f.rowid = CAST(@rid AS INTEGER)`,
  );
  for (const hit of ranked) {
    const stmt = hit.source === 'message' ? messageSnippet : toolSnippet;
    const row = stmt.get({ match: options.match, rid: hit.rid }) as SnippetRow | undefined;
    if (!row) continue;
    const snippet: SearchSnippet = { source: hit.source, id: row.id, role: row.role, time: row.time, ...parseSnippet(row.snip) };
    if (row.tool_name !== null) snippet.toolName = row.tool_name;
    const list = out.get(hit.sid) ?? [];
    list.push(snippet);
    out.set(hit.sid, list);
  }
  return out;
}
