import fs from 'node:fs';
import path from 'node:path';
import { childEnv, type BenchContext, type UsageTotals } from '../lib/context.js';
import { assertOk, runMeasured } from '../lib/proc.js';
import { metric, notMeasured, type MeasurementResult, type Metric } from '../lib/result.js';
import { summarize } from '../lib/stats.js';

export interface Peer {
  key: 'js' | 'native';
  label: string;
  command: string;
  args: string[];
  versionArgs: string[];
}

export const NATIVE_VERSION = '20.0.24';

function nativeBinary(dir: string): string {
  return path.join(dir, 'node_modules', '@ccusage', `ccusage-${process.platform}-${process.arch}`, 'bin', process.platform === 'win32' ? 'ccusage.exe' : 'ccusage');
}

/**
 * The native ccusage binary: from node_modules if an earlier install left it there, else from
 * bench/data/peers, installed there on demand (ccusage 20 is not a devDependency: npm 11 writes
 * a lock without the other platforms' optional packages, which `npm ci` then rejects).
 */
export async function findNativeCcusage(ctx: Pick<BenchContext, 'repoRoot' | 'dataDir' | 'log'>): Promise<string | { missing: string }> {
  const peers = path.join(ctx.dataDir, 'peers');
  for (const dir of [ctx.repoRoot, peers]) if (fs.existsSync(nativeBinary(dir))) return nativeBinary(dir);
  const args = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', peers, `ccusage@${NATIVE_VERSION}`];
  ctx.log(`  ccusage ${NATIVE_VERSION} (native) not found: npm ${args.join(' ')}`);
  fs.mkdirSync(peers, { recursive: true });
  const r = await runMeasured('npm', args, { env: process.env, timeoutMs: 180_000 }).catch((err: Error) => ({ code: 1, stderr: err.message, stdout: '' }));
  if (r.code === 0 && fs.existsSync(nativeBinary(peers))) return nativeBinary(peers);
  const why = (r.stderr || r.stdout).trim().split('\n').at(-1) ?? '';
  return { missing: `not installed; \`npm ${args.join(' ')}\` failed${why ? `: ${why.slice(0, 80)}` : ''}` };
}

/**
 * The two ccusage builds: the last JavaScript one that runs on Node 20 (18.0.11, run with this
 * Node), and the native build (20.0.24, its platform binary run directly, without the small
 * Node launcher `npx ccusage` would add).
 */
export async function ccusagePeers(ctx: Pick<BenchContext, 'repoRoot' | 'dataDir' | 'log'>): Promise<Array<Peer | { key: 'js' | 'native'; label: string; missing: string }>> {
  const js = path.join(ctx.repoRoot, 'node_modules', 'ccusage', 'dist', 'index.js');
  const native = await findNativeCcusage(ctx);
  const args = ['daily', '--offline', '--json'];
  const jsLabel = 'ccusage 18.0.11 (JavaScript)';
  const nativeLabel = `ccusage ${NATIVE_VERSION} (native)`;
  return [
    fs.existsSync(js) ? { key: 'js', label: jsLabel, command: process.execPath, args: [js, ...args], versionArgs: [js, '--version'] } : { key: 'js', label: jsLabel, missing: `${js} not installed (npm install)` },
    typeof native === 'string' ? { key: 'native', label: nativeLabel, command: native, args, versionArgs: ['--version'] } : { key: 'native', label: nativeLabel, missing: native.missing },
  ];
}

/** A path inside the repository as a relative one (for the JSON), anything else unchanged. */
function relativeTo(root: string, p: string): string {
  const rel = path.relative(root, p);
  return path.isAbsolute(p) && !rel.startsWith('..') ? rel : p;
}

interface CcusageJson {
  totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number };
}

export function ccusageTotals(stdout: string): UsageTotals {
  const t = (JSON.parse(stdout) as CcusageJson).totals;
  return { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheCreation: t.cacheCreationTokens };
}

/** (3) ccusage `daily --offline --json` on the same Claude Code files: wall time, peak RSS. */
export async function measureCcusage(ctx: BenchContext): Promise<MeasurementResult> {
  const metrics: Metric[] = [];
  const details: Record<string, unknown> = {};
  ctx.shared.ccusage = { js: undefined, native: undefined };
  // CLAUDE_CONFIG_DIR points at the corpus; HOME is empty, so nothing else is found or read.
  const env = childEnv(ctx, { CLAUDE_CONFIG_DIR: ctx.corpus.claudeRoot });
  for (const peer of await ccusagePeers(ctx)) {
    if ('missing' in peer) {
      metrics.push(notMeasured(`ccusage.${peer.key}.seconds`, `${peer.label}: wall time`, peer.missing));
      continue;
    }
    const version = (await runMeasured(peer.command, peer.versionArgs, { env })).stdout.trim();
    const runs: Array<{ wallMs: number; peakRssKb: number | null; userS: number | null; sysS: number | null }> = [];
    let totals: UsageTotals | undefined;
    for (let i = 0; i < ctx.options.runs; i++) {
      const r = assertOk(await runMeasured(peer.command, peer.args, { env }), peer.label);
      totals = ccusageTotals(r.stdout);
      runs.push({ wallMs: r.wallMs, peakRssKb: r.peakRssKb, userS: r.userS, sysS: r.sysS });
      ctx.log(`  ${peer.label} run ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s, peak RSS ${((r.peakRssKb ?? 0) / 1024).toFixed(0)} MB`);
    }
    const wall = summarize(runs.map((r) => r.wallMs));
    const rss = summarize(runs.map((r) => (r.peakRssKb ?? NaN) / 1024));
    ctx.shared.ccusage[peer.key] = { medianMs: wall.median, totals: totals! };
    details[peer.key] = { version, command: [peer.command, ...peer.args].map((a) => relativeTo(ctx.repoRoot, a)).join(' '), runs, totals };
    metrics.push(
      metric(`ccusage.${peer.key}.seconds`, `${peer.label}: wall time`, wall.median / 1000, 's', { samples: wall.samples.map((s) => s / 1000) }),
      metric(`ccusage.${peer.key}.peakRssMb`, `${peer.label}: peak RSS`, rss.median, 'MB', { samples: rss.samples }),
    );
    const ingest = ctx.shared.ingest;
    metrics.push(
      ingest && Number.isFinite(ingest.medianMs)
        ? metric(`ccusage.${peer.key}.devlogRatio`, `devlog first sync time / ${peer.label}`, ingest.medianMs / wall.median, 'x', {
            note: 'devlog parses, normalizes, stores and indexes everything; ccusage only sums usage',
          })
        : notMeasured(`ccusage.${peer.key}.devlogRatio`, `devlog first sync time / ${peer.label}`, 'ingest not run'),
    );
  }
  return { id: 'ccusage', n: 3, title: 'peers: ccusage daily --offline --json', metrics, details };
}
