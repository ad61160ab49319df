import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openReadableDb } from '../../src-worker/store/database.js';
import { querySessions } from '../../src-worker/query/sessions.js';
import { corpusRoots, dbFile, freshHome, runDevlog, type BenchContext } from '../lib/context.js';
import { profilePlan, takeProfiles, type ProfiledCommand } from '../lib/profile.js';
import { formatTableSizes, storeTableSizes } from '../lib/store-size.js';
import { assertOk, type Measured } from '../lib/proc.js';
import { metric, type MeasurementResult, type Metric } from '../lib/result.js';
import { MB, mbPerSecond, medianIndex, summarize } from '../lib/stats.js';

import type { CollectSummary } from '../../src-worker/collect/collector.js';

export type { CollectSummary };

export interface SyncRun {
  wallMs: number;
  peakRssKb: number | null;
  userS: number | null;
  sysS: number | null;
  summary: CollectSummary;
  storeBytes: number;
}

/** Size of the store on disk (db, WAL, SHM). */
export function storeBytes(home: string): number {
  let total = 0;
  for (const f of fs.readdirSync(home)) if (f.startsWith('devlog.db')) total += fs.statSync(path.join(home, f)).size;
  return total;
}

/** `devlog sync --once --json` into `home`, checked: exit 0 and a JSON summary. */
export async function syncOnce(ctx: BenchContext, home: string, roots: string[], nodeArgs: string[] = []): Promise<SyncRun & { raw: Measured }> {
  const r = assertOk(await runDevlog(ctx, home, ['sync', '--once', '--json', ...roots], nodeArgs), 'devlog sync --once');
  const summary = JSON.parse(r.stdout) as CollectSummary;
  return { wallMs: r.wallMs, peakRssKb: r.peakRssKb, userS: r.userS, sysS: r.sysS, summary, storeBytes: storeBytes(home), raw: r };
}

/** The search is ready when the real query code finds a word every corpus has, in this store. */
export function searchReady(home: string, word = 'cursor'): number {
  const db = openReadableDb(dbFile(home));
  try {
    return querySessions(db, { search: word, limit: 1, snippetsPerSession: 0 }).sessions.length;
  } finally {
    db.close();
  }
}

interface FtsObjects {
  triggers: Array<{ name: string; sql: string }>;
  tables: Array<{ name: string; sql: string }>;
}

