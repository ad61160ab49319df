import type { SearchSnippet, SearchSyntax } from '../../src-shared/contract/index.js';
import type { ReadableDb } from '../store/database.js';
import type { SqlFilter } from './filters.js';
import { MARK_END, MARK_START, parseSnippet, runMatch } from './fts-query.js';
import { highlightSnippet, termsOfFtsQuery, termsOfSearch, type QueryTerm } from './highlight.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { expandPrefixes, MAX_PREFIX_TERMS } from './prefix-terms.js';
import { FEW_HITS, fewHits, hitKey, type HitRef } from './search-hits.js';
import { walkSessions } from './search-walk.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';

/** Tokens of context around a match in a snippet() fallback (FTS5 allows at most 64). */
const SNIPPET_TOKENS = 24;
/** Sessions the walk looks at before it falls back to reading every hit (a word in few, old sessions). */
const MAX_WALK = 3000;
/** With many matches, relevance ranks this many newest matching sessions per shown one. */
const RELEVANCE_POOL = 4;
/** A phrase's matches cost about four times a word's to read (positions are compared): fewer are read whole. */
const PHRASE_FEW_HITS = FEW_HITS / 4;

export interface SearchOptions {
  match: string;
  search: string;
  syntax: SearchSyntax;
  sort: 'newest' | 'relevance';
  limit: number;
  /** Tests: read every match up to this many (default FEW_HITS), else walk sessions. */
  fewHits?: number;
  /** Tests: sessions walked before falling back to reading every match (default MAX_WALK). */
  maxWalk?: number;
}

export interface SessionHits {
  row: SessionRow;
  matchCount: number;
  /** Messages then tool calls, each in rowid (written) order; best first when scored. */
  hits: HitRef[];
}

export interface SearchPage {
  sessions: SessionHits[];
  hasMore: boolean;
  /** bm25 of hits, when the matches were few enough to score them all. */
  scores?: Map<string, number>;
}

/** Few hits: every one is known; the sessions are ordered and filtered in SQL. */
function fromAllHits(db: ReadableDb, filter: SqlFilter, options: SearchOptions, bySession: Map<string, HitRef[]>, scores?: Map<string, number>): SearchPage {
  const agg = [...bySession].map(([sid, hits]) => [sid, hits.length, scores ? Math.min(...hits.map((h) => scores.get(hitKey(h)) ?? 0)) : 0]);
  const order = options.sort === 'relevance' ? 'h.best_score ASC, s.started_at DESC NULLS LAST, s.id' : 's.started_at DESC NULLS LAST, s.id';
  const rows = db
    .prepare(
      `WITH h(sid, match_count, best_score) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@agg))
       SELECT ${SESSION_COLUMNS}, h.match_count
         FROM h JOIN sessions s ON s.id = h.sid
        WHERE ${filter.where}
        ORDER BY ${order}
        LIMIT @limit`,
    )
    .all({ ...filter.params, agg: JSON.stringify(agg), limit: options.limit + 1 }) as Array<SessionRow & { match_count: number }>;
  const sessions = rows.map((row) => {
    const hits = [...bySession.get(row.id)!];
    if (scores) hits.sort((a, b) => (scores.get(hitKey(a)) ?? 0) - (scores.get(hitKey(b)) ?? 0));
    return { row, matchCount: row.match_count, hits };
  });
  return { sessions: sessions.slice(0, options.limit), hasMore: sessions.length > options.limit, ...(scores ? { scores } : {}) };
}

/**
 * One page of matching sessions. The work is bounded by the page, not by the number of matches:
 * up to FEW_HITS matches are read whole (exact counts, bm25 relevance); beyond that, sessions
 * are walked newest first and each is checked by rowid ranges (search-walk.ts), so a word in
 * half of all messages answers as fast as a rare one. With many matches, relevance ranks the
 * newest RELEVANCE_POOL pages of matching sessions by how often they match (bm25 would read
 * every match). Only a match in many messages of few, old sessions walks past MAX_WALK
 * sessions and falls back to reading every match.
 */
