import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AgentId } from '../../src-shared/domain.js';
import { openReadableDb } from '../../src-worker/store/database.js';
import { querySessions } from '../../src-worker/query/sessions.js';
import { searchSessions, snippetsFor } from '../../src-worker/query/search.js';
import { buildMatchExpression } from '../../src-worker/query/fts-query.js';
import { sessionFilterSql } from '../../src-worker/query/filters.js';
import type { ReadableDb } from '../../src-worker/store/database.js';
import { tailWord } from '../../src-worker/testing/corpus/random.js';
import { dbFile, ensureIngestedStore, runDevlog, type BenchContext } from '../lib/context.js';
import { assertOk } from '../lib/proc.js';
import { ftsObjects } from './ingest.js';
import { metric, type MeasurementResult } from '../lib/result.js';
import { median, percentile, summarize } from '../lib/stats.js';

/** What a case stands for in the per-kind percentiles the benchmark reports. */
export type SearchKind = 'common' | 'rare' | 'prefix' | 'phrase';

export interface SearchCase {
  name: string;
  kind: SearchKind;
  search: string;
  sort?: 'newest' | 'relevance';
  agents?: AgentId[];
}

function fileNameTerm(): string {
  for (let rank = 100; rank < 1000; rank++) if (tailWord(rank).includes('.')) return tailWord(rank);
  return tailWord(100);
}

/**
 * What people type: common words, an identifier seen in a few hundred messages, a rare one, a
 * phrase, a prefix, a file name, a filter. Terms of the corpus's long tail are named by rank
 * (1 = most frequent), so the same query hits the same share of messages at every corpus size.
 */
export function searchCases(): SearchCase[] {
  return [
    { name: 'common word', kind: 'common', search: 'cursor' },
    { name: 'two common words', kind: 'common', search: 'cursor watcher' },
    { name: 'phrase', kind: 'phrase', search: '"insert select"' },
    { name: 'prefix', kind: 'prefix', search: 'migr*' },
    { name: 'frequent identifier', kind: 'common', search: tailWord(20) },
    { name: 'identifier + common word', kind: 'rare', search: `${tailWord(300)} error` },
    { name: 'rare identifier', kind: 'rare', search: tailWord(5000) },
    { name: 'file name', kind: 'rare', search: fileNameTerm() },
    { name: 'rare identifier, by relevance', kind: 'rare', search: tailWord(2000), sort: 'relevance' },
    { name: 'common word, codex only', kind: 'common', search: 'parse', agents: ['codex'] },
  ];
}

/** Identifier columns rewritten in each copied row (id + suffix), per table; others copied as is. */
const ID_COLUMNS: Record<string, string[]> = {
  sessions: ['id', 'native_id', 'parent_session_id'],
  messages: ['id', 'session_id', 'parent_id'],
  tool_calls: ['id', 'session_id', 'message_id'],
  usage: ['key', 'session_id', 'message_id'],
};

interface FtsTarget {
  name: string;
  content: string;
  rowid: string;
  columns: string[];
}

/** The FTS5 tables with their external content table, read from their CREATE statements. */
function ftsTargets(db: Database.Database): FtsTarget[] {
  return ftsObjects(db).tables.map((t) => {
    const content = /content\s*=\s*'?([A-Za-z_][A-Za-z0-9_]*)'?/i.exec(t.sql)?.[1];
    if (!content) throw new Error(`FTS table ${t.name} has no external content table: the scaled store cannot index it`);
    return {
      name: t.name,
      content,
      rowid: /content_rowid\s*=\s*'?([A-Za-z_][A-Za-z0-9_]*)'?/i.exec(t.sql)?.[1] ?? 'rowid',
      columns: (db.prepare(`PRAGMA table_info(${t.name})`).all() as Array<{ name: string }>).map((c) => c.name),
    };
  });
}

/**
 * Grows a copy of the ingested store to `target` messages by copying its sessions (with their
 * messages, tool calls and usage) under new ids, in one transaction per copy. Each copy's new
 * rows are added to the full-text index the way devlog's writer does it, in one INSERT … SELECT
 * per FTS table in the same transaction (FTS insert triggers, if a schema has them, are set
 * aside meanwhile so nothing is indexed twice). A check afterwards proves the index grew.
 */
