import fs from 'node:fs';
import path from 'node:path';
import { peerBinPath, peerSpec, INSTALL_PEERS, type PeerName } from '../../src-worker/testing/peers.js';
import { childEnv, ensureIngestedStore, type BenchContext, type PeerKey, type UsageTotals } from '../lib/context.js';
import { assertOk, runMeasured } from '../lib/proc.js';
import { metric, notMeasured, type MeasurementResult, type Metric } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { compareTotals, storeTotals } from './stats.js';

export interface Peer {
  key: PeerKey;
  label: string;
  command: string;
  args: string[];
  versionArgs: string[];
  env: Record<string, string | undefined>;
  totals(stdout: string): UsageTotals;
  /** Run before each timed run (e.g. drop a cache so every run is a cold one). */
  before?(): void;
}

type MissingPeer = { key: PeerKey; label: string; missing: string };

/**
 * A peer's binary from .cache/peers, installed there on demand by scripts/install-peers.mjs
 * (the same script CI and the tests use; it also sets the execute bit npm leaves off).
 */
export async function ensurePeer(ctx: Pick<BenchContext, 'repoRoot' | 'log'>, name: PeerName): Promise<string | { missing: string }> {
  const bin = peerBinPath(name, ctx.repoRoot);
  const executable = () => {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (executable()) return bin;
  ctx.log(`  ${peerSpec(name).label} not installed: ${INSTALL_PEERS} ${name}`);
  const r = await runMeasured(process.execPath, [path.join(ctx.repoRoot, 'scripts', 'install-peers.mjs'), name], { env: process.env, timeoutMs: 300_000 });
  if (r.code === 0 && executable()) return bin;
  const why = (r.stderr || r.stdout).trim().split('\n').at(-1) ?? '';
  return { missing: `not installed; \`${INSTALL_PEERS} ${name}\` failed${why ? `: ${why.slice(0, 100)}` : ''}` };
}

interface CcusageJson {
  totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number };
}

export function ccusageTotals(stdout: string): UsageTotals {
  const t = (JSON.parse(stdout) as CcusageJson).totals;
  return { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheCreation: t.cacheCreationTokens };
}

interface TokscaleGraph {
  contributions: Array<{ date: string; tokenBreakdown: { input: number; output: number; cacheRead: number; cacheWrite: number } }>;
}

/** tokscale `graph` prints per-day contributions; its totals are their sum. */
export function tokscaleTotals(stdout: string): UsageTotals {
  const sum: UsageTotals = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const day of (JSON.parse(stdout) as TokscaleGraph).contributions) {
    sum.input += day.tokenBreakdown.input;
    sum.output += day.tokenBreakdown.output;
    sum.cacheRead += day.tokenBreakdown.cacheRead;
    sum.cacheCreation += day.tokenBreakdown.cacheWrite;
  }
  return sum;
}

/**
 * The peers, each asked ccusage's question (Claude Code tokens per day) on the corpus's Claude
 * Code files: the last JavaScript ccusage that runs on Node 20 (18.0.11, the devDependency, run
 * with this Node); ccusage 20.0.24 native (its platform binary run directly, without the Node
 * launcher `npx ccusage` adds); tokscale 4.17.0 native, `graph` (per-day JSON), which keeps a
 * parse cache in its home: run cold (cache dropped before each run) and warm (cache kept).
 */
export async function peers(ctx: BenchContext): Promise<Array<Peer | MissingPeer>> {
  // CLAUDE_CONFIG_DIR points ccusage at the corpus; HOME is empty, so nothing else is found or read.
  const ccusageEnv = childEnv(ctx, { CLAUDE_CONFIG_DIR: ctx.corpus.claudeRoot });
  const ccusageArgs = ['daily', '--offline', '--json'];
  const js = path.join(ctx.repoRoot, 'node_modules', 'ccusage', 'dist', 'index.js');
  const jsLabel = 'ccusage 18.0.11 (JavaScript)';
  const out: Array<Peer | MissingPeer> = [
    fs.existsSync(js)
      ? { key: 'js', label: jsLabel, command: process.execPath, args: [js, ...ccusageArgs], versionArgs: [js, '--version'], env: ccusageEnv, totals: ccusageTotals }
      : { key: 'js', label: jsLabel, missing: `${js} not installed (npm install)` },
  ];
  const native = await ensurePeer(ctx, 'ccusage');
  const nativeLabel = `ccusage ${peerSpec('ccusage').version} (native)`;
  out.push(
    typeof native === 'string'
      ? { key: 'native', label: nativeLabel, command: native, args: ccusageArgs, versionArgs: ['--version'], env: ccusageEnv, totals: ccusageTotals }
      : { key: 'native', label: nativeLabel, missing: native.missing },
  );
  // tokscale reads <home>/.claude (it ignores CLAUDE_CONFIG_DIR): a home of its own whose .claude
  // is the corpus. Its settings and cache go to <home>/.config/tokscale. It tries to fetch
  // prices first and goes on offline with a warning.
  const tokscale = await ensurePeer(ctx, 'tokscale');
  const tokscaleLabel = `tokscale ${peerSpec('tokscale').version} (native)`;
  if (typeof tokscale !== 'string') {
    out.push({ key: 'tokscale', label: `${tokscaleLabel} graph`, missing: tokscale.missing });
    return out;
  }
  const home = path.join(ctx.workDir, 'tokscale-home');
  fs.mkdirSync(home, { recursive: true });
  if (!fs.existsSync(path.join(home, '.claude'))) fs.symlinkSync(ctx.corpus.claudeRoot, path.join(home, '.claude'));
  const cache = path.join(home, '.config', 'tokscale', 'cache');
  const base = { command: tokscale, args: ['graph', '-c', 'claude', '--home', home, '--no-spinner'], versionArgs: ['--version'], env: childEnv(ctx, { HOME: home }), totals: tokscaleTotals };
  out.push(
    { key: 'tokscaleCold', label: `${tokscaleLabel} graph, cold`, ...base, before: () => fs.rmSync(cache, { recursive: true, force: true }) },
    { key: 'tokscale', label: `${tokscaleLabel} graph, warm cache`, ...base },
  );
  return out;
}

