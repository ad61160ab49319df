import type { StatsGroupBy, StatsQuery, StatsResult, StatsRow } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { sessionFilterSql, type FilterContext, type SqlFilter } from './filters.js';
import type { PriceTable} from './prices.js';
import { BUILTIN_PRICES_INFO, LONG_CONTEXT_ABOVE, billableTokens } from './prices.js';

const GROUPS: readonly StatsGroupBy[] = ['day', 'agent', 'model', 'workspace'];
const NONE = '(none)';

/** The group key of a session (all groups but 'model', which groups usage by its own model). */
const SESSION_KEY: Record<Exclude<StatsGroupBy, 'model'>, string> = {
  // The local day the session started: what "tokens per day" means to the user.
  day: `coalesce(date(s.started_at, 'localtime'), '${NONE}')`,
  agent: 's.agent',
  workspace: `coalesce(s.workspace, '${NONE}')`,
};

interface CountRow {
  key: string;
  sessions: number;
  messages: number;
  toolCalls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

interface UsageRow {
  key: string;
  model: string | null;
  long: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

function emptyRow(key: string): StatsRow {
  return { key, sessions: 0, messages: 0, toolCalls: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, cost: null, costUnknownTokens: 0, unknownModels: [] };
}

/** Cost per group from usage rows (one per billed response), priced by each row's own model. */
function addCosts(rows: Map<string, StatsRow>, usage: UsageRow[], prices: PriceTable): void {
  const unknown = new Map<string, Set<string>>();
  for (const u of usage) {
    const row = rows.get(u.key) ?? emptyRow(u.key);
    rows.set(u.key, row);
    const cost = prices.cost(u.model, u, u.long === 1);
    if (cost !== undefined) {
      row.cost = (row.cost ?? 0) + cost;
    } else if (billableTokens(u) > 0) {
      row.costUnknownTokens += billableTokens(u);
      const set = unknown.get(u.key) ?? new Set<string>();
      set.add(u.model ?? NONE);
      unknown.set(u.key, set);
    }
  }
  for (const row of rows.values()) {
    row.unknownModels = [...(unknown.get(row.key) ?? [])].sort();
    // Nothing billable at all costs nothing; only tokens without a price make the cost unknown.
    if (row.cost === null && row.costUnknownTokens === 0) row.cost = 0;
    if (row.cost !== null) row.cost = Math.round(row.cost * 1e6) / 1e6;
  }
}

function usageSql(key: string, filter: SqlFilter): string {
  return `SELECT ${key} AS key, u.model AS model, (u.input + u.cache_read + u.cache_creation) > ${LONG_CONTEXT_ABOVE} AS long,
      sum(u.input) AS input, sum(u.output) AS output, sum(u.cache_read) AS cacheRead,
      sum(u.cache_creation) AS cacheCreation, sum(u.reasoning) AS reasoning
    FROM usage u JOIN sessions s ON s.id = u.session_id
    WHERE ${filter.where}
    GROUP BY 1, 2, 3`;
}

function sessionCountsSql(key: string, filter: SqlFilter): string {
  return `SELECT ${key} AS key, count(*) AS sessions, coalesce(sum(s.message_count), 0) AS messages, coalesce(sum(s.tool_call_count), 0) AS toolCalls,
      coalesce(sum(s.input_tokens), 0) AS input, coalesce(sum(s.output_tokens), 0) AS output, coalesce(sum(s.cache_read_tokens), 0) AS cacheRead,
      coalesce(sum(s.cache_creation_tokens), 0) AS cacheCreation, coalesce(sum(s.reasoning_tokens), 0) AS reasoning
    FROM sessions s WHERE ${filter.where} GROUP BY 1`;
}

function fromCounts(c: CountRow): StatsRow {
  const row = emptyRow(c.key);
  Object.assign(row, { sessions: c.sessions, messages: c.messages, toolCalls: c.toolCalls });
  row.tokens = { input: c.input, output: c.output, cacheRead: c.cacheRead, cacheCreation: c.cacheCreation, reasoning: c.reasoning };
  return row;
}

/** by model: tokens from usage, sessions that used the model, and that model's replies and their tool calls. */
function modelGroups(db: ReadableDb, filter: SqlFilter): Map<string, StatsRow> {
  const rows = new Map<string, StatsRow>();
  const key = `coalesce(u.model, '${NONE}')`;
  const tokenRows = db
    .prepare(
      `SELECT ${key} AS key, count(DISTINCT u.session_id) AS sessions, 0 AS messages, 0 AS toolCalls, sum(u.input) AS input, sum(u.output) AS output,
          sum(u.cache_read) AS cacheRead, sum(u.cache_creation) AS cacheCreation, sum(u.reasoning) AS reasoning
        FROM usage u JOIN sessions s ON s.id = u.session_id WHERE ${filter.where} GROUP BY 1`,
    )
    .all(filter.params) as CountRow[];
  for (const r of tokenRows) rows.set(r.key, fromCounts(r));
  const messages = db
    .prepare(`SELECT m.model AS key, count(*) AS n FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.model IS NOT NULL AND ${filter.where} GROUP BY 1`)
    .all(filter.params) as { key: string; n: number }[];
  for (const m of messages) (rows.get(m.key) ?? rows.set(m.key, emptyRow(m.key)).get(m.key)!).messages = m.n;
  const calls = db
    .prepare(
      `SELECT m.model AS key, count(*) AS n FROM tool_calls t JOIN messages m ON m.id = t.message_id JOIN sessions s ON s.id = t.session_id
        WHERE m.model IS NOT NULL AND ${filter.where} GROUP BY 1`,
    )
    .all(filter.params) as { key: string; n: number }[];
  for (const c of calls) (rows.get(c.key) ?? rows.set(c.key, emptyRow(c.key)).get(c.key)!).toolCalls = c.n;
  return rows;
}

function order(by: StatsGroupBy, rows: StatsRow[]): StatsRow[] {
  if (by === 'day') return rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows.sort((a, b) => billableTokens(b.tokens) - billableTokens(a.tokens) || b.sessions - a.sessions || a.key.localeCompare(b.key));
}

/**
 * Sessions, messages, tool calls, tokens and estimated cost over exactly the sessions a query
 * with the same filter lists, grouped by day, agent, model or workspace.
 */
export function getStats(db: ReadableDb, query: StatsQuery, prices: PriceTable, ctx: FilterContext = {}): StatsResult {
  const by = query.by ?? 'day';
  if (!GROUPS.includes(by)) throw new DevlogError(ErrorCodes.BadRequest, `--by: must be one of ${GROUPS.join(', ')} (got "${String(by)}")`, 'by');
  const filter = sessionFilterSql(db, query, ctx);

  let groups: Map<string, StatsRow>;
  let usageKey: string;
  if (by === 'model') {
    groups = modelGroups(db, filter);
    usageKey = `coalesce(u.model, '${NONE}')`;
  } else {
    usageKey = SESSION_KEY[by];
    const counts = db.prepare(sessionCountsSql(usageKey, filter)).all(filter.params) as CountRow[];
    groups = new Map(counts.map((c) => [c.key, fromCounts(c)]));
  }
  addCosts(groups, db.prepare(usageSql(usageKey, filter)).all(filter.params) as UsageRow[], prices);

  const totalCounts = db.prepare(sessionCountsSql(`'total'`, filter)).all(filter.params) as CountRow[];
  const total = new Map([['total', totalCounts[0] ? fromCounts(totalCounts[0]) : emptyRow('total')]]);
  addCosts(total, db.prepare(usageSql(`'total'`, filter)).all(filter.params) as UsageRow[], prices);

  return {
    by,
    groups: order(by, [...groups.values()]),
    total: total.get('total')!,
    currency: 'USD',
    prices: { ...BUILTIN_PRICES_INFO, overridden: prices.overridden },
  };
}