export function scaleStore(srcHome: string, destHome: string, target: number, log: (s: string) => void): { messages: number; toolCalls: number; copies: number; buildMs: number; hitsBefore: number; hitsAfter: number } {
  const started = performance.now();
  fs.mkdirSync(destHome, { recursive: true });
  for (const suffix of ['', '-wal']) {
    if (fs.existsSync(dbFile(srcHome) + suffix)) fs.copyFileSync(dbFile(srcHome) + suffix, dbFile(destHome) + suffix);
  }
  const db = new Database(dbFile(destHome));
  try {
    db.pragma('journal_mode = WAL');
    // Only the build of this throwaway copy runs unsynced; what is measured reads it afterwards.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -256000');
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const maxRowid = (table: string) => (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM ${table}`).get() as { n: number }).n;
    const targets = ftsTargets(db);
    const messagesFts = targets.find((t) => t.content === 'messages');
    if (!messagesFts) throw new Error('no FTS5 table over messages');
    const hits = () => (db.prepare(`SELECT count(*) AS n FROM ${messagesFts.name} WHERE ${messagesFts.name} MATCH 'cursor'`).get() as { n: number }).n;
    const hitsBefore = hits();
    const insertTriggers = ftsObjects(db).triggers.filter((t) => /\bAFTER\s+INSERT\s+ON\b/i.test(t.sql));
    for (const t of insertTriggers) db.exec(`DROP TRIGGER ${t.name}`);
    const base = count('messages');
    const copies = Math.max(0, Math.ceil(target / base) - 1);
    const originals: Record<string, number> = {};
    for (const table of Object.keys(ID_COLUMNS)) originals[table] = maxRowid(table);
    // A declared rowid (INTEGER PRIMARY KEY, schema 3+) is left out: the copies get new ones.
    const columns = (table: string) =>
      (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string; pk: number }>).filter((c) => !(c.pk === 1 && c.type === 'INTEGER')).map((c) => c.name);
    for (let k = 1; k <= copies; k++) {
      const t = performance.now();
      db.transaction(() => {
        const before: Record<string, number> = {};
        for (const ft of targets) before[ft.content] = maxRowid(ft.content);
        for (const [table, ids] of Object.entries(ID_COLUMNS)) {
          const cols = columns(table);
          const select = cols.map((c) => (ids.includes(c) ? `CASE WHEN ${c} IS NULL THEN NULL ELSE ${c} || '~${k}' END` : c));
          db.exec(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select.join(', ')} FROM ${table} WHERE rowid <= ${originals[table]}`);
        }
        for (const ft of targets) {
          db.exec(`INSERT INTO ${ft.name}(rowid, ${ft.columns.join(', ')}) SELECT ${ft.rowid}, ${ft.columns.join(', ')} FROM ${ft.content} WHERE ${ft.rowid} > ${before[ft.content]}`);
        }
      })();
      log(`  scaling the store: copy ${k}/${copies} in ${((performance.now() - t) / 1000).toFixed(1)} s (${count('messages').toLocaleString('en-US')} messages)`);
    }
    for (const t of insertTriggers) db.exec(t.sql);
    const hitsAfter = hits();
    if (copies > 0 && hitsAfter < hitsBefore * (copies + 0.5)) {
      throw new Error(`the scaled store's full-text index did not grow with it ('cursor': ${hitsBefore} hits before, ${hitsAfter} after ${copies} copies)`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { messages: count('messages'), toolCalls: count('tool_calls'), copies, buildMs: performance.now() - started, hitsBefore, hitsAfter };
  } finally {
    db.close();
  }
}

interface CaseTiming {
  name: string;
  kind: SearchKind;
  search: string;
  sessions: number;
  hasMore: boolean;
  ms: number[];
  /** CPU time of each run (user + system): what the query costs when it need not wait for a core. */
  cpuMs: number[];
  medianMs: number;
}

