import fs from 'node:fs';
import path from 'node:path';
import { generateSingleLargeSession } from '../../src-worker/testing/corpus/generate.js';
import { freshHome, generatorVersion, type BenchContext } from '../lib/context.js';
import { metric, type MeasurementResult, type Metric } from '../lib/result.js';
import { MB, mbPerSecond, summarize } from '../lib/stats.js';
import { profilePlan, takeProfiles } from '../lib/profile.js';
import { searchReady, syncInFreshStore, syncOnce, type SyncRun } from './ingest.js';

/** The single large session file, generated once per size and generator version. */
export function prepareLargeFile(ctx: BenchContext): { root: string; file: string; bytes: number } {
  const dir = path.join(ctx.dataDir, `large-${ctx.options.largeMb}mb-${generatorVersion(ctx.repoRoot)}`);
  const root = path.join(dir, 'claude');
  const file = path.join(root, 'projects', '-home-dev-src-monorepo', '7a1e0f6c-3b2d-4c8e-9f10-5d6c7b8a9e01.jsonl');
  const marker = path.join(dir, 'large.json');
  if (fs.existsSync(marker)) return { root, file, bytes: (JSON.parse(fs.readFileSync(marker, 'utf8')) as { bytes: number }).bytes };
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.log(`  generating one ${ctx.options.largeMb} MB session file ...`);
  const bytes = generateSingleLargeSession(file, ctx.options.largeMb);
  fs.writeFileSync(marker, JSON.stringify({ bytes }));
  return { root, file, bytes };
}

/** (9) One very large session file (600 MB at the default size): ingested, with peak RSS. */
export async function measureLargeFile(ctx: BenchContext): Promise<MeasurementResult> {
  const large = prepareLargeFile(ctx);
  const empty = path.join(ctx.workDir, 'empty-root');
  fs.mkdirSync(empty, { recursive: true });
  const roots = ['--root', `claude-code=${large.root}`, '--root', `codex=${empty}`];
  const runs: SyncRun[] = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const home = freshHome(ctx, 'large');
    const { raw: _raw, ...run } = await syncOnce(ctx, home, roots);
    if (!searchReady(home)) throw new Error('after sync --once of the large file, search found nothing');
    runs.push(run);
    ctx.log(`  run ${i + 1}: ${(run.wallMs / 1000).toFixed(1)} s, ${mbPerSecond(large.bytes, run.wallMs).toFixed(1)} MB/s, peak RSS ${((run.peakRssKb ?? 0) / 1024).toFixed(0)} MB`);
    fs.rmSync(home, { recursive: true, force: true });
  }
  const wall = summarize(runs.map((r) => r.wallMs));
  const mbps = summarize(runs.map((r) => mbPerSecond(large.bytes, r.wallMs)));
  const rss = summarize(runs.map((r) => (r.peakRssKb ?? NaN) / 1024));
  const metrics: Metric[] = [
    metric('large.seconds', `single ${(large.bytes / MB).toFixed(0)} MB session file: sync --once wall time`, wall.median / 1000, 's', { samples: wall.samples.map((s) => s / 1000) }),
    metric('large.mbPerS', 'single large file: MB/s', mbps.median, 'MB/s', { samples: mbps.samples }),
    metric('large.peakRssMb', 'single large file: peak RSS', rss.median, 'MB', { samples: rss.samples, target: { op: '<', value: 150, unit: 'MB' } }),
  ];
  const details: Record<string, unknown> = { bytes: large.bytes, runs };
  details.profile = await takeProfiles(ctx, 'large-file', profilePlan(ctx.options, metrics), syncInFreshStore(ctx, 'large-file', roots));
  return { id: 'large-file', n: 9, title: 'single large session file', metrics, details };
}
