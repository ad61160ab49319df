import type { StatsGroupBy, StatsQuery, StatsResult, StatsRow } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { sessionFilterSql, type FilterContext, type SqlFilter } from './filters.js';
import type { PriceTable } from './prices.js';
import { BUILTIN_PRICES_INFO, billableTokens } from './prices.js';
import { getMeta } from '../store/meta.js';
import { BUCKET_SECONDS, rawFactsSql, rollupActivitySql, rollupFactsSql, type RollupFilter, type Window } from './stats-facts.js';
import { parseTimeBound } from './time-filter.js';
import { currentTimeZone, dayNumberToDate, localDaySql, offsetAt, offsetSpans } from './time-zone.js';

const GROUPS: readonly StatsGroupBy[] = ['day', 'agent', 'model', 'workspace'];
const NONE = '(none)';

export type StatsSource = 'days' | 'buckets' | 'raw';

export interface StatsContext extends FilterContext {
  /** Use this source even where a faster one would do (tests compare them). */
  source?: StatsSource;
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
function keySql(by: StatsGroupBy, f: { day: string; agent: string; workspace: string; model: string }): string {
  switch (by) {
    case 'day':
      return f.day;
    case 'agent':
      return f.agent;
    case 'workspace':
      return `coalesce(nullif(${f.workspace}, ''), '${NONE}')`;
    case 'model':
      return `coalesce(nullif(${f.model}, ''), '${NONE}')`;
  }
}

/** Adds one (group, model, long) sum to a row: tokens, cost by that model's price, and counts. */
function addFacts(row: StatsRow, f: FactSum, prices: Pricer, unknown: Set<string>, countMessages: boolean): void {
  if (countMessages) {
    row.messages += f.messages;
    row.toolCalls += f.toolCalls;
  }
  const tokens = { input: f.input, output: f.output, cacheRead: f.cacheRead, cacheCreation: f.cacheCreation };
  for (const [k, v] of Object.entries(tokens)) row.tokens[k as keyof typeof tokens] += v;
  row.tokens.reasoning += f.reasoning;
  if (billableTokens(tokens) === 0) return;
  const cost = prices(f.model, tokens, f.long === 1);
  if (cost !== undefined) row.cost = (row.cost ?? 0) + cost;
  else {
    row.costUnknownTokens += billableTokens(tokens);
    unknown.add(f.model || NONE);
  }
}

type Tokens = Parameters<PriceTable['cost']>[1];
type Pricer = (model: string, tokens: Tokens, long: boolean) => number | undefined;

/** PriceTable.cost, its per-token rates looked up once per model (cost is linear in each count). */
function pricer(prices: PriceTable): Pricer {
  const rates = new Map<string, Tokens | undefined>();
  const unit = (k: keyof Tokens): Tokens => ({ input: 0, output: 0, cacheRead: 0, cacheCreation: 0, [k]: 1 });
  return (model, tokens, long) => {
    const key = `${long ? 1 : 0}${model}`;
    if (!rates.has(key)) {
      const per = (k: keyof Tokens) => prices.cost(model || null, unit(k), long);
      const input = per('input');
      rates.set(key, input === undefined ? undefined : { input, output: per('output')!, cacheRead: per('cacheRead')!, cacheCreation: per('cacheCreation')! });
    }
    const r = rates.get(key);
    return r && tokens.input * r.input + tokens.output * r.output + tokens.cacheRead * r.cacheRead + tokens.cacheCreation * r.cacheCreation;
  };
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

/** Filters the rollups cannot apply: they select few sessions, so start from those sessions' rows. */
const narrowsBySessionTables = (query: StatsQuery) => Boolean(query.model?.trim() || query.file !== undefined || query.tags?.length || query.starred);

/** The cheapest source that answers exactly (see stats-facts.ts). */
function fastestSource(db: ReadableDb, query: StatsQuery, w: Window, timeZone: string): StatsSource {
  // --model, --file, --tag and --starred select sessions by the tables (models used, files changed, the user's metadata).
  if (narrowsBySessionTables(query)) return 'raw';
  const ends = [w.since, w.until].filter((t): t is string => t !== undefined).map((t) => Date.parse(t) / 1000);
  const midnight = (sec: number) => (sec + offsetAt(timeZone, sec)) % 86_400 === 0;
  if (getMeta(db, 'stats_day_zone') === timeZone && ends.every(midnight)) return 'days';
  return ends.every((sec) => sec % BUCKET_SECONDS === 0) ? 'buckets' : 'raw';
}

/** The rollup range parameters: bucket numbers, or local day numbers (until exclusive). */
function keyParams(source: 'buckets' | 'days', w: Window, timeZone: string): Record<string, string | number> {
  const key = (iso: string) => {
    const sec = Date.parse(iso) / 1000;
    return source === 'buckets' ? sec / BUCKET_SECONDS : (sec + offsetAt(timeZone, sec)) / 86_400;
  };
  const params: Record<string, string | number> = {};
  if (w.since !== undefined) params.k_since = key(w.since);
  if (w.until !== undefined) params.k_until = key(w.until);
  return params;
}

/** The session filters as rollup conditions; hidden and deleted sessions (few) by id. */
function rollupFilter(db: ReadableDb, filter: SqlFilter, by: StatsGroupBy): Omit<RollupFilter, 'hiddenIds'> & { hiddenIds?: { json: string } } {
  const hidden = db.prepare(`SELECT s.id FROM session_meta sm0 JOIN sessions s ON s.id = sm0.session_id WHERE ${filter.hiddenSql}`).pluck().all() as string[];
  const rollupWhere = ['true'];
  const sessionWhere = ['true'];
  if (filter.params.f_agents) {
    rollupWhere.push('r.agent IN (SELECT value FROM json_each(@f_agents))');
    sessionWhere.push('s.agent IN (SELECT value FROM json_each(@f_agents))');
  }
  if (filter.params.f_workspaces) {
    rollupWhere.push('r.workspace IN (SELECT value FROM json_each(@f_workspaces))');
    sessionWhere.push('s.workspace IN (SELECT value FROM json_each(@f_workspaces))');
  }
  return {
    rollupWhere: rollupWhere.join(' AND '),
    sessionWhere: sessionWhere.join(' AND '),
    hiddenIds: hidden.length ? { json: JSON.stringify(hidden) } : undefined,
    // Sessions' agent and workspace only when filtering or grouping by them (the join costs).
    needSession: sessionWhere.length > 1 || by === 'agent' || by === 'workspace',
  };
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
  const params: Record<string, string | number> = { ...filter.params };
  if (window.since) params.w_since = window.since;
  if (window.until) params.w_until = window.until;

  // Local days from the zone's offsets over the stored time range.
  // Two subqueries: SQLite reads a lone min() or max() straight off the key, not both at once.
  const range = db
    .prepare('SELECT (SELECT min(bucket) FROM stats_rollup WHERE bucket >= 0) AS lo, (SELECT max(bucket) FROM stats_rollup) AS hi')
    .get() as { lo: number | null; hi: number | null };
  const nowBucket = Math.floor((ctx.now ?? new Date()).getTime() / 1000 / BUCKET_SECONDS);
  // Whole days around the data, so the cached spans serve until new data extends the range.
  const day = (bucket: number) => Math.floor((bucket * BUCKET_SECONDS) / 86_400) * 86_400;
  const spans = offsetSpans(timeZone, day(range.lo ?? nowBucket) - 86_400, day(range.hi ?? nowBucket) + 2 * 86_400);
  const daySql = (sec: string) => localDaySql(sec, spans);

  const source = ctx.source ?? fastestSource(db, query, window, timeZone);
  let facts: string;
  let activity: string;
  if (source === 'raw') {
    // Those filters select few sessions, mostly: start from their rows (session indexes).
    facts = rawFactsSql(filter.where, window, daySql, 1, narrowsBySessionTables(query) ? `SELECT s.id FROM sessions s WHERE ${filter.where}` : undefined);
    activity = `SELECT day, agent, workspace, model, session_id FROM (${facts})`;
  } else {
    const f = rollupFilter(db, filter, by);
    if (f.hiddenIds) params.hidden = f.hiddenIds.json;
    Object.assign(params, keyParams(source, window, timeZone));
    const rf: RollupFilter = { ...f, hiddenIds: f.hiddenIds ? 'SELECT value FROM json_each(@hidden)' : undefined };
    facts = rollupFactsSql(source, rf, window, daySql);
    activity = rollupActivitySql(source, rf, window, daySql);
  }

  const key = keySql(by, { day: 'f.day', agent: 'f.agent', workspace: 'f.workspace', model: 'f.model' });
  const sums = db
    .prepare(
      `SELECT ${key} AS key, f.model AS model, f.long AS long, sum(f.messages) AS messages, sum(f.tool_calls) AS toolCalls,
          sum(f.input) AS input, sum(f.output) AS output, sum(f.cache_read) AS cacheRead, sum(f.cache_creation) AS cacheCreation, sum(f.reasoning) AS reasoning
        FROM (${facts}) f GROUP BY 1, 2, 3`,
    )
    .all(params) as FactSum[];
  // Days come back as day numbers (cheap to compute per row); name them once each.
  const name = (key: unknown) => (by === 'day' ? dayNumberToDate(key as number | null) : (key as string));
  for (const f of sums) f.key = name(f.key);
  // by model: a session counts for the models it used; activity without a model (user turns) names none.
  const modelOnly = by === 'model' ? `WHERE f.model <> ''` : '';
  const sessions = (db.prepare(`SELECT ${key} AS key, count(DISTINCT f.session_id) AS n FROM (${activity}) f ${modelOnly} GROUP BY 1`).all(params) as { key: string; n: number }[]).map((r) => ({ key: name(r.key), n: r.n }));
  const totalSessions = (db.prepare(`SELECT count(DISTINCT f.session_id) AS n FROM (${activity}) f`).get(params) as { n: number }).n;

  const groups = new Map<string, StatsRow>();
  const unknown = new Map<string, Set<string>>();
  const total = emptyRow('total');
  const totalUnknown = new Set<string>();
  const price = pricer(prices);
  // splitByModel: the same sums per (group, model), priced the same way, so the parts add up.
  const split = new Map<string, Map<string, StatsRow>>();
  for (const f of sums) {
    const row = groups.get(f.key) ?? groups.set(f.key, emptyRow(f.key)).get(f.key)!;
    const set = unknown.get(f.key) ?? unknown.set(f.key, new Set()).get(f.key)!;
    addFacts(row, f, price, set, by !== 'model' || f.model !== '');
    addFacts(total, f, price, totalUnknown, true);
    if (query.splitByModel) {
      const models = split.get(f.key) ?? split.set(f.key, new Map()).get(f.key)!;
      const model = f.model || NONE;
      addFacts(models.get(model) ?? models.set(model, emptyRow(model)).get(model)!, f, price, new Set(), false);
    }
  }
  for (const s of sessions) (groups.get(s.key) ?? groups.set(s.key, emptyRow(s.key)).get(s.key)!).sessions = s.n;
  total.sessions = totalSessions;
  for (const row of groups.values()) finishCost(row, unknown.get(row.key) ?? new Set());
  if (query.splitByModel) {
    for (const row of groups.values()) {
      const parts = [...(split.get(row.key)?.values() ?? [])].filter((m) => billableTokens(m.tokens) > 0 || m.tokens.reasoning > 0);
      for (const m of parts) finishCost(m, new Set());
      row.byModel = order('model', parts).map((m) => ({ model: m.key, tokens: m.tokens, cost: m.costUnknownTokens > 0 ? null : m.cost }));
    }
  }
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
