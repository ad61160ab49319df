import type { OutboundLogEntry, RemoteStatus } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { Engine } from '../src-worker/engine.js';
import { createExportService } from '../src-worker/export/create.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { readOutboundLog } from '../src-worker/export/export-store.js';
import { homePaths, resolveDevlogHome, type HomePaths } from '../src-worker/paths.js';
import { openStoreReadOnly } from '../src-worker/query/open-store.js';
import { connectToDaemon, DAEMON_CONNECT_TIMEOUT_MS, DAEMON_ANSWER_TIMEOUT_MS } from './daemon-client.js';
import { EXIT_FAILURE } from './fail.js';
import { formatBytes, formatCount } from './format.js';
import { localTime, oneLine, renderTable, terminalWidth, type Column } from './table.js';

export interface ExportOptions {
  remote?: string;
  all?: boolean;
  status?: boolean;
  log?: boolean;
  json?: boolean;
}

/** An export of a long backlog takes as long as it takes; the engine answers when it ended. */
const EXPORT_ANSWER_MS = 6 * 3600_000;

/** `devlog export`: export now, `--status` per remote, `--log` what left the machine; through the running engine when one runs. */
export async function runExport(options: ExportOptions): Promise<void> {
  if (options.status && options.log) throw new DevlogError(ErrorCodes.BadRequest, '--status and --log cannot be combined');
  if (options.all && (options.status || options.log)) throw new DevlogError(ErrorCodes.BadRequest, '--all goes with an export, not with --status or --log');
  const paths = homePaths(resolveDevlogHome());
  if (options.log) return printLog(await outboundLog(paths, options.remote), options.json);
  const remotes = options.status ? await exportStatus(paths) : await exportNow(paths, options);
  printStatus(remotes, options.json);
  if (!options.status && remotes.some((r) => r.state === 'error' || r.state === 'offline')) process.exitCode = EXIT_FAILURE;
}

async function viaEngine<T>(paths: HomePaths, answerMs: number, call: (client: Awaited<ReturnType<typeof connectToDaemon>>) => Promise<T>): Promise<{ answer: T } | undefined> {
  const daemon = readDaemonInfo(paths.daemon);
  if (!daemon) return undefined;
  const client = await connectToDaemon(paths, daemon, { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs });
  try {
    return { answer: await call(client) };
  } finally {
    client.dispose();
  }
}

/** No engine runs: this process owns the store for the one export (no automatic export, no collection). */
async function withOneShotExporter<T>(paths: HomePaths, fn: (exporter: ReturnType<typeof createExportService>) => Promise<T>): Promise<T> {
  const engine = Engine.open({ home: paths.home });
  try {
    // Keychain tokens (`remote add --token-stdin`) work here too, not only `${ENV}` ones.
    const exporter = engine.register(createExportService(engine, { secrets: createSecretStore() })).start({ auto: false });
    return await fn(exporter);
  } finally {
    engine.dispose();
  }
}

function checkRemote(remotes: RemoteStatus[], name: string | undefined): void {
  if (name !== undefined && !remotes.some((r) => r.name === name)) throw new DevlogError(ErrorCodes.NotFound, `no remote named "${name}" (see devlog remote list)`);
}

async function exportNow(paths: HomePaths, options: ExportOptions): Promise<RemoteStatus[]> {
  const params = { ...(options.remote !== undefined ? { remote: options.remote } : {}), all: Boolean(options.all) };
  const remote = await viaEngine(paths, EXPORT_ANSWER_MS, (c) => c.call('export.now', params));
  if (remote) return remote.answer.remotes;
  return withOneShotExporter(paths, async (exporter) => {
    checkRemote(exporter.statuses(), options.remote);
    return exporter.exportNow(params);
  });
}

async function exportStatus(paths: HomePaths): Promise<RemoteStatus[]> {
  const remote = await viaEngine(paths, DAEMON_ANSWER_TIMEOUT_MS, (c) => c.call('export.status'));
  if (remote) return remote.answer.remotes;
  return withOneShotExporter(paths, async (exporter) => exporter.statuses());
}

async function outboundLog(paths: HomePaths, name: string | undefined): Promise<OutboundLogEntry[]> {
  const params = { ...(name !== undefined ? { remote: name } : {}), limit: 1000 };
  const remote = await viaEngine(paths, DAEMON_ANSWER_TIMEOUT_MS, (c) => c.call('export.log', params));
  if (remote) return remote.answer.entries;
  const db = openStoreReadOnly(paths);
  try {
    return readOutboundLog(db, params);
  } finally {
    db.close();
  }
}

const STATUS_COLUMNS: Column<RemoteStatus>[] = [
  { header: 'REMOTE', value: (r) => r.name },
  { header: 'KIND', value: (r) => r.kind },
  { header: 'STATE', value: (r) => r.state },
  { header: 'BACKLOG', value: (r) => formatCount(r.backlog), align: 'right' },
  { header: 'LAST SUCCESS', value: (r) => (r.lastSuccessAt ? localTime(r.lastSuccessAt) : '-') },
  { header: 'NEXT TRY', value: (r) => (r.nextAttemptAt ? localTime(r.nextAttemptAt) : '-') },
  { header: 'ERROR', value: (r) => oneLine(r.lastError ?? ''), minWidth: 20 },
];

function printStatus(remotes: RemoteStatus[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ remotes }, null, 2) + '\n');
    return;
  }
  if (remotes.length === 0) {
    process.stdout.write('no remotes: nothing leaves this machine (add one with `devlog remote add NAME URL`)\n');
    return;
  }
  process.stdout.write(renderTable(remotes, STATUS_COLUMNS, terminalWidth()).join('\n') + '\n');
}

const LOG_COLUMNS: Column<OutboundLogEntry>[] = [
  { header: 'WHEN', value: (e) => localTime(e.at) },
  { header: 'REMOTE', value: (e) => e.remote },
  { header: 'SESSIONS', value: (e) => formatCount(e.sessions), align: 'right' },
  { header: 'RECORDS', value: (e) => formatCount(e.records), align: 'right' },
  { header: 'BYTES', value: (e) => formatBytes(e.bytes), align: 'right' },
  {
    header: 'REDACTED',
    value: (e) =>
      Object.entries(e.redactions)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ') || '-',
  },
];

function printLog(entries: OutboundLogEntry[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ entries }, null, 2) + '\n');
    return;
  }
  if (entries.length === 0) {
    process.stdout.write('nothing has left this machine in the last 90 days\n');
    return;
  }
  process.stdout.write(renderTable(entries, LOG_COLUMNS, terminalWidth()).join('\n') + '\n');
}