/** A path inside the repository as a relative one (for the JSON), anything else unchanged. */
function relativeTo(root: string, p: string): string {
  const rel = path.relative(root, p);
  return path.isAbsolute(p) && !rel.startsWith('..') ? rel : p;
}

/** (3) The peers on the same Claude Code files: wall time, peak RSS, token totals against devlog's. */
export async function measureCcusage(ctx: BenchContext): Promise<MeasurementResult> {
  const metrics: Metric[] = [];
  const details: Record<string, unknown> = {};
  ctx.shared.peers = {};
  const home = await ensureIngestedStore(ctx);
  const ours = storeTotals(home);
  details.devlogTotals = ours;
  for (const peer of await peers(ctx)) {
    if ('missing' in peer) {
      metrics.push(notMeasured(`peers.${peer.key}.seconds`, `${peer.label}: wall time`, peer.missing));
      continue;
    }
    const version = (await runMeasured(peer.command, peer.versionArgs, { env: peer.env })).stdout.trim();
    const runs: Array<{ wallMs: number; peakRssKb: number | null; userS: number | null; sysS: number | null }> = [];
    let totals: UsageTotals | undefined;
    // A warm cache needs one untimed run first.
    if (peer.key === 'tokscale') assertOk(await runMeasured(peer.command, peer.args, { env: peer.env }), peer.label);
    for (let i = 0; i < ctx.options.runs; i++) {
      peer.before?.();
      const r = assertOk(await runMeasured(peer.command, peer.args, { env: peer.env }), peer.label);
      totals = peer.totals(r.stdout);
      runs.push({ wallMs: r.wallMs, peakRssKb: r.peakRssKb, userS: r.userS, sysS: r.sysS });
      ctx.log(`  ${peer.label} run ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s, peak RSS ${((r.peakRssKb ?? 0) / 1024).toFixed(0)} MB`);
    }
    const wall = summarize(runs.map((r) => r.wallMs));
    const rss = summarize(runs.map((r) => (r.peakRssKb ?? NaN) / 1024));
    const same = compareTotals(ours, totals!);
    ctx.log(`  ${peer.label} against devlog's Claude Code totals: ${same}`);
    ctx.shared.peers[peer.key] = { label: peer.label, medianMs: wall.median, totals: totals! };
    details[peer.key] = { version, command: [peer.command, ...peer.args].map((a) => relativeTo(ctx.repoRoot, a)).join(' '), runs, totals, totalsVsDevlog: same };
    metrics.push(
      metric(`peers.${peer.key}.seconds`, `${peer.label}: wall time`, wall.median / 1000, 's', { samples: wall.samples.map((s) => s / 1000), note: `against devlog: ${same}` }),
      metric(`peers.${peer.key}.peakRssMb`, `${peer.label}: peak RSS`, rss.median, 'MB', { samples: rss.samples }),
    );
    const ingest = ctx.shared.ingest;
    if (peer.key !== 'tokscale') {
      metrics.push(
        ingest && Number.isFinite(ingest.medianMs)
          ? metric(`peers.${peer.key}.devlogRatio`, `devlog first sync time / ${peer.label}`, ingest.medianMs / wall.median, 'x', {
              ...(peer.key === 'js' ? { note: 'devlog parses, normalizes, stores and indexes everything; the peers only sum usage' } : {}),
            })
          : notMeasured(`peers.${peer.key}.devlogRatio`, `devlog first sync time / ${peer.label}`, 'ingest not run'),
      );
    }
  }
  return { id: 'ccusage', n: 3, title: 'peers: ccusage (JavaScript, native) and tokscale on the Claude Code files', metrics, details };
}
