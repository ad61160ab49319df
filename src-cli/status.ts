import fs from 'node:fs';
import type { EngineStatus, PullStatus, RemoteStatus, SourceStatus, StoreTotals } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { planRoots } from '../src-worker/collect/roots.js';
import { knownWorkspaces, workspaceRoots } from '../src-worker/collect/workspace-roots.js';
import { loadConfig } from '../src-worker/config/load.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { currentPlatform } from '../src-worker/sources/platform.js';
import { SOURCE_ADAPTERS } from '../src-worker/sources/registry.js';
import { openReadableDb } from '../src-worker/store/database.js';
import { readSourceStats } from '../src-worker/store/source-stats.js';
import { readStoreTotals } from '../src-worker/store/totals.js';
import { fetchDaemonStatus } from './daemon-client.js';
import { withRootProblems } from '../src-worker/config/root-problems.js';
import { formatBytes, formatCount } from './format.js';

interface OfflineStatus {
  running: false;
  home: string;
  store: StoreTotals | null;
  sources: SourceStatus[];
}

/** What the store knows when no engine runs: collection figures, no watchers. */
function readOffline(home: string): OfflineStatus {
  const paths = homePaths(home);
  if (!fs.existsSync(paths.db)) return { running: false, home, store: null, sources: [] };
  const db = openReadableDb(paths.db);
  try {
    const plans = planRoots(SOURCE_ADAPTERS, loadConfig(paths.config), new Map(), currentPlatform());
    const sources = plans.map((plan) => ({
      agent: plan.agent,
      enabled: plan.enabled,
      // Agents that write into projects (Aider) are looked for in the workspaces the store knows, as the engine does.
      roots: (plan.adapter.rootsFromWorkspaces ? [...new Set([...plan.roots, ...workspaceRoots(knownWorkspaces(db, plan.agent).workspaces)])] : plan.roots).map((root) => ({
        path: root,
        exists: fs.existsSync(root),
        watchMode: 'off' as const,
      })),
      ...readSourceStats(db, plan.agent),
      lagMs: null,
    }));
    return { running: false, home, store: readStoreTotals(db, paths.db), sources };
  } finally {
    db.close();
  }
}

function ago(iso: string | null): string {
  if (!iso) return '—';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return `${Math.round(s)}s ago`;
  if (s < 5400) return `${Math.round(s / 60)}m ago`;
  if (s < 129_600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

function printRemotes(remotes: RemoteStatus[], out: string[]): void {
  if (!remotes.length) {
    out.push('remotes  none: nothing leaves this machine');
    return;
  }
  out.push('remotes');
  for (const r of remotes) {
    const next = r.nextAttemptAt && r.state !== 'synced' ? `, next try ${r.nextAttemptAt}` : '';
    out.push(`  ${r.name.padEnd(13)} ${r.kind} ${r.state}, backlog ${formatCount(r.backlog)}, last success ${ago(r.lastSuccessAt)}${next}`);
    if (r.lastError) out.push(`      error: ${r.lastError}`);
  }
}

function printPulls(pulls: PullStatus[], out: string[]): void {
  out.push('pulls');
  for (const p of pulls) {
    out.push(`  ${p.name.padEnd(13)} ${p.kind} ${p.state}${p.live ? ', live' : ''}, last pull ${ago(p.lastPullAt)}`);
    if (p.lastError) out.push(`      error: ${p.lastError}`);
    for (const problem of p.problems.slice(0, 3)) out.push(`      skipped ${problem.kind}: ${problem.message}`);
  }
}

function printSources(sources: SourceStatus[], out: string[]): void {
  for (const s of sources) {
    const watch = [...new Set(s.roots.map((r) => r.watchMode))].join('/') || 'off';
    const lag = s.lagMs === null ? '' : `, lag ${s.lagMs} ms`;
    out.push(`  ${s.agent.padEnd(13)} ${s.enabled ? '' : '(disabled) '}${formatCount(s.files)} files, ${formatCount(s.records)} records, ${formatCount(s.problemCount)} problems, last event ${ago(s.lastEventAt)}, watch ${watch}${lag}`);
    // Folders that exist, and those you chose; the defaults not found are counted (an agent like
    // Cline is looked for under every editor, so listing each would bury the rest).
    const missingDefaults = s.roots.filter((r) => !r.exists && !r.problem);
    for (const r of s.roots.filter((x) => x.exists || x.problem)) out.push(`      ${r.exists ? ' ' : '!'} ${r.path}${r.exists ? '' : ' (not found)'}${r.watchError ? ` — ${r.watchError}` : ''}`);
    if (missingDefaults.length === 1) out.push(`      - ${missingDefaults[0]!.path} (not found)`);
    else if (missingDefaults.length > 1) out.push(`      - ${missingDefaults.length} default folders not found (status --json lists them)`);
    for (const r of s.roots) if (r.problem) out.push(`      problem: ${r.problem}`);
    for (const p of s.problems.slice(0, 3)) out.push(`      problem: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    for (const d of (s.formatDrift ?? []).slice(0, 3)) out.push(`      format drift: ${d.item} ×${d.count}${d.version ? ` (version ${d.version})` : ''}`);
  }
}

/** `devlog status`: asks the running engine; without one, reads the store read-only. */
export async function runStatus(options: { json: boolean }): Promise<void> {
  const home = resolveDevlogHome();
  const paths = homePaths(home);
  const daemon = readDaemonInfo(paths.daemon);
  let notAnswering: string | undefined;
  const live: EngineStatus | undefined = daemon
    ? await fetchDaemonStatus(paths, daemon).catch((err: unknown) => {
        // A refused connection is a stale daemon file (the engine died): simply not running.
        if (err instanceof DevlogError && err.code === ErrorCodes.Timeout) notAnswering = err.message;
        return undefined;
      })
    : undefined;
  const status = live ?? readOffline(home);
  status.sources = withRootProblems(status.sources, loadConfig(paths.config), currentPlatform());
  if (notAnswering) {
    // Said on stderr and in the exit code, so `status --json` stays parseable and scripts notice.
    process.stderr.write(`devlog: ${notAnswering}; showing what the store holds\n`);
    process.exitCode = 1;
  }
  if (options.json) {
    process.stdout.write(JSON.stringify(live ? { running: true, ...live } : notAnswering ? { ...status, engine: notAnswering } : status, null, 2) + '\n');
    return;
  }
  const out: string[] = [];
  out.push(live ? `engine   ${live.state} (pid ${live.pid}, devlog ${live.version})` : `engine   ${notAnswering?.replace(/^engine /, '') ?? 'not running'}`);
  out.push(`data     ${home}`);
  const store = status.store;
  out.push(store ? `store    ${formatCount(store.sessions)} sessions, ${formatCount(store.messages)} messages, ${formatCount(store.toolCalls)} tool calls, ${formatBytes(store.dbBytes)}` : 'store    empty (nothing collected yet)');
  if (live?.progress.phase === 'scanning') {
    const p = live.progress;
    out.push(`progress ${p.filesDone}/${p.filesTotal} files, ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`);
  }
  if (live?.paused) out.push('paused   collection and export wait until resumed');
  if (live) printRemotes(live.remotes, out);
  if (live?.pulls?.length) printPulls(live.pulls, out);
  if (status.sources.length) {
    out.push('sources');
    printSources(status.sources, out);
  }
  process.stdout.write(out.join('\n') + '\n');
}
