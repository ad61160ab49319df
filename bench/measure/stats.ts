import { openReadableDb } from '../../src-worker/store/database.js';
import { PriceTable } from '../../src-worker/query/prices.js';
import { getStats } from '../../src-worker/query/stats.js';
import type { StatsResult } from '../../src-shared/contract/index.js';
import { dbFile, ensureIngestedStore, runDevlog, type BenchContext, type UsageTotals } from '../lib/context.js';
import { assertOk } from '../lib/proc.js';
import { metric, notMeasured, type MeasurementResult, type Metric } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { profiledRun } from './ingest.js';

/** ccusage's question: Claude Code tokens (and cost) per day. */
export const STATS_ARGS = ['stats', '--json', '--by', 'day', '--agent', 'claude-code'];

export function statsTotals(result: Pick<StatsResult, 'total'>): UsageTotals {
  const t = result.total.tokens;
  return { input: t.input, output: t.output, cacheRead: t.cacheRead, cacheCreation: t.cacheCreation };
}

/** "same totals" or what differs, field by field. */
export function compareTotals(ours: UsageTotals, theirs: UsageTotals): string {
  const diffs = (Object.keys(ours) as Array<keyof UsageTotals>).filter((k) => ours[k] !== theirs[k]).map((k) => `${k} ${ours[k]} vs ${theirs[k]}`);
  return diffs.length ? `totals differ: ${diffs.join(', ')}` : 'same token totals';
}

/**
 * (4) The same usage question as ccusage, answered by `devlog stats --json` on the ingested
 * store: the whole process (what a user waits for, like ccusage's number), and for information
 * the query alone in this process through the real getStats (fresh connection each time).
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
  // The floor under every CLI number: Node start plus loading the CLI bundle and its modules.
  const startup: number[] = [];
  for (let i = 0; i < runs; i++) startup.push(assertOk(await runDevlog(ctx, home, ['--version']), 'devlog --version').wallMs);
  const inProcess: number[] = [];
  for (let i = 0; i < Math.max(10, runs); i++) {
    const started = performance.now();
    const db = openReadableDb(dbFile(home));
    try {
      getStats(db, { by: 'day', agents: ['claude-code'] }, new PriceTable());
    } finally {
      db.close();
    }
    inProcess.push(performance.now() - started);
  }
  const wall = summarize(cli.map((r) => r.wallMs));
  const rss = summarize(cli.map((r) => (r.peakRssKb ?? NaN) / 1024));
  const query = summarize(inProcess);
  const floor = summarize(startup);
  ctx.log(`  devlog stats: ${wall.median.toFixed(0)} ms per process (median of ${runs}), ${query.median.toFixed(1)} ms for the query in-process`);

  const metrics: Metric[] = [
    metric('stats.cliMs', `devlog ${STATS_ARGS.join(' ')}: process wall time`, wall.median, 'ms', { samples: wall.samples }),
    metric('stats.queryMs', 'devlog stats: the query alone (in-process getStats)', query.median, 'ms', { samples: query.samples }),
    metric('stats.startupMs', 'devlog --version: Node start + CLI load (the floor of any CLI command)', floor.median, 'ms', { samples: floor.samples }),
  ];
  const details: Record<string, unknown> = { args: STATS_ARGS, cli, cliPeakRssMb: rss.median, inProcessMs: inProcess, versionMs: startup };
  const peers = ctx.shared.ccusage;
  for (const [key, label] of [['js', 'ccusage JS'], ['native', 'ccusage native']] as const) {
    const peer = peers?.[key];
    if (!peer) {
      metrics.push(notMeasured(`stats.speedupVs.${key}`, `${label} time / devlog stats time`, 'ccusage not run', { op: '>=', value: 100, unit: 'x' }));
      continue;
    }
    const same = result ? compareTotals(statsTotals(result), peer.totals) : 'no result';
    details[`totalsVs_${key}`] = same;
    metrics.push(
      metric(`stats.speedupVs.${key}`, `${label} time / devlog stats time (process)`, peer.medianMs / wall.median, 'x', {
        target: { op: '>=', value: 100, unit: 'x' },
        note: same,
      }),
      metric(`stats.querySpeedupVs.${key}`, `${label} time / devlog stats query (in-process)`, peer.medianMs / query.median, 'x', { note: 'for information: excludes Node start and module loading' }),
    );
  }
  if (ctx.options.profile) details.profile = await profiledRun(ctx, 'stats', home, STATS_ARGS);
  return { id: 'stats', n: 4, title: 'devlog stats --json after ingest (the usage question)', metrics, details };
}
