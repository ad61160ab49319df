import { corpusRoots, ensureIngestedStore, runDevlog, type BenchContext } from '../lib/context.js';
import { metric, notMeasured, type MeasurementResult } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { profilePlan, takeProfiles, type ProfiledCommand } from '../lib/profile.js';
import { syncOnce } from './ingest.js';

/** (5) A second `sync --once` with nothing new: every file is checked, nothing is read again. */
export async function measureResume(ctx: BenchContext): Promise<MeasurementResult> {
  const home = await ensureIngestedStore(ctx);
  const runs: Array<{ wallMs: number; internalMs: number; peakRssKb: number | null; records: number }> = [];
  for (let i = 0; i < Math.max(3, ctx.options.runs); i++) {
    const r = await syncOnce(ctx, home, corpusRoots(ctx.corpus));
    runs.push({ wallMs: r.wallMs, internalMs: r.summary.durationMs, peakRssKb: r.peakRssKb, records: r.summary.records });
    ctx.log(`  run ${i + 1}: ${r.wallMs.toFixed(0)} ms (${r.summary.durationMs} ms inside the sync itself), ${r.summary.records} records read`);
  }
  const wall = summarize(runs.map((r) => r.wallMs));
  const internal = summarize(runs.map((r) => r.internalMs));
  const ingestMs = ctx.shared.ingest?.medianMs;
  const reread = runs.some((r) => r.records > 0);
  const details: Record<string, unknown> = { runs, files: ctx.corpus.files };
  const metrics = [
    metric('resume.ms', 'resume: second sync --once, nothing new', wall.median, 'ms', { samples: wall.samples, ...(reread ? { note: 'records were read again!' } : {}) }),
    ingestMs !== undefined && Number.isFinite(ingestMs)
      ? metric('resume.percentOfIngest', 'resume time / first sync time (2)', (wall.median / ingestMs) * 100, '%', { target: { op: '<=', value: 2, unit: '%' } })
      : notMeasured('resume.percentOfIngest', 'resume time / first sync time (2)', 'ingest not run', { op: '<=', value: 2, unit: '%' }),
    metric('resume.internalMs', 'resume: of which the sync itself (devlog durationMs)', internal.median, 'ms', { samples: internal.samples, note: 'the rest is Node start, loading the CLI, opening the store and exit' }),
  ];
  const resync: ProfiledCommand = (nodeArgs, env) => runDevlog(ctx, home, ['sync', '--once', '--json', ...corpusRoots(ctx.corpus)], nodeArgs, env);
  details.profile = await takeProfiles(ctx, 'resume', profilePlan(ctx.options, metrics), resync);
  return { id: 'resume', n: 5, title: 'resume: second sync --once with nothing new', metrics, details };
}
