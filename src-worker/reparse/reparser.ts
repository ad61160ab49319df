import type { AgentId } from '../../src-shared/domain.js';
import type { FileContext, NormalizedBatch, SourceAdapter, UsageRecord } from '../sources/types.js';
import type { ReadableDb, WritableDb } from '../store/database.js';
import { mergeUsage, usageRowOf, withRow } from '../store/ingest/usage-merge.js';
import { FilesRepo } from '../store/files-repo.js';
import { IngestWriter } from '../store/ingest/ingest-writer.js';
import { RawReader } from '../store/ingest/raw-store.js';
import { getMeta } from '../store/meta.js';
import type { SeqAllocator } from '../store/seq.js';
import { fixCounterDrift } from '../store/session-counters.js';
import { locateFile } from './locate.js';
import { emptyProduced, removeUnproduced, type ProducedIds } from './stale-rows.js';
import { CannotRederiveError, NeedsSourceError, storedBatches } from './stored-batches.js';

/** File-level problems this module records start with this (a later success clears them). */
const REPARSE_PROBLEM = 'not re-derived';

/** How far a re-derivation has come; sent to the progress callback after every file. */
export interface ReparseProgress {
  running: boolean;
  filesTotal: number;
  filesDone: number;
  /** Raw records parsed again. */
  records: number;
  /** Messages inserted or changed by the new parse. */
  messagesChanged: number;
  /** Rows the new parse no longer produces, removed. */
  rowsRemoved: number;
  /** Databases kept before per-row raw records: queued to be read again from the database. */
  rereadFromSource: number;
  /** Files the stored records cannot rebuild exactly and whose file is gone: rows left as they were (a problem says so). */
  skipped: number;
  /** Files whose re-derivation failed (a problem is recorded for each). */
  failed: number;
  currentFile: string | null;
}

interface FileRowLite {
  id: number;
  agent: string;
  path: string;
  offset: number;
  root: string | null;
  rel_path: string | null;
}

/**
 * Marks files for re-derivation: those parsed by another parser version than their adapter's
 * now, or (`all`) every file of `agent` / of every agent. The marks are rows in the store, so a
 * crash or restart resumes where it stopped. Returns how many files are now pending.
 */
export function queueReparse(db: WritableDb, adapters: readonly SourceAdapter[], options: { all?: boolean; agent?: AgentId } = {}): number {
  const mark = db.prepare('UPDATE files SET reparse_pending = 1 WHERE agent = ? AND reparse_pending = 0 AND (? OR parser_version <> ?)');
  db.transaction(() => {
    for (const a of adapters) if (!options.agent || a.agent === options.agent) mark.run(a.agent, options.all ? 1 : 0, a.parserVersion);
  }).immediate();
  return db.prepare('SELECT count(*) FROM files WHERE reparse_pending = 1').pluck().get() as number;
}

/** Files waiting for re-derivation: queued, or parsed by another version than their adapter's. */
export function staleFiles(db: ReadableDb, adapters: readonly SourceAdapter[]): { agent: string; path: string; parserVersion: number; pending: boolean }[] {
  const rows = db.prepare('SELECT agent, path, parser_version AS v, reparse_pending AS p FROM files ORDER BY id').all() as { agent: string; path: string; v: number; p: number }[];
  const version = new Map(adapters.map((a) => [a.agent as string, a.parserVersion]));
  return rows
    .filter((r) => r.p === 1 || (version.has(r.agent) && version.get(r.agent) !== r.v))
    .map((r) => ({ agent: r.agent, path: r.path, parserVersion: r.v, pending: r.p === 1 }));
}

/** For the engine at start: is there anything to re-derive? */
export function needsReparse(db: WritableDb, adapters: readonly SourceAdapter[]): boolean {
  return staleFiles(db, adapters).length > 0;
}

/**
 * Re-derives sessions, messages, tool calls, usage and problems from the stored raw records only
 * (never the agents' files), one file per transaction, yielding to the event loop between files
 * so an engine serving RPC stays responsive. Ids come from the same parsers, so they stay
 * stable; only rows that really change take a new seq.
 */
