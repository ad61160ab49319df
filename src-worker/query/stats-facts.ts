/**
 * The rows stats are summed from, as SQL: every usage row, message and tool call at its own
 * time, either straight from the tables (exact for any window) or from the 15-minute rollups
 * (store/migrations/0004-stats-rollups.ts), which answer in milliseconds for windows that
 * start and end on a bucket boundary (dates, today, no window).
 *
 * Each fact row has: sec (Unix seconds, NULL without a time), agent, workspace ('' for none),
 * model ('' for none), long (a long-context response), messages, tool_calls and the five token
 * counts; raw facts also carry session_id.
 */
import { LONG_CONTEXT_ABOVE } from './prices.js';

export const BUCKET_SECONDS = 900;

export interface Window {
  /** ISO instants, as stored times compare. */
  since?: string;
  until?: string;
}

const COUNTS = 'input, output, cache_read, cache_creation, reasoning';

/** Time window on a row's own time column. */
function timeSql(column: string, w: Window): string {
  const parts: string[] = [];
  if (w.since !== undefined) parts.push(`${column} >= @w_since`);
  if (w.until !== undefined) parts.push(`${column} < @w_until`);
  return parts.length ? parts.join(' AND ') : 'true';
}

/** Facts straight from usage, messages and tool_calls, for sessions matching `sessionWhere` (on `s`). */
export function rawFactsSql(sessionWhere: string, w: Window, sign: 1 | -1 = 1): string {
  const n = (expr: string) => (sign === 1 ? expr : `-(${expr})`);
  return `
    SELECT unixepoch(u.time) AS sec, s.agent AS agent, coalesce(s.workspace, '') AS workspace, coalesce(u.model, '') AS model,
        (u.input + u.cache_read + u.cache_creation) > ${LONG_CONTEXT_ABOVE} AS long, 0 AS messages, 0 AS tool_calls,
        ${n('u.input')} AS input, ${n('u.output')} AS output, ${n('u.cache_read')} AS cache_read, ${n('u.cache_creation')} AS cache_creation, ${n('u.reasoning')} AS reasoning,
        u.session_id AS session_id
      FROM usage u JOIN sessions s ON s.id = u.session_id WHERE ${sessionWhere} AND ${timeSql('u.time', w)}
    UNION ALL
    SELECT unixepoch(m.time), s.agent, coalesce(s.workspace, ''), coalesce(m.model, ''), 0, ${n('1')}, 0, 0, 0, 0, 0, 0, m.session_id
      FROM messages m JOIN sessions s ON s.id = m.session_id WHERE ${sessionWhere} AND ${timeSql('m.time', w)}
    UNION ALL
    SELECT unixepoch(t.time), s.agent, coalesce(s.workspace, ''), coalesce((SELECT mm.model FROM messages mm WHERE mm.id = t.message_id), ''), 0, 0, ${n('1')},
        0, 0, 0, 0, 0, t.session_id
      FROM tool_calls t JOIN sessions s ON s.id = t.session_id WHERE ${sessionWhere} AND ${timeSql('t.time', w)}`;
}

/** Bucket range of a window whose ends are on bucket boundaries. */
export function bucketSql(column: string, w: Window): string {
  const parts: string[] = [];
  if (w.since !== undefined) parts.push(`${column} >= @b_since`);
  if (w.until !== undefined) parts.push(`${column} >= 0 AND ${column} < @b_until`);
  return parts.length ? parts.join(' AND ') : 'true';
}

export function bucketParams(w: Window): Record<string, number> {
  const params: Record<string, number> = {};
  if (w.since !== undefined) params.b_since = Date.parse(w.since) / 1000 / BUCKET_SECONDS;
  if (w.until !== undefined) params.b_until = Date.parse(w.until) / 1000 / BUCKET_SECONDS;
  return params;
}

export function windowOnBuckets(w: Window): boolean {
  return [w.since, w.until].every((t) => t === undefined || Date.parse(t) % (BUCKET_SECONDS * 1000) === 0);
}

/**
 * Facts from the rollups for sessions' agent/workspace conditions `rollupWhere` (on `r`), less
 * the raw facts of hidden sessions (usually few) that match the same conditions.
 */
export function rollupFactsSql(rollupWhere: string, hiddenSessionsWhere: string, w: Window): string {
  return `
    SELECT CASE WHEN r.bucket < 0 THEN NULL ELSE r.bucket * ${BUCKET_SECONDS} END AS sec, r.agent, r.workspace, r.model, r.long, r.messages, r.tool_calls, ${COUNTS
      .split(', ')
      .map((c) => `r.${c}`)
      .join(', ')}, NULL AS session_id
      FROM stats_rollup r WHERE ${bucketSql('r.bucket', w)} AND ${rollupWhere}
    UNION ALL
    ${rawFactsSql(hiddenSessionsWhere, w, -1)}`;
}
