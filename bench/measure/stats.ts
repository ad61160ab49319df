import { openReadableDb, type ReadableDb } from '../../src-worker/store/database.js';
import { parseStatsQuery } from '../../src-worker/query/params.js';
import { PriceTable } from '../../src-worker/query/prices.js';
import { getStats } from '../../src-worker/query/stats.js';
import type { StatsQuery, StatsResult } from '../../src-shared/contract/index.js';
import { dbFile, ensureIngestedStore, runDevlog, type BenchContext, type PeerKey, type UsageTotals } from '../lib/context.js';
import { assertOk } from '../lib/proc.js';
import { metric, notMeasured, type MeasurementResult, type Metric } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { profilePlan, takeProfiles } from '../lib/profile.js';
import { ensureScaledStore } from './search.js';

/** ccusage's question: Claude Code tokens (and cost) per day. */
export const STATS_ARGS = ['stats', '--json', '--by', 'day', '--agent', 'claude-code'];
/** What the app's stats view asks the engine: `stats.get` by day, every agent. */
export const ENGINE_QUERY: StatsQuery = { by: 'day' };

export function statsTotals(result: Pick<StatsResult, 'total'>): UsageTotals {
  const t = result.total.tokens;
  return { input: t.input, output: t.output, cacheRead: t.cacheRead, cacheCreation: t.cacheCreation };
}

/** devlog's Claude Code token totals in a store, through the real getStats. */
export function storeTotals(home: string): UsageTotals {
  const db = openReadableDb(dbFile(home));
  try {
    return statsTotals(getStats(db, { by: 'day', agents: ['claude-code'] }, new PriceTable()));
  } finally {
    db.close();
  }
}

/** "same token totals" or what differs, field by field. */
export function compareTotals(ours: UsageTotals, theirs: UsageTotals): string {
  const diffs = (Object.keys(ours) as Array<keyof UsageTotals>).filter((k) => ours[k] !== theirs[k]).map((k) => `${k} ${ours[k]} vs ${theirs[k]}`);
  return diffs.length ? `totals differ: ${diffs.join(', ')}` : 'same token totals';
}

/**
 * `stats.get` as the engine answers it: the RPC handler's own steps (parse the params, getStats)
 * on one read-only connection kept open across calls, as the engine keeps its reader. One
 * untimed call first (the engine has answered before). Returns the times in ms and the rows.
 */
export function timeEngineStats(home: string, query: StatsQuery, calls: number): { ms: number[]; days: number; usageRows: number } {
  const db: ReadableDb = openReadableDb(dbFile(home));
  try {
    const prices = new PriceTable();
    const ask = () => getStats(db, parseStatsQuery(query), prices);
    const first = ask();
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      ask();
      ms.push(performance.now() - started);
    }
    const usageRows = (db.prepare('SELECT count(*) AS n FROM usage').get() as { n: number }).n;
    return { ms, days: first.groups.length, usageRows };
  } finally {
    db.close();
  }
}

/** The query alone as the CLI runs it without an engine: a fresh read-only connection each time. */
function timeFreshConnection(home: string, calls: number): number[] {
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const db = openReadableDb(dbFile(home));
    try {
      getStats(db, { by: 'day', agents: ['claude-code'] }, new PriceTable());
    } finally {
      db.close();
    }
    ms.push(performance.now() - started);
  }
  return ms;
}

const PEER_TARGETS: Partial<Record<PeerKey, boolean>> = { js: true, native: true };

/**
 * (4) Usage stats. In the engine: `stats.get` by day in-process, on the synced store and on the
 * store grown to 1M messages (the target). As a process: `devlog stats --json --by day --agent
 * claude-code` on the synced store against the peers of (3) answering the same question on the
 * same files (their token totals checked against this result), and `devlog --version`, the
 * floor under any CLI command.
 */