/** The store's FTS5 tables and the triggers that mention them (read from sqlite_master, not assumed). */
export function ftsObjects(db: Database.Database): FtsObjects {
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND lower(sql) LIKE '%using fts5%'`).all() as FtsObjects['tables'];
  const names = tables.map((t) => t.name);
  const triggers = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as FtsObjects['triggers']).filter((t) => names.some((n) => t.sql.includes(n)));
  return { triggers, tables };
}

/**
 * Turns full-text indexing off without touching devlog's code, whatever feeds the index (the
 * writer's INSERT … SELECT per commit, or triggers): each FTS5 table becomes a view of the same
 * name and columns whose INSTEAD OF INSERT trigger drops the row. Returns how to put it back.
 */
export function stubFullText(db: Database.Database): FtsObjects {
  const fts = ftsObjects(db);
  db.transaction(() => {
    for (const t of fts.triggers) db.exec(`DROP TRIGGER ${t.name}`);
    for (const t of fts.tables) {
      const cols = (db.prepare(`PRAGMA table_info(${t.name})`).all() as Array<{ name: string }>).map((c) => c.name);
      db.exec(`DROP TABLE ${t.name}`);
      const all = [t.name, 'rowid', 'rank', ...cols];
      db.exec(`CREATE VIEW ${t.name}(${all.join(', ')}) AS SELECT ${all.map(() => 'NULL').join(', ')} WHERE 0`);
      db.exec(`CREATE TRIGGER ${t.name}_bench_stub INSTEAD OF INSERT ON ${t.name} BEGIN SELECT 1; END`);
    }
  })();
  return fts;
}

/** Undoes stubFullText: the FTS5 tables and their triggers as they were, still empty. */
export function restoreFullText(db: Database.Database, fts: FtsObjects): void {
  db.transaction(() => {
    for (const t of fts.tables) {
      db.exec(`DROP TRIGGER IF EXISTS ${t.name}_bench_stub`);
      db.exec(`DROP VIEW IF EXISTS ${t.name}`);
      db.exec(t.sql);
    }
    for (const t of fts.triggers) db.exec(t.sql);
  })();
}

function rebuildAll(db: Database.Database, tables: FtsObjects['tables']): Record<string, number> {
  const ms: Record<string, number> = {};
  for (const t of tables) {
    const started = performance.now();
    db.exec(`INSERT INTO ${t.name}(${t.name}) VALUES ('rebuild')`);
    ms[t.name] = performance.now() - started;
  }
  return ms;
}

const PREFIX = /,\s*prefix\s*=\s*'[^']*'/i;

/**
 * Where the ingest time goes, measured rather than guessed: the same sync into a store whose
 * full-text index is switched off, then one FTS 'rebuild' of all those rows (the cost of
 * indexing in bulk), then the same rebuild with the other prefix-index setting.
 */
async function ftsDiagnostics(ctx: BenchContext): Promise<Record<string, unknown>> {
  const home = freshHome(ctx, 'ingest-nofts');
  const empty = path.join(ctx.workDir, 'empty-root');
  fs.mkdirSync(empty, { recursive: true });
  // An empty sync creates and migrates the store.
  await syncOnce(ctx, home, ['--root', `claude-code=${empty}`, '--root', `codex=${empty}`]);
  let db = new Database(dbFile(home));
  const fts = stubFullText(db);
  db.close();
  const noFts = await syncOnce(ctx, home, corpusRoots(ctx.corpus));
  ctx.log(`  without full-text indexing: ${(noFts.wallMs / 1000).toFixed(1)} s, ${mbPerSecond(ctx.corpus.bytes, noFts.wallMs).toFixed(1)} MB/s, peak RSS ${((noFts.peakRssKb ?? 0) / 1024).toFixed(0)} MB`);
  db = new Database(dbFile(home));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  restoreFullText(db, fts);
  const rebuild = rebuildAll(db, fts.tables);
  const rebuildMs = Object.values(rebuild).reduce((a, b) => a + b, 0);
  ctx.log(`  FTS 'rebuild' of those rows afterwards: ${(rebuildMs / 1000).toFixed(1)} s (${Object.entries(rebuild).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);
  // The same rebuild with the other prefix-index setting: without prefix='...' if the store has
  // one, with prefix='2 3' if it has none, so the cost of prefix indexes stays on record.
  const hasPrefix = fts.tables.some((t) => PREFIX.test(t.sql));
  const otherSetting = hasPrefix ? 'without prefix indexes' : "with prefix='2 3'";
  const other = fts.tables.map((t) => ({ name: t.name, sql: hasPrefix ? t.sql.replace(PREFIX, '') : t.sql.replace(/\)\s*$/, ", prefix='2 3')") }));
  for (const t of other) {
    db.exec(`DROP TABLE ${t.name}`);
    db.exec(t.sql);
  }
  const otherMs = rebuildAll(db, other);
  db.close();
  const otherTotalMs = Object.values(otherMs).reduce((a, b) => a + b, 0);
  ctx.log(`  FTS 'rebuild' ${otherSetting}: ${(otherTotalMs / 1000).toFixed(1)} s`);
  fs.rmSync(home, { recursive: true, force: true });
  return {
    withoutFullText: { wallMs: noFts.wallMs, peakRssKb: noFts.peakRssKb, userS: noFts.userS, sysS: noFts.sysS, storeBytes: noFts.storeBytes, summary: noFts.summary },
    ftsPrefixSetting: fts.tables.map((t) => /prefix\s*=\s*'([^']*)'/i.exec(t.sql)?.[1] ?? 'none'),
    ftsRebuildMs: rebuild,
    ftsRebuildTotalMs: rebuildMs,
    ftsRebuildOtherPrefix: { setting: otherSetting, ms: otherMs, totalMs: otherTotalMs },
    method: 'each FTS5 table replaced by a view with an INSTEAD OF INSERT trigger that drops rows, so nothing is tokenized; restored and rebuilt afterwards',
  };
}