/** Each case `reps` times through the real querySessions, a fresh read-only connection each time. */
export function timeCases(home: string, cases: readonly SearchCase[], reps: number): CaseTiming[] {
  const out: CaseTiming[] = cases.map((c) => ({ name: c.name, kind: c.kind, search: c.search, sessions: 0, hasMore: false, ms: [], cpuMs: [], medianMs: 0 }));
  for (let r = 0; r < reps; r++) {
    cases.forEach((c, i) => {
      const db = openReadableDb(dbFile(home));
      try {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const result = querySessions(db, { search: c.search, ...(c.sort ? { sort: c.sort } : {}), ...(c.agents ? { agents: c.agents } : {}) });
        out[i]!.ms.push(performance.now() - started);
        const used = process.cpuUsage(cpu);
        out[i]!.cpuMs.push((used.user + used.system) / 1000);
        out[i]!.sessions = result.sessions.length;
        out[i]!.hasMore = result.hasMore;
      } finally {
        db.close();
      }
    });
  }
  for (const t of out) t.medianMs = median(t.ms);
  return out;
}

function bestOf(n: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
}

/**
 * Where a query's time goes (best of 3, ms): walking the whole FTS doclist (what the search no
 * longer does for common words, for scale), then devlog's two steps: the page of sessions with
 * their hits (search.ts) and the snippets of the 50 shown. A diagnostic: it calls query
 * internals, so a refactor there may make it fail, which is recorded instead of failing the
 * benchmark.
 */
export function searchBreakdown(home: string, search: string): Record<string, number | string> {
  const raw = new Database(dbFile(home), { readonly: true, fileMustExist: true });
  const db = raw as unknown as ReadableDb;
  try {
    const table = ftsObjects(raw).tables.find((t) => /content\s*=\s*'?messages'?/i.test(t.sql))?.name ?? 'messages_fts';
    const match = buildMatchExpression(search, 'words');
    const walk = (sql: string) => () => {
      let n = 0;
      for (const _row of raw.prepare(sql).raw().iterate(match)) n++;
      return n;
    };
    const hits = walk(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`)();
    const filter = sessionFilterSql(db, {}, {});
    const options = { match, search, syntax: 'words' as const, sort: 'newest' as const, limit: 50 };
    const page = searchSessions(db, filter, options);
    return {
      search,
      messageHits: hits,
      ftsRowidsMs: bestOf(3, walk(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`)),
      sessionPageMs: bestOf(3, () => searchSessions(db, filter, options)),
      snippetsMs: bestOf(3, () => snippetsFor(db, page.sessions, options, 3)),
    };
  } catch (err) {
    return { search, error: err instanceof Error ? err.message : String(err) };
  } finally {
    raw.close();
  }
}

function cacheKey(ctx: BenchContext, target: number): string {
  const hash = crypto.createHash('sha1');
  hash.update(path.basename(ctx.corpus.dir)).update(String(target)).update(fs.readFileSync(ctx.cli));
  return hash.digest('hex').slice(0, 10);
}

/**
 * The ingested store grown to `--search-messages` (1M) messages (see scaleStore), built once and
 * kept under bench/data until the corpus, the target or the devlog build changes. Search (7) and
 * stats (4) both time their queries on it.
 */
export async function ensureScaledStore(ctx: BenchContext): Promise<{ home: string; source: string; build: ReturnType<typeof scaleStore> | { reused: true; messages: number; toolCalls: number } }> {
  const source = await ensureIngestedStore(ctx);
  const target = ctx.options.searchMessages;
  const key = cacheKey(ctx, target);
  const home = path.join(ctx.dataDir, `search-store-${key}`);
  if (fs.existsSync(path.join(home, 'scaled.json'))) {
    const build = { reused: true as const, ...(JSON.parse(fs.readFileSync(path.join(home, 'scaled.json'), 'utf8')) as { messages: number; toolCalls: number }) };
    ctx.log(`  reusing the scaled store ${path.relative(ctx.repoRoot, home)} (${build.messages.toLocaleString('en-US')} messages)`);
    return { home, source, build };
  }
  for (const old of fs.readdirSync(ctx.dataDir).filter((d) => d.startsWith('search-store-'))) fs.rmSync(path.join(ctx.dataDir, old), { recursive: true, force: true });
  const build = scaleStore(source, home, target, ctx.log);
  fs.writeFileSync(path.join(home, 'scaled.json'), JSON.stringify(build));
  return { home, source, build };
}

/**
 * (7) Full-text search over a store scaled to `--search-messages` (1M) messages: p50 and p99 of
 * the cases above through the real query function in-process (the target is about the query),
 * plus `devlog query --search --json` end to end for information (adds Node start and loading).
 */
