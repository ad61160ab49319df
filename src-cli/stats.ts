import type { StatsGroupBy, StatsQuery, StatsResult, StatsRow } from '../src-shared/contract/index.js';
import { loadConfig } from '../src-worker/config/load.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { homePaths, resolveDevlogHome, type HomePaths } from '../src-worker/paths.js';
import { openStoreReadOnly } from '../src-worker/query/open-store.js';
import { PriceTable } from '../src-worker/query/prices.js';
import { getStats } from '../src-worker/query/stats.js';
import { currentTimeZone } from '../src-worker/query/time-zone.js';
import { connectToDaemon } from './daemon-client.js';
import { tildePath, toSessionFilter } from './query.js';
import { compactNumber, renderTable, terminalWidth, type Column } from './table.js';

export interface StatsOptions {
  by: StatsGroupBy;
  agent: string[];
  workspace?: string;
  since?: string;
  until?: string;
  model?: string;
  hidden?: boolean;
  tag?: string[];
  starred?: boolean;
  json?: boolean;
}

export { parseGroupBy } from './option-parsers.js';

/** "$12.34", "$12.34 + ?" when some tokens have no price, "unknown" when none has. */
export function formatCost(row: Pick<StatsRow, 'cost' | 'costUnknownTokens'>): string {
  if (row.cost === null) return 'unknown';
  const dollars = row.cost >= 100 ? `$${Math.round(row.cost).toLocaleString('en')}` : `$${row.cost.toFixed(2)}`;
  return row.costUnknownTokens > 0 ? `${dollars} + ?` : dollars;
}

function columns(by: StatsGroupBy): Column<StatsRow>[] {
  return [
    { header: by.toUpperCase(), value: (r) => (by === 'workspace' ? tildePath(r.key) : r.key), cut: by === 'workspace' ? 'start' : 'end', minWidth: 10 },
    { header: 'SESSIONS', value: (r) => String(r.sessions), align: 'right' },
    { header: 'MSGS', value: (r) => String(r.messages), align: 'right' },
    { header: 'TOOLS', value: (r) => String(r.toolCalls), align: 'right' },
    { header: 'INPUT', value: (r) => compactNumber(r.tokens.input), align: 'right' },
    { header: 'OUTPUT', value: (r) => compactNumber(r.tokens.output), align: 'right' },
    { header: 'CACHE R', value: (r) => compactNumber(r.tokens.cacheRead), align: 'right' },
    { header: 'CACHE W', value: (r) => compactNumber(r.tokens.cacheCreation), align: 'right' },
    { header: 'COST', value: formatCost, align: 'right' },
  ];
}

export function statsToText(result: StatsResult, width: number | undefined): string {
  const lines = renderTable([...result.groups, { ...result.total, key: 'TOTAL' }], columns(result.by), width);
  const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
  const out = [...lines.slice(0, -1), rule, lines.at(-1)!];
  const t = result.total;
  if (t.costUnknownTokens > 0) {
    out.push('', `cost unknown for ${compactNumber(t.costUnknownTokens)} tokens of ${t.unknownModels.join(', ')}: add their prices under "prices" in config.json`);
  }
  out.push(`estimated USD at list prices (${result.prices.updated}${result.prices.overridden.length ? `; your prices for ${result.prices.overridden.join(', ')}` : ''})`);
  return out.join('\n') + '\n';
}

/** The query, with this process's time zone (TZ honoured) for days and dates, whoever answers it. */
export function toStatsQuery(options: StatsOptions): StatsQuery {
  return { ...toSessionFilter(options), by: options.by, timeZone: currentTimeZone() };
}

/**
 * How long to wait for the engine before reading the store here: an idle engine answers in a
 * few milliseconds, but during a history scan it only gets to requests between commits (up to
 * a second apart), and the store answers the same from the same rollups.
 */
const ENGINE_GRACE_MS = 100;

interface EngineAsk {
  answer: Promise<StatsResult | undefined>;
  /** Whether the request is still out (then the process must not wait for it to exit). */
  pending(): boolean;
}

/** Asks the running engine (warm connection and cache); resolves undefined when none runs. */
function askEngine(paths: HomePaths, query: StatsQuery): EngineAsk {
  let done = false;
  const answer = (async () => {
    const daemon = readDaemonInfo(paths.daemon);
    if (!daemon) return undefined;
    const client = await connectToDaemon(paths, daemon).catch(() => undefined);
    if (!client) return undefined;
    try {
      return await client.call('stats.get', query);
    } finally {
      client.dispose();
    }
  })().finally(() => (done = true));
  return { answer, pending: () => !done };
}

function statsFromStore(paths: HomePaths, query: StatsQuery): StatsResult {
  const prices = new PriceTable(loadConfig(paths.config).prices);
  const db = openStoreReadOnly(paths);
  try {
    return getStats(db, query, prices);
  } finally {
    db.close();
  }
}

/** The store's answer; if the store cannot be read here, the engine's after all (when one runs). */
async function fromStoreOrEngine(paths: HomePaths, query: StatsQuery, engine: EngineAsk): Promise<StatsResult> {
  try {
    return statsFromStore(paths, query);
  } catch (err) {
    const late = await engine.answer.catch(() => undefined);
    if (late) return late;
    throw err;
  }
}

/** `devlog stats`: totals and estimated cost, grouped; from the running engine, else the store. */
export async function runStats(options: StatsOptions): Promise<void> {
  const paths = homePaths(resolveDevlogHome());
  const query = toStatsQuery(options);
  const engine = askEngine(paths, query);
  const grace = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ENGINE_GRACE_MS).unref());
  engine.answer.catch(() => undefined); // should the store answer instead, a late engine error does not matter
  const result = (await Promise.race([engine.answer, grace])) ?? (await fromStoreOrEngine(paths, query, engine));
  const text = options.json ? JSON.stringify(result, null, 2) + '\n' : !result.groups.length ? 'no sessions match\n' : statsToText(result, terminalWidth());
  // A busy engine may hold its socket open for a while yet: once the answer is out, do not wait for it.
  if (engine.pending()) process.stdout.write(text, () => process.exit(0));
  else process.stdout.write(text);
}
