import type { SyncRemoteResult, SyncRemoteStatus } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { Engine } from '../src-worker/engine.js';
import { createExportService } from '../src-worker/export/create.js';
import { homePaths, resolveDevlogHome, type HomePaths } from '../src-worker/paths.js';
import { createPullService } from '../src-worker/pull/create.js';
import { syncNow, syncStatus } from '../src-worker/pull/sync-ops.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { connectToDaemon, DAEMON_CONNECT_TIMEOUT_MS } from './daemon-client.js';
import { EXIT_FAILURE } from './fail.js';
import { formatCount } from './format.js';
import { localTime, oneLine, renderTable, terminalWidth, type Column } from './table.js';

export interface SyncOptions {
  status?: boolean;
  json?: boolean;
}

/** A long backlog takes as long as it takes; the engine answers when push and pull ended. */
const SYNC_ANSWER_MS = 6 * 3600_000;
/** `--status` asks each remote how far behind we are (bounded per remote in sync-ops). */
const STATUS_ANSWER_MS = 60_000;

/** `devlog sync [REMOTE]`: push then pull; `--status`: ahead/behind per remote. Through the running engine when one runs. */
export async function runSync(remote: string | undefined, options: SyncOptions): Promise<void> {
  const paths = homePaths(resolveDevlogHome());
  if (options.status) {
    if (remote !== undefined) throw new DevlogError(ErrorCodes.BadRequest, '--status shows every remote: leave out the remote name');
    const remotes = (await viaEngine(paths, STATUS_ANSWER_MS, (c) => c.call('sync.status')))?.remotes ?? (await oneShot(paths, (e, x, p) => syncStatus(e, x, p)));
    return printStatus(remotes, options.json);
  }
  const params = remote === undefined ? {} : { remote };
  const results =
    (await viaEngine(paths, SYNC_ANSWER_MS, (c) => c.call('sync.now', params)))?.remotes ??
    (await oneShot(paths, (e, x, p) => {
      if (remote !== undefined && !e.config.remotes.some((r) => r.name === remote)) throw new DevlogError(ErrorCodes.NotFound, `no remote named "${remote}" (see devlog remote list)`);
      return syncNow(e, x, p, remote);
    }));
  printResults(results, options.json);
  const failed = (s: { state: string } | null) => s?.state === 'error' || s?.state === 'offline';
  if (results.some((r) => failed(r.push) || failed(r.pull))) process.exitCode = EXIT_FAILURE;
}

async function viaEngine<T>(paths: HomePaths, answerMs: number, call: (client: Awaited<ReturnType<typeof connectToDaemon>>) => Promise<T>): Promise<T | undefined> {
  const daemon = readDaemonInfo(paths.daemon);
  if (!daemon) return undefined;
  const client = await connectToDaemon(paths, daemon, { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs });
  try {
    return await call(client);
  } finally {
    client.dispose();
  }
}

/** No engine runs: this process owns the store for one push and pull (no collection, no watching). */
async function oneShot<T>(
  paths: HomePaths,
  fn: (engine: Engine, exporter: ReturnType<typeof createExportService>, puller: ReturnType<typeof createPullService>) => Promise<T>,
): Promise<T> {
  const engine = Engine.open({ home: paths.home });
  try {
    const secrets = createSecretStore();
    const exporter = engine.register(createExportService(engine, { secrets })).start({ auto: false });
    const puller = engine.register(createPullService(engine, { secrets })).start({ auto: false });
    return await fn(engine, exporter, puller);
  } finally {
    engine.dispose();
  }
}

function printResults(results: SyncRemoteResult[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ remotes: results }, null, 2) + '\n');
    return;
  }
  if (results.length === 0) {
    process.stdout.write('no remotes: nothing leaves this machine (add one with `devlog remote add NAME URL --pull`)\n');
    return;
  }
  const columns: Column<SyncRemoteResult>[] = [
    { header: 'REMOTE', value: (r) => r.name },
    { header: 'PUSH', value: (r) => r.push?.state ?? '-' },
    { header: 'NOT SENT', value: (r) => (r.push ? formatCount(r.push.backlog) : '-'), align: 'right' },
    { header: 'PULL', value: (r) => r.pull?.state ?? 'off' },
    { header: 'NEW', value: (r) => (r.pull ? formatCount(r.pull.counts.inserted) : '-'), align: 'right' },
    { header: 'CHANGED', value: (r) => (r.pull ? formatCount(r.pull.counts.updated) : '-'), align: 'right' },
    { header: 'EDITS', value: (r) => (r.pull ? formatCount(r.pull.counts.metaApplied) : '-'), align: 'right' },
    { header: 'PROBLEM', value: (r) => oneLine(r.push?.lastError ?? r.pull?.lastError ?? (r.pull?.problems.length ? `${r.pull.problems.length} skipped (devlog sync --status)` : '')), minWidth: 20 },
  ];
  process.stdout.write(renderTable(results, columns, terminalWidth()).join('\n') + '\n');
}

function printStatus(remotes: SyncRemoteStatus[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ remotes }, null, 2) + '\n');
    return;
  }
  if (remotes.length === 0) {
    process.stdout.write('no remotes: nothing leaves this machine (add one with `devlog remote add NAME URL --pull`)\n');
    return;
  }
  const columns: Column<SyncRemoteStatus>[] = [
    { header: 'REMOTE', value: (r) => r.name },
    { header: 'KIND', value: (r) => r.kind },
    { header: 'AHEAD', value: (r) => formatCount(r.ahead), align: 'right' },
    { header: 'BEHIND', value: (r) => (!r.pull ? 'pull off' : r.behind === null ? '?' : formatCount(r.behind)), align: 'right' },
    { header: 'LAST PUSH', value: (r) => (r.lastPushAt ? localTime(r.lastPushAt) : '-') },
    { header: 'LAST PULL', value: (r) => (r.lastPullAt ? localTime(r.lastPullAt) : '-') },
    { header: 'PROBLEM', value: (r) => oneLine(r.behindError ?? r.push?.lastError ?? r.pullStatus?.lastError ?? ''), minWidth: 20 },
  ];
  const lines = renderTable(remotes, columns, terminalWidth());
  for (const r of remotes) {
    for (const p of r.peers) lines.push(`  ${r.name}: from ${p.name ?? p.machine} (${p.machine.slice(0, 8)}) last ${localTime(p.lastAt)}, ${formatCount(p.records)} records in all`);
    for (const p of r.pullStatus?.problems ?? []) lines.push(`  ${r.name}: skipped ${p.kind}: ${oneLine(p.message)}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