export async function measureSearch(ctx: BenchContext): Promise<MeasurementResult> {
  const { home, source, build } = await ensureScaledStore(ctx);
  const cases = searchCases();
  const reps = Math.max(10, ctx.options.runs * 3);
  // One untimed round first: the first read of a 1 GB+ file after it was written is not what a
  // user meets (the OS has it cached after any use), and would dominate p99.
  timeCases(home, cases, 1);
  const timings = timeCases(home, cases, reps);
  const all = timings.flatMap((t) => t.ms);
  timeCases(source, cases, 1);
  const baseTimings = timeCases(source, cases, Math.max(5, ctx.options.runs));
  const baseAll = baseTimings.flatMap((t) => t.ms);
  for (const t of timings) ctx.log(`  ${t.name.padEnd(30)} ${JSON.stringify(t.search).padEnd(28)} median ${t.medianMs.toFixed(1).padStart(7)} ms, max ${Math.max(...t.ms).toFixed(1).padStart(7)} ms, ${t.sessions}${t.hasMore ? '+' : ''} sessions`);

  const breakdown = [cases[0]!, cases[3]!].map((c) => searchBreakdown(home, c.search));
  for (const b of breakdown) ctx.log(`  where the time goes, ${JSON.stringify(b)}`);
  const cli: Record<string, number[]> = {};
  for (const c of [cases[0]!, cases[6]!]) {
    cli[c.search] = [];
    for (let i = 0; i < Math.max(3, ctx.options.runs); i++) {
      const r = assertOk(await runDevlog(ctx, home, ['query', '--search', c.search, '--json']), 'devlog query');
      cli[c.search]!.push(r.wallMs);
    }
  }
  const cliCommon = summarize(cli[cases[0]!.search]!);
  const cliRare = summarize(cli[cases[6]!.search]!);
  const messages = build.messages;
  const label = `${(messages / 1e6).toFixed(2)}M messages`;
  return {
    id: 'search',
    n: 7,
    title: 'full-text search at 1M messages',
    metrics: [
      metric('search.p50Ms', `search p50, ${label} (${cases.length} queries x ${reps}, in-process)`, percentile(all, 50), 'ms'),
      metric('search.p99Ms', `search p99, ${label}`, percentile(all, 99), 'ms', { target: { op: '<', value: 100, unit: 'ms' } }),
      ...(['common', 'rare', 'prefix', 'phrase'] as const).flatMap((kind) => {
        const ms = timings.filter((t) => t.kind === kind).flatMap((t) => t.ms);
        const names = timings.filter((t) => t.kind === kind).map((t) => t.search).join(', ');
        return [
          metric(`search.${kind}.p50Ms`, `search p50, ${kind} (${names})`, percentile(ms, 50), 'ms'),
          metric(`search.${kind}.p99Ms`, `search p99, ${kind}`, percentile(ms, 99), 'ms', { target: { op: '<', value: 100, unit: 'ms' } }),
        ];
      }),
      metric('search.cpuP99Ms', `search CPU time p99 (on a shared machine, wall time also waits for a core)`, percentile(timings.flatMap((t) => t.cpuMs), 99), 'ms'),
      metric('search.worstCaseMedianMs', `slowest query's median (${timings.reduce((a, b) => (b.medianMs > a.medianMs ? b : a)).name})`, Math.max(...timings.map((t) => t.medianMs)), 'ms'),
      metric('search.baseP99Ms', `search p99 on the ingested store (${(ctx.shared.ingest?.messages ?? 0).toLocaleString('en-US')} messages)`, percentile(baseAll, 99), 'ms'),
      metric('search.cliCommonMs', `devlog query --search ${cases[0]!.search} --json (process)`, cliCommon.median, 'ms', { samples: cliCommon.samples }),
      metric('search.cliRareMs', `devlog query --search <rare identifier> --json (process)`, cliRare.median, 'ms', { samples: cliRare.samples }),
    ],
    details: {
      store: build,
      reps,
      cases: timings,
      baseStore: baseTimings.map(({ ms: _ms, ...rest }) => rest),
      breakdown,
      cli,
      note: 'in-process: querySessions (default limit 50, 3 snippets per session) on a fresh read-only connection per query; percentiles over all queries x reps',
    },
  };
}
