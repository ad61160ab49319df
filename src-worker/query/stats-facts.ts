/**
 * The rows stats are summed from, as SQL: every usage row, message and tool call at its own
 * time, from one of three sources (store/migrations/0005-stats-rollups.ts):
 * - 'days': the per-day rollups, for the zone they were built in, when the window is whole
 *   local days (dates, today, no window): hundreds of rows;
 * - 'buckets': the 15-minute rollups, any zone, when the window is on quarter hours;
 * - 'raw': the tables themselves, exact for any window (`--since 7d`) and any filter.
 *
 * Each fact row has: day (local day number, NULL without a time), agent, workspace ('' for
 * none), model ('' for none), long (a long-context response), messages, tool_calls, the five
 * token counts and session_id (raw only). Activity rows (for distinct sessions) have day,
 * agent, workspace, model and session_id.
 */
import { LONG_CONTEXT_ABOVE } from './prices.js';

export const BUCKET_SECONDS = 900;
export type DaySql = (secExpr: string) => string;

export interface Window {
  /** ISO instants, as stored times compare. */
  since?: string;
  until?: string;
}

const COUNTS = ['input', 'output', 'cache_read', 'cache_creation', 'reasoning'];

/** Time window on a row's own time column. */
function timeSql(column: string, w: Window): string {
  const parts: string[] = [];
  if (w.since !== undefined) parts.push(`${column} >= @w_since`);
  if (w.until !== undefined) parts.push(`${column} < @w_until`);
  return parts.length ? parts.join(' AND ') : 'true';
}

/**
 * Facts straight from usage, messages and tool_calls, for sessions matching `sessionWhere` (on
 * `s`); `only`, a subquery of session ids, makes SQLite start from those sessions' rows.
 */
export function rawFactsSql(sessionWhere: string, w: Window, day: DaySql, sign: 1 | -1 = 1, only?: string): string {
  const n = (expr: string) => (sign === 1 ? expr : `-(${expr})`);
  const of = (alias: string) => (only ? `${alias}.session_id IN (${only}) AND ` : '');
  return `
    SELECT ${day('unixepoch(u.time)')} AS day, s.agent AS agent, coalesce(s.workspace, '') AS workspace, coalesce(u.model, '') AS model,
        (u.input + u.cache_read + u.cache_creation) > ${LONG_CONTEXT_ABOVE} AS long, 0 AS messages, 0 AS tool_calls,
        ${COUNTS.map((c) => `${n(`u.${c}`)} AS ${c}`).join(', ')}, u.session_id AS session_id
      FROM usage u JOIN sessions s ON s.id = u.session_id WHERE ${of('u')}${sessionWhere} AND ${timeSql('u.time', w)}
    UNION ALL
    SELECT ${day('unixepoch(m.time)')}, s.agent, coalesce(s.workspace, ''), coalesce(m.model, ''), 0, ${n('1')}, 0, 0, 0, 0, 0, 0, m.session_id
      FROM messages m JOIN sessions s ON s.id = m.session_id WHERE ${of('m')}${sessionWhere} AND ${timeSql('m.time', w)}
    UNION ALL
    SELECT ${day('unixepoch(t.time)')}, s.agent, coalesce(s.workspace, ''), coalesce((SELECT mm.model FROM messages mm WHERE mm.id = t.message_id), ''), 0, 0, ${n('1')},
        0, 0, 0, 0, 0, t.session_id
      FROM tool_calls t JOIN sessions s ON s.id = t.session_id WHERE ${of('t')}${sessionWhere} AND ${timeSql('t.time', w)}`;
}

/** The rollup key range of a window whose ends are on its boundaries (buckets, or local dates). */
function keyRangeSql(column: string, w: Window): string {
  const parts: string[] = [];
  if (w.since !== undefined) parts.push(`${column} >= @k_since`);
  if (w.until !== undefined) parts.push(`${column} < @k_until`);
  // -1 (no time) is below every real key.
  return parts.length ? [`${column} >= 0`, ...parts].join(' AND ') : 'true';
}

/** Day number of a rollup row's key. */
function rollupDay(source: 'buckets' | 'days', column: string, day: DaySql): string {
  return source === 'buckets' ? day(`CASE WHEN ${column} < 0 THEN NULL ELSE ${column} * ${BUCKET_SECONDS} END`) : `nullif(${column}, -1)`;
}

export interface RollupFilter {
  /** Conditions on the rollup's agent/workspace (`r`). */
  rollupWhere: string;
  /** The same conditions on `s` (sessions). */
  sessionWhere: string;
  /** Subquery of hidden session ids, when there are any: their rows are taken away. */
  hiddenIds?: string;
  /** Whether activity needs the sessions' agent/workspace (filtering or grouping by them). */
  needSession: boolean;
}

/** Facts from the rollups, less the raw facts of hidden sessions (usually none or few) that match the filter. */
export function rollupFactsSql(source: 'buckets' | 'days', f: RollupFilter, w: Window, day: DaySql): string {
  const [table, column] = source === 'buckets' ? ['stats_rollup', 'r.bucket'] : ['stats_rollup_day', 'r.day'];
  return `
    SELECT ${rollupDay(source, column, day)} AS day, r.agent, r.workspace, r.model, r.long, r.messages, r.tool_calls, ${COUNTS.map((c) => `r.${c}`).join(', ')}, NULL AS session_id
      FROM ${table} r WHERE ${keyRangeSql(column, w)} AND ${f.rollupWhere}
    ${f.hiddenIds ? `UNION ALL ${rawFactsSql(f.sessionWhere, w, day, -1, f.hiddenIds)}` : ''}`;
}

/** Activity rows (one per session, key and model) from a rollup's activity table. */
export function rollupActivitySql(source: 'buckets' | 'days', f: RollupFilter, w: Window, day: DaySql): string {
  const [table, column] = source === 'buckets' ? ['session_activity', 'a.bucket'] : ['session_activity_day', 'a.day'];
  const where = [keyRangeSql(column, w), ...(f.hiddenIds ? [`a.session_id NOT IN (${f.hiddenIds})`] : []), ...(f.needSession ? [f.sessionWhere] : [])];
  const session = f.needSession ? "s.agent AS agent, coalesce(s.workspace, '') AS workspace" : "'' AS agent, '' AS workspace";
  return `SELECT ${rollupDay(source, column, day)} AS day, ${session}, a.model AS model, a.session_id AS session_id
    FROM ${table} a ${f.needSession ? 'JOIN sessions s ON s.id = a.session_id' : ''} WHERE ${where.join(' AND ')}`;
}