export class Reparser {
  private readonly files: FilesRepo;
  private readonly writer: IngestWriter;
  private readonly reader: RawReader;
  private readonly stmts;
  private readonly progress: ReparseProgress = {
    running: false,
    filesTotal: 0,
    filesDone: 0,
    records: 0,
    messagesChanged: 0,
    rowsRemoved: 0,
    rereadFromSource: 0,
    skipped: 0,
    failed: 0,
    currentFile: null,
  };

  constructor(
    private readonly db: WritableDb,
    private readonly seq: SeqAllocator,
    private readonly adapters: readonly SourceAdapter[],
    private readonly onProgress: (p: ReparseProgress) => void = () => {},
  ) {
    this.files = new FilesRepo(db);
    this.reader = new RawReader(db);
    this.writer = new IngestWriter(db, seq, this.files, getMeta(db, 'machine_id') ?? 'unknown');
    this.stmts = {
      next: db.prepare('SELECT id, agent, path, offset, root, rel_path FROM files WHERE reparse_pending = 1 AND id > ? ORDER BY id LIMIT 1'),
      pending: db.prepare('SELECT count(*) FROM files WHERE reparse_pending = 1').pluck(),
      // The file's problems are derived again; file-level ones stay, except this module's own.
      clearProblems: db.prepare(`DELETE FROM problems WHERE file_id = ? AND (place <> 'file' OR reason LIKE '${REPARSE_PROBLEM}%')`),
      dropChunks: db.prepare("DELETE FROM raw_records WHERE file_id = ? AND kind IN ('chunk', 'legacy')"),
      setMalformed: db.prepare('UPDATE files SET malformed = ? WHERE id = ?'),
      rereadDatabase: db.prepare("UPDATE files SET content_hash = NULL, parser_state = '{}', reparse_pending = 0, parser_version = ? WHERE id = ?"),
      unmark: db.prepare('UPDATE files SET reparse_pending = 0 WHERE id = ?'),
    };
  }