export function searchSessions(db: ReadableDb, filter: SqlFilter, options: SearchOptions): SearchPage {
  return runMatch(options.search, options.syntax, () => {
    const { match, tooBroad } = options.syntax === 'words' ? expandPrefixes(db, options.match) : { match: options.match, tooBroad: [] };
    const phrase = options.syntax === 'words' && termsOfSearch(options.search).some((t) => t.tokens.length > 1);
    const few = fewHits(db, match, options.fewHits ?? (phrase ? PHRASE_FEW_HITS : FEW_HITS), options.sort === 'relevance');
    if (few) return fromAllHits(db, filter, options, few.bySession, few.scores);
    // Many matches of a prefix with many words: checking sessions one by one would take seconds.
    if (tooBroad.length) {
      throw new DevlogError(
        ErrorCodes.BadRequest,
        `--search: ${tooBroad.join(', ')} stands for more than ${MAX_PREFIX_TERMS} different words in many messages: add letters to the prefix`,
        'search',
      );
    }
    const want = options.sort === 'relevance' ? options.limit * RELEVANCE_POOL + 1 : options.limit + 1;
    // A raw FTS5 prefix would be merged again by every range check of the walk: read every match once instead.
    const rawPrefix = options.syntax === 'fts' && match.includes('*');
    const walk = rawPrefix ? { sessions: [], complete: false } : walkSessions(db, filter, match, want, options.maxWalk ?? MAX_WALK);
    if (!walk.complete) {
      const all = fewHits(db, match, Number.MAX_SAFE_INTEGER, false)!;
      return fromAllHits(db, filter, { ...options, sort: 'newest' }, all.bySession);
    }
    const sessions = walk.sessions.map((s) => ({ row: s.row, matchCount: s.hits.length, hits: s.hits }));
    if (options.sort === 'relevance') sessions.sort((a, b) => b.matchCount - a.matchCount); // stable: newest first among equals
    return { sessions: sessions.slice(0, options.limit), hasMore: sessions.length > options.limit };
  });
}

interface TextRow {
  id: string;
  role: string;
  tool_name: string | null;
  time: string | null;
  texts: string[];
}

/** Fallback for text the JS terms do not find (raw FTS5 queries with NEAR, NOT, columns): snippet(). */
function ftsSnippet(db: ReadableDb, hit: HitRef, match: string): string | null {
  const table = hit.source === 'message' ? 'messages_fts' : 'tool_calls_fts';
  const column = hit.source === 'message' ? 0 : -1;
  return db
    .prepare(`SELECT snippet(${table}, ${column}, '${MARK_START}', '${MARK_END}', '…', ${SNIPPET_TOKENS}) FROM ${table} WHERE ${table} MATCH ? AND rowid = CAST(? AS INTEGER)`)
    .pluck()
    .get(match, hit.rid) as string | null;
}

function textOf(db: ReadableDb, hit: HitRef): TextRow | undefined {
  if (hit.source === 'message') {
    const m = db.prepare('SELECT id, role, time, text FROM messages WHERE rowid = CAST(? AS INTEGER)').get(hit.rid) as { id: string; role: string; time: string | null; text: string } | undefined;
    return m && { id: m.id, role: m.role, tool_name: null, time: m.time, texts: [m.text] };
  }
  const t = db.prepare('SELECT id, name, time, input, result FROM tool_calls WHERE rowid = CAST(? AS INTEGER)').get(hit.rid) as
    | { id: string; name: string; time: string | null; input: string | null; result: string | null }
    | undefined;
  return t && { id: t.id, role: 'tool', tool_name: t.name, time: t.time, texts: [t.name, t.input ?? '', t.result ?? ''] };
}

/**
 * Up to `perSession` snippets for each session shown, from the hits already found (best first
 * when scored, else in the order written), highlighted in JS (highlight.ts). Only the rows
 * shown are read: the cost follows the page.
 */
export function snippetsFor(db: ReadableDb, page: SessionHits[], options: Pick<SearchOptions, 'match' | 'search' | 'syntax'>, perSession: number): Map<string, SearchSnippet[]> {
  const out = new Map<string, SearchSnippet[]>();
  if (perSession <= 0) return out;
  const terms: QueryTerm[] = options.syntax === 'fts' ? termsOfFtsQuery(options.search) : termsOfSearch(options.search);
  for (const session of page) {
    const list: SearchSnippet[] = [];
    for (const hit of session.hits.slice(0, perSession)) {
      const row = textOf(db, hit);
      if (!row) continue;
      let found: ReturnType<typeof highlightSnippet> = null;
      for (const text of row.texts) if ((found = highlightSnippet(text, terms))) break;
      if (!found) {
        const marked = runMatch(options.search, options.syntax, () => ftsSnippet(db, hit, options.match));
        if (marked === null) continue;
        found = parseSnippet(marked);
      }
      const snippet: SearchSnippet = { source: hit.source, id: row.id, role: row.role, time: row.time, ...found };
      if (row.tool_name !== null) snippet.toolName = row.tool_name;
      list.push(snippet);
    }
    out.set(session.row.id, list);
  }
  return out;
}