export async function measureStats(ctx: BenchContext): Promise<MeasurementResult> {
  const home = await ensureIngestedStore(ctx);
  const runs = Math.max(5, ctx.options.runs);
  const cli: Array<{ wallMs: number; peakRssKb: number | null }> = [];
  let result: StatsResult | undefined;
  for (let i = 0; i < runs; i++) {
    const r = assertOk(await runDevlog(ctx, home, STATS_ARGS), 'devlog stats');
    result = JSON.parse(r.stdout) as StatsResult;
    cli.push({ wallMs: r.wallMs, peakRssKb: r.peakRssKb });
  }
  const startup: number[] = [];
  for (let i = 0; i < runs; i++) startup.push(assertOk(await runDevlog(ctx, home, ['--version']), 'devlog --version').wallMs);
  const calls = Math.max(20, runs);
  const engineSynced = timeEngineStats(home, ENGINE_QUERY, calls);
  const fresh = summarize(timeFreshConnection(home, Math.max(10, runs)));
  const scaled = await ensureScaledStore(ctx);
  const engineScaled = timeEngineStats(scaled.home, ENGINE_QUERY, calls);

  const wall = summarize(cli.map((r) => r.wallMs));
  const rss = summarize(cli.map((r) => (r.peakRssKb ?? NaN) / 1024));
  const floor = summarize(startup);
  const synced = summarize(engineSynced.ms);
  const atScale = summarize(engineScaled.ms);
  ctx.log(
    `  stats.get by day in the engine: ${synced.median.toFixed(1)} ms on the synced store, ${atScale.median.toFixed(1)} ms at ${scaled.build.messages.toLocaleString('en-US')} messages; ` +
      `devlog stats process ${wall.median.toFixed(0)} ms (median of ${runs})`,
  );
  const scaleLabel = `${(scaled.build.messages / 1e6).toFixed(2)}M messages, ${engineScaled.usageRows.toLocaleString('en-US')} usage rows`;
  const metrics: Metric[] = [
    metric('stats.engineMs', `stats.get by day in the engine (in-process, kept connection), synced store (${(ctx.shared.ingest?.messages ?? 0).toLocaleString('en-US')} messages)`, synced.median, 'ms', { samples: synced.samples }),
    metric('stats.engineAt1MMs', `stats.get by day in the engine, ${scaleLabel}`, atScale.median, 'ms', { samples: atScale.samples, target: { op: '<=', value: 20, unit: 'ms' } }),
    metric('stats.cliMs', `devlog ${STATS_ARGS.join(' ')}: process wall time`, wall.median, 'ms', { samples: wall.samples }),
    metric('stats.queryMs', 'of which the query (getStats on a fresh connection, as the CLI without an engine)', fresh.median, 'ms', { samples: fresh.samples }),
    metric('stats.startupMs', 'devlog --version: Node start + CLI load (the floor of any CLI command)', floor.median, 'ms', { samples: floor.samples }),
  ];
  const details: Record<string, unknown> = {
    args: STATS_ARGS,
    engineQuery: ENGINE_QUERY,
    cli,
    cliPeakRssMb: rss.median,
    engineSyncedMs: engineSynced.ms,
    engineScaledMs: engineScaled.ms,
    scaledStore: { messages: scaled.build.messages, usageRows: engineScaled.usageRows, days: engineScaled.days },
    versionMs: startup,
  };
  const ours = result ? statsTotals(result) : undefined;
  for (const [key, peer] of Object.entries(ctx.shared.peers ?? {}) as Array<[PeerKey, { label: string; medianMs: number; totals: UsageTotals }]>) {
    const target = PEER_TARGETS[key] ? { target: { op: '>=' as const, value: 100, unit: 'x' } } : {};
    const same = ours ? compareTotals(ours, peer.totals) : 'no result';
    details[`totalsVs_${key}`] = same;
    metrics.push(metric(`stats.speedupVs.${key}`, `${peer.label} time / devlog stats time (process)`, peer.medianMs / wall.median, 'x', { ...target, note: `against devlog stats: ${same}` }));
  }
  if (!ctx.shared.peers) metrics.push(notMeasured('stats.speedupVs.native', 'ccusage native time / devlog stats time', 'peers (3) not run', { op: '>=', value: 100, unit: 'x' }));

  // Profiles of what is short: the process on the synced store, the query at 1M messages.
  const cliPlan = profilePlan(ctx.options, metrics.filter((m) => m.key.startsWith('stats.speedupVs.')));
  details.profile = await takeProfiles(ctx, 'stats', cliPlan, (nodeArgs, env) => runDevlog(ctx, home, STATS_ARGS, nodeArgs, env));
  const scalePlan = profilePlan(ctx.options, metrics.filter((m) => m.key === 'stats.engineAt1MMs'));
  const statsAt1M = ['stats', '--json', '--by', 'day'];
  details.profileAt1M = await takeProfiles(ctx, 'stats-1m', scalePlan, (nodeArgs, env) => runDevlog(ctx, scaled.home, statsAt1M, nodeArgs, env));
  return { id: 'stats', n: 4, title: 'usage stats: stats.get in the engine, devlog stats against the peers', metrics, details };
}