  /** Works through every pending file; stops between files when `signal` aborts. */
  async run(signal?: AbortSignal): Promise<ReparseProgress> {
    this.progress.running = true;
    this.progress.filesTotal = this.stmts.pending.get() as number;
    this.emit();
    let lastId = 0;
    try {
      for (;;) {
        if (signal?.aborted) break;
        const row = this.stmts.next.get(lastId) as FileRowLite | undefined;
        if (!row) break;
        lastId = row.id;
        this.progress.currentFile = row.path;
        this.reparseFile(row);
        this.progress.filesDone++;
        this.emit();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.progress.running = false;
      this.progress.currentFile = null;
      this.emit();
    }
    return { ...this.progress };
  }

  private emit(): void {
    this.onProgress({ ...this.progress });
  }

  private reparseFile(row: FileRowLite): void {
    const adapter = this.adapters.find((a) => a.agent === row.agent);
    const located = adapter && locateFile(adapter, row.path, row.root, row.rel_path);
    if (!adapter || !located) {
      this.finish(row.id, null, `${REPARSE_PROBLEM}: no ${row.agent} parser claims this file any more; its rows are kept as they are`);
      return;
    }
    const agent = adapter.agent;
    const file: FileContext = { agent, path: row.path, relPath: located.relPath, root: located.root };
    try {
      const counts = this.seq.transaction(() => {
        const produced = emptyProduced();
        const seenUsage = new Map<string, UsageRecord>();
        const tally = { records: 0, messagesChanged: 0, rowsRemoved: 0, malformed: 0 };
        this.stmts.clearProblems.run(row.id);
        this.writer.clearDrift(row.id);
        const source = { offset: row.offset, dropStoredChunks: () => this.stmts.dropChunks.run(row.id) };
        for (const { batch, records, keepRaw } of storedBatches(this.reader, row.id, file, located.handler, source)) {
          batch.usage = foldFileUsage(batch.usage, seenUsage);
          noteProduced(agent, batch, produced);
          const result = this.writer.rederive({ agent, fileId: row.id, path: row.path, batch, layout: located.handler.kind, keepRaw });
          tally.records += records;
          tally.messagesChanged += result.messagesInserted + result.messagesUpdated;
          tally.malformed += batch.problems.length;
        }
        const { removed, sessions } = removeUnproduced(this.db, row.id, produced);
        tally.rowsRemoved = removed;
        fixCounterDrift(this.db, this.seq, [...sessions]);
        this.stmts.setMalformed.run(tally.malformed, row.id);
        this.files.stampSource(row.id, { parserVersion: adapter.parserVersion, root: located.root, relPath: located.relPath });
        return tally;
      });
      this.progress.records += counts.records;
      this.progress.messagesChanged += counts.messagesChanged;
      this.progress.rowsRemoved += counts.rowsRemoved;
    } catch (err) {
      if (err instanceof NeedsSourceError) {
        // Forget the cursor: the collector reads the database again (if it still exists) with the new parser.
        this.stmts.rereadDatabase.run(adapter.parserVersion, row.id);
        this.progress.rereadFromSource++;
        return;
      }
      if (err instanceof CannotRederiveError) {
        this.progress.skipped++;
        this.finish(row.id, agent, `${REPARSE_PROBLEM}: ${err.message}`);
        return;
      }
      this.progress.failed++;
      this.finish(row.id, agent, `${REPARSE_PROBLEM}: re-deriving from stored records failed: ${(err as Error).message}`);
    }
  }

  /** Leaves a file out of this run, saying why (its parser version stays, so doctor reports it). */
  private finish(fileId: number, agent: AgentId | null, reason: string): void {
    this.stmts.unmark.run(fileId);
    const path = this.db.prepare('SELECT path, agent FROM files WHERE id = ?').get(fileId) as { path: string; agent: AgentId };
    this.writer.recordFileProblem(fileId, agent ?? path.agent, path.path, reason);
  }
}

/**
 * Within one file, a usage key's copies fold by the adapter's own rule, as at ingest (keep the
 * first, replace, or the maximum of each count over the copies); the writer then stores the
 * folded values over whatever an older parser stored.
 */
function foldFileUsage(usage: UsageRecord[], folded: Map<string, UsageRecord>): UsageRecord[] {
  const out: UsageRecord[] = [];
  for (const u of usage) {
    const prev = folded.get(u.key);
    const merged = prev ? mergeUsage(usageRowOf(prev), usageRowOf(u), u.onConflict ?? 'keep-first') : usageRowOf(u);
    if (!merged) continue; // keep-first, or nothing changed
    const next = withRow(u, merged);
    folded.set(u.key, next);
    out.push(next);
  }
  return out;
}

function noteProduced(agent: AgentId, batch: NormalizedBatch, produced: ProducedIds): void {
  for (const s of batch.sessions) produced.sessions.add(`${agent}:${s.nativeId}`);
  for (const m of batch.messages) {
    produced.messages.add(`${agent}:${m.id}`);
    produced.sessions.add(`${agent}:${m.sessionNativeId}`);
  }
  for (const t of batch.toolCalls) produced.toolCalls.add(`${agent}:${t.id}`);
  for (const u of batch.usage) produced.usage.add(`${agent}:${u.key}`);
}

/**
 * What the engine calls at start (and `devlog reparse` without an engine): queue the files whose
 * parser version changed, then re-derive everything queued. Resumes a run a crash interrupted.
 */
export async function runPendingReparse(
  db: WritableDb,
  seq: SeqAllocator,
  adapters: readonly SourceAdapter[],
  onProgress?: (p: ReparseProgress) => void,
  signal?: AbortSignal,
): Promise<ReparseProgress> {
  queueReparse(db, adapters);
  return new Reparser(db, seq, adapters, onProgress).run(signal);
}
