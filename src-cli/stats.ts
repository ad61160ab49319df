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

/** Asks the running engine (its rollups are warm in memory); undefined when none answers. */
async function statsFromEngine(paths: HomePaths, query: StatsQuery): Promise<StatsResult | undefined> {
  const daemon = readDaemonInfo(paths.daemon);
  if (!daemon) return undefined;
  const client = await connectToDaemon(paths, daemon).catch(() => undefined);
  if (!client) return undefined;
  try {
    return await client.call('stats.get', query);
  } finally {
    client.dispose();
  }
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

/** `devlog stats`: totals and estimated cost, grouped; from the running engine, else the store. */
export async function runStats(options: StatsOptions): Promise<void> {
  const paths = homePaths(resolveDevlogHome());
  const query = toStatsQuery(options);
  const result = (await statsFromEngine(paths, query)) ?? statsFromStore(paths, query);
  if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else if (!result.groups.length) process.stdout.write('no sessions match\n');
  else process.stdout.write(statsToText(result, terminalWidth()));
}
