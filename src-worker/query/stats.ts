import type { StatsGroupBy, StatsQuery, StatsResult, StatsRow } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { sessionFilterSql, type FilterContext } from './filters.js';
import type { PriceTable } from './prices.js';
import { BUILTIN_PRICES_INFO, billableTokens } from './prices.js';
import { BUCKET_SECONDS, bucketParams, bucketSql, rawFactsSql, rollupFactsSql, windowOnBuckets, type Window } from './stats-facts.js';
import { parseTimeBound } from './time-filter.js';
import { currentTimeZone, localDaySql, offsetAt, offsetSpans } from './time-zone.js';

const GROUPS: readonly StatsGroupBy[] = ['day', 'agent', 'model', 'workspace'];
const NONE = '(none)';

export interface StatsContext extends FilterContext {
  /** Force the exact path over the raw tables (tests compare it with the rollups). */
  exact?: boolean;
}

interface FactSum {
  key: string;
  model: string;
  long: number;
  messages: number;
  toolCalls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

function emptyRow(key: string): StatsRow {
  return { key, sessions: 0, messages: 0, toolCalls: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, cost: null, costUnknownTokens: 0, unknownModels: [] };
}

/** The group key of a fact row `f` (or an activity row), as SQL. */
function keySql(by: StatsGroupBy, sec: string, f: { agent: string; workspace: string; model: string }, daySql: (sec: string) => string): string {
  switch (by) {
    case 'day':
      return daySql(sec);
    case 'agent':
      return f.agent;
    case 'workspace':
      return `coalesce(nullif(${f.workspace}, ''), '${NONE}')`;
    case 'model':
      return `coalesce(nullif(${f.model}, ''), '${NONE}')`;
  }
}

/** Adds one (group, model, long) sum to a row: tokens, cost by that model's price, and counts. */
function addFacts(row: StatsRow, f: FactSum, prices: PriceTable, unknown: Set<string>, countMessages: boolean): void {
  if (countMessages) {
    row.messages += f.messages;
    row.toolCalls += f.toolCalls;
  }
  const tokens = { input: f.input, output: f.output, cacheRead: f.cacheRead, cacheCreation: f.cacheCreation };
  for (const [k, v] of Object.entries(tokens)) row.tokens[k as keyof typeof tokens] += v;
  row.tokens.reasoning += f.reasoning;
  if (billableTokens(tokens) === 0) return;
  const cost = prices.cost(f.model || null, tokens, f.long === 1);
  if (cost !== undefined) row.cost = (row.cost ?? 0) + cost;
  else {
    row.costUnknownTokens += billableTokens(tokens);
    unknown.add(f.model || NONE);
  }
}

function finishCost(row: StatsRow, unknown: Set<string>): void {
  row.unknownModels = [...unknown].sort();
  // Nothing billable at all costs nothing; only tokens without a price make the cost unknown.
  if (row.cost === null && row.costUnknownTokens === 0) row.cost = 0;
  if (row.cost !== null) row.cost = Math.round(row.cost * 1e6) / 1e6;
}

function order(by: StatsGroupBy, rows: StatsRow[]): StatsRow[] {
  if (by === 'day') return rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows.sort((a, b) => billableTokens(b.tokens) - billableTokens(a.tokens) || b.sessions - a.sessions || a.key.localeCompare(b.key));
}

function timeWindow(query: StatsQuery, ctx: FilterContext, timeZone: string): Window {
  const w: Window = {};
  if (query.since !== undefined) w.since = parseTimeBound(query.since, 'since', ctx.now, timeZone);
  if (query.until !== undefined) w.until = parseTimeBound(query.until, 'until', ctx.now, timeZone);
  if (w.since && w.until && w.since >= w.until) throw new DevlogError(ErrorCodes.BadRequest, `--since (${w.since}) is not before --until (${w.until})`, 'since');
  return w;
}

/**
 * Sessions, messages, tool calls, tokens and estimated cost, by the time each thing happened:
 * a usage row, message or tool call counts in the window and on the local day (in
 * `query.timeZone`, default this process's zone) of its own time, so a session resumed weeks
 * later adds its new turns to the new day only. Tokens and cost come from the same usage rows.
 * Sessions of a group: distinct sessions with any activity in it. The session filters (agent,
 * workspace glob, model, hidden) select sessions as `query` does.
 */
export function getStats(db: ReadableDb, query: StatsQuery, prices: PriceTable, ctx: StatsContext = {}): StatsResult {
  const by = query.by ?? 'day';
  if (!GROUPS.includes(by)) throw new DevlogError(ErrorCodes.BadRequest, `--by: must be one of ${GROUPS.join(', ')} (got "${String(by)}")`, 'by');
  const timeZone = query.timeZone ?? currentTimeZone();
  offsetAt(timeZone, 0); // names an unknown zone before anything else
  const window = timeWindow(query, ctx, timeZone);
  const filter = sessionFilterSql(db, { ...query, since: undefined, until: undefined }, ctx);
  const params: Record<string, string | number> = { ...filter.params, ...bucketParams(window) };
  if (window.since) params.w_since = window.since;
  if (window.until) params.w_until = window.until;

  // Local days from the zone's offsets over the stored time range.
  const range = db.prepare('SELECT min(bucket) AS lo, max(bucket) AS hi FROM stats_rollup WHERE bucket >= 0').get() as { lo: number | null; hi: number | null };
  const nowSec = Math.floor((ctx.now ?? new Date()).getTime() / 1000);
  const spans = offsetSpans(timeZone, (range.lo ?? nowSec / BUCKET_SECONDS) * BUCKET_SECONDS, ((range.hi ?? nowSec / BUCKET_SECONDS) + 1) * BUCKET_SECONDS);
  const daySql = (sec: string) => localDaySql(sec, spans);

  const fast = !ctx.exact && !query.model?.trim() && windowOnBuckets(window);
  let facts: string;
  let activity: string;
  if (fast) {
    const rollupWhere = ['true'];
    if (filter.params.f_agents) rollupWhere.push('r.agent IN (SELECT value FROM json_each(@f_agents))');
    if (filter.params.f_workspaces) rollupWhere.push('r.workspace IN (SELECT value FROM json_each(@f_workspaces))');
    const sessionConditions = [filter.hiddenSql];
    if (filter.params.f_agents) sessionConditions.push('s.agent IN (SELECT value FROM json_each(@f_agents))');
    if (filter.params.f_workspaces) sessionConditions.push('s.workspace IN (SELECT value FROM json_each(@f_workspaces))');
    facts = rollupFactsSql(rollupWhere.join(' AND '), sessionConditions.join(' AND '), window);
    activity = `SELECT CASE WHEN a.bucket < 0 THEN NULL ELSE a.bucket * ${BUCKET_SECONDS} END AS sec, s.agent AS agent, coalesce(s.workspace, '') AS workspace, a.model AS model, a.session_id AS session_id
      FROM session_activity a JOIN sessions s ON s.id = a.session_id WHERE ${bucketSql('a.bucket', window)} AND ${filter.where}`;
  } else {
    facts = rawFactsSql(filter.where, window);
    activity = `SELECT sec, agent, workspace, model, session_id FROM (${facts})`;
  }

  const cols = { agent: 'f.agent', workspace: 'f.workspace', model: 'f.model' };
  const key = keySql(by, 'f.sec', cols, daySql);
  const sums = db
    .prepare(
      `SELECT ${key} AS key, f.model AS model, f.long AS long, sum(f.messages) AS messages, sum(f.tool_calls) AS toolCalls,
          sum(f.input) AS input, sum(f.output) AS output, sum(f.cache_read) AS cacheRead, sum(f.cache_creation) AS cacheCreation, sum(f.reasoning) AS reasoning
        FROM (${facts}) f GROUP BY 1, 2, 3`,
    )
    .all(params) as FactSum[];
  // by model: a session counts for the models it used; activity without a model (user turns) names none.
  const modelOnly = by === 'model' ? `WHERE f.model <> ''` : '';
  const sessions = db.prepare(`SELECT ${key} AS key, count(DISTINCT f.session_id) AS n FROM (${activity}) f ${modelOnly} GROUP BY 1`).all(params) as { key: string; n: number }[];
  const totalSessions = (db.prepare(`SELECT count(DISTINCT f.session_id) AS n FROM (${activity}) f`).get(params) as { n: number }).n;

  const groups = new Map<string, StatsRow>();
  const unknown = new Map<string, Set<string>>();
  const total = emptyRow('total');
  const totalUnknown = new Set<string>();
  for (const f of sums) {
    const row = groups.get(f.key) ?? groups.set(f.key, emptyRow(f.key)).get(f.key)!;
    const set = unknown.get(f.key) ?? unknown.set(f.key, new Set()).get(f.key)!;
    addFacts(row, f, prices, set, by !== 'model' || f.model !== '');
    addFacts(total, f, prices, totalUnknown, true);
  }
  for (const s of sessions) (groups.get(s.key) ?? groups.set(s.key, emptyRow(s.key)).get(s.key)!).sessions = s.n;
  total.sessions = totalSessions;
  for (const row of groups.values()) finishCost(row, unknown.get(row.key) ?? new Set());
  finishCost(total, totalUnknown);
  const shown = [...groups.values()].filter((g) => g.sessions > 0 || g.messages > 0 || g.toolCalls > 0 || billableTokens(g.tokens) > 0 || g.tokens.reasoning > 0);

  return {
    by,
    groups: order(by, shown),
    total,
    currency: 'USD',
    prices: { ...BUILTIN_PRICES_INFO, overridden: prices.overridden },
  };
}
