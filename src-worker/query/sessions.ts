import type { SessionQuery, SessionQueryResult, SessionSummary } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { sessionFilterSql, type FilterContext } from './filters.js';
import { buildMatchExpression } from './fts-query.js';
import { searchSessions, snippetsFor } from './search.js';
import { SESSION_COLUMNS, toSessionSummary, type SessionRow } from './session-row.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 10_000;
const DEFAULT_SNIPPETS = 3;
const MAX_SNIPPETS = 20;

function checkCount(value: number | undefined, fallback: number, max: number, field: string, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DevlogError(ErrorCodes.BadRequest, `--${field}: must be a whole number from ${min} to ${max} (got ${value})`, field);
  }
  return value;
}

/**
 * Sessions matching the filter, newest first (by start time). With a search, only sessions
 * with a matching message or tool call, each with its match count and best snippets.
 */
export function querySessions(db: ReadableDb, query: SessionQuery, ctx: FilterContext = {}): SessionQueryResult {
  const limit = checkCount(query.limit, DEFAULT_LIMIT, MAX_LIMIT, 'limit');
  const perSession = checkCount(query.snippetsPerSession, DEFAULT_SNIPPETS, MAX_SNIPPETS, 'snippets', 0);
  const filter = sessionFilterSql(db, query, ctx);
  const search = query.search?.trim();

  if (!search) {
    if (query.sort === 'relevance') throw new DevlogError(ErrorCodes.BadRequest, '--sort relevance needs --search', 'sort');
    const rows = db
      .prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE ${filter.where} ORDER BY s.started_at DESC NULLS LAST, s.id LIMIT @limit`)
      .all({ ...filter.params, limit: limit + 1 }) as SessionRow[];
    return { sessions: rows.slice(0, limit).map(toSessionSummary), hasMore: rows.length > limit };
  }

  const syntax = query.searchSyntax ?? 'words';
  const match = buildMatchExpression(search, syntax);
  const options = { match, search, syntax, sort: query.sort ?? 'newest', limit } as const;
  const page = searchSessions(db, filter, options);
  const snippets = snippetsFor(db, page.sessions, options, perSession);
  const sessions = page.sessions.map((hit): SessionSummary => ({
    ...toSessionSummary(hit.row),
    matchCount: hit.matchCount,
    snippets: snippets.get(hit.row.id) ?? [],
  }));
  return { sessions, hasMore: page.hasMore };
}