/** A profiled command: one more first sync of `roots` into a fresh store (deleted after). */
export function syncInFreshStore(ctx: BenchContext, label: string, roots: string[]): ProfiledCommand {
  return async (nodeArgs, env) => {
    const home = freshHome(ctx, `${label}-profile`);
    try {
      return await runDevlog(ctx, home, ['sync', '--once', '--json', ...roots], nodeArgs, env);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  };
}

/** (2) first `sync --once` into an empty store, until search is ready (the process has exited). */
export async function measureIngest(ctx: BenchContext): Promise<MeasurementResult> {
  const runs: SyncRun[] = [];
  let keep: string | undefined;
  for (let i = 0; i < ctx.options.runs; i++) {
    const home = freshHome(ctx, 'ingest');
    const run = await syncOnce(ctx, home, corpusRoots(ctx.corpus));
    const found = searchReady(home);
    if (!found) throw new Error('after sync --once, searching the store found nothing: the search index is not ready');
    const { raw: _raw, ...kept } = run;
    runs.push(kept);
    ctx.log(
      `  run ${i + 1}: ${(run.wallMs / 1000).toFixed(1)} s, ${mbPerSecond(ctx.corpus.bytes, run.wallMs).toFixed(1)} MB/s, ` +
        `${run.summary.records} records, peak RSS ${((run.peakRssKb ?? 0) / 1024).toFixed(0)} MB, store ${(run.storeBytes / MB).toFixed(0)} MB`,
    );
    // Keep one store for the measurements that need one; drop the others (they are large).
    if (keep) fs.rmSync(keep, { recursive: true, force: true });
    keep = home;
  }
  const wall = summarize(runs.map((r) => r.wallMs));
  const mbps = summarize(runs.map((r) => mbPerSecond(ctx.corpus.bytes, r.wallMs)));
  const rps = summarize(runs.map((r) => r.summary.records / (r.wallMs / 1000)));
  const rss = summarize(runs.map((r) => (r.peakRssKb ?? NaN) / 1024));
  const mid = runs[medianIndex(runs.map((r) => r.wallMs))]!;
  ctx.shared.ingest = { medianMs: wall.median, home: keep!, records: mid.summary.records, messages: mid.summary.messages };

  const metrics: Metric[] = [
    metric('ingest.seconds', 'first sync --once (search ready): wall time', wall.median / 1000, 's', { samples: wall.samples.map((s) => s / 1000) }),
    metric('ingest.mbPerS', 'first sync --once: MB/s', mbps.median, 'MB/s', { samples: mbps.samples }),
    metric('ingest.recordsPerS', 'first sync --once: records/s', rps.median, 'records/s', { samples: rps.samples }),
    metric('ingest.peakRssMb', 'first sync --once: peak RSS', rss.median, 'MB', { samples: rss.samples, target: { op: '<', value: 150, unit: 'MB' } }),
  ];
  // Responsiveness while ingesting: the engine's own event-loop delay during the sync (libuv
  // timer sampling, reported by the sync itself). The promise is no turn longer than ~50 ms.
  const loopP99 = summarize(runs.map((r) => r.summary.eventLoop?.p99Ms ?? NaN));
  const loopMax = summarize(runs.map((r) => r.summary.eventLoop?.maxMs ?? NaN));
  metrics.push(
    metric('ingest.loopP99Ms', 'first sync: event-loop delay p99 (engine thread)', loopP99.median, 'ms', { samples: loopP99.samples, target: { op: '<=', value: 50, unit: 'ms' } }),
    metric('ingest.loopMaxMs', 'first sync: longest event-loop delay', loopMax.median, 'ms', { samples: loopMax.samples }),
  );
  const base = ctx.shared.baselineMbPerS;
  metrics.push(
    base
      ? metric('ingest.ratioToBaseline', 'first sync --once / baseline (1) throughput', mbps.median / base, 'x', { target: { op: '>=', value: 0.25, unit: 'x' } })
      : metric('ingest.ratioToBaseline', 'first sync --once / baseline (1) throughput', null, 'x', { display: 'n/a (baseline not run)', target: { op: '>=', value: 0.25, unit: 'x' } }),
  );
  const details: Record<string, unknown> = {
    runs,
    corpusBytes: ctx.corpus.bytes,
    records: mid.summary.records,
    messages: mid.summary.messages,
    sessions: mid.summary.sessions,
    storeBytes: mid.storeBytes,
    note: 'wall time of the whole process (Node start to exit): when it exits, every record is committed and indexed for search',
  };
  if (!ctx.options.noDiagnostics) {
    const diag = await ftsDiagnostics(ctx);
    details.ftsDiagnostics = diag;
    const noFts = (diag.withoutFullText as { wallMs: number }).wallMs;
    const rebuildMs = diag.ftsRebuildTotalMs as number;
    metrics.push(
      metric('ingest.noFtsMbPerS', 'diagnostic: same sync, full-text indexing off, MB/s (1 run)', mbPerSecond(ctx.corpus.bytes, noFts), 'MB/s', {
        note: `full-text indexing takes ${Math.round((1 - noFts / wall.median) * 100)}% of the ingest`,
      }),
      metric('ingest.ftsRebuildS', `diagnostic: one FTS 'rebuild' of all those rows (prefix: ${[...new Set(diag.ftsPrefixSetting as string[])].join(', ')})`, rebuildMs / 1000, 's'),
    );
    const other = diag.ftsRebuildOtherPrefix as { setting: string; totalMs: number };
    metrics.push(metric('ingest.ftsRebuildOtherS', `diagnostic: the same rebuild ${other.setting}`, other.totalMs / 1000, 's'));
  }
  metrics.push(
    metric('ingest.storeMb', 'store size on disk after the first sync', mid.storeBytes / MB, 'MB'),
    metric('ingest.storeRatio', 'store size on disk / corpus size', mid.storeBytes / ctx.corpus.bytes, 'x', {
      target: { op: '<=', value: 1.5, unit: 'x' },
      note: `${(mid.storeBytes / MB).toFixed(0)} MB for ${(ctx.corpus.bytes / MB).toFixed(0)} MB of agent logs (db, WAL and SHM files after the process exited)`,
    }),
  );
  // A store over its size target is explained by its tables (below), not by a CPU or memory profile.
  const plan = profilePlan(ctx.options, metrics.filter((m) => m.key !== 'ingest.storeRatio'));
  details.profile = await takeProfiles(ctx, 'ingest', plan, syncInFreshStore(ctx, 'ingest', corpusRoots(ctx.corpus)));
  if (metrics.some((m) => m.key === 'ingest.storeRatio' && m.check?.mark === 'short')) {
    const sizes = storeTableSizes(dbFile(keep!));
    details.storeTables = sizes;
    ctx.log(`  store by table and index: ${formatTableSizes(sizes)}`);
  }
  return { id: 'ingest', n: 2, title: 'devlog first sync --once into an empty store', metrics, details };
}
