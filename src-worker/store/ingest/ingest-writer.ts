import type { AgentId } from '../../../src-shared/domain.js';
import { isTokenCount } from '../../sources/token-count.js';
import type { MessageRecord, NormalizedBatch, ProblemRecord, ToolCallRecord, UsageConflictRule, UsageRecord } from '../../sources/types.js';
import type { WritableDb } from '../database.js';
import { deferredFlushSql } from '../migrations/0005-stats-rollups.js';
import type { CursorUpdate, FilesRepo } from '../files-repo.js';
import type { SeqAllocator } from '../seq.js';
import { prepareBatch } from './batch-ids.js';
import { compactContent } from './compact-content.js';
import { DriftWriter } from './drift-writer.js';
import { FileTouchWriter } from '../file-touches/touch-writer.js';
import { FulltextIndexer } from './fulltext.js';
import { contentHash } from './hash.js';
import { jsonColumn, MAX_CONTENT_CHARS, MAX_TOOL_INPUT_CHARS, MAX_TOOL_RESULT_CHARS, truncate } from './limits.js';
import { RawWriter, type RawLayout } from './raw-store.js';
import { SessionStore, type SessionDelta } from './session-store.js';
import { COUNT_FIELDS, foldUsage, mergeUsage, usageRowOf, type UsageRow } from './usage-merge.js';

export interface CommitInput {
  agent: AgentId;
  fileId: number;
  path: string;
  batch: NormalizedBatch;
  cursor: CursorUpdate;
  /** How the file is read: decides how its raw records are kept (default 'append'). */
  layout?: RawLayout;
  /**
   * Set when this read covers the file from its start: the rows now all come from this parser
   * version, and where the file sits is kept so it can be re-derived after the file is gone.
   */
  source?: { parserVersion: number; root: string; relPath: string };
}

/** Re-deriving rows from stored raw records: no cursor moves, and the parse is authoritative. */
export interface RederiveInput {
  agent: AgentId;
  fileId: number;
  path: string;
  batch: NormalizedBatch;
  layout: RawLayout;
  /** Store batch.raw again (a file from before 0004 moving to one record per row). */
  keepRaw: boolean;
}

export interface CommitResult {
  messagesInserted: number;
  messagesUpdated: number;
  toolCalls: number;
  usage: number;
  problems: number;
  sessions: string[];
}

interface ToolCallRow {
  rowid: number;
  session_id: string;
  message_id: string | null;
  name: string;
  input: string | null;
  result: string | null;
  is_error: number;
  time: string | null;
  result_time: string | null;
  hash: string;
}

/**
 * Writes what an adapter parsed, together with the file's cursor, in ONE transaction: a crash
 * can never advance one without the other. Re-reading the same input changes nothing (ids and
 * content hashes), and only a real insert or change takes a new sequence number. Ids are stored
 * as stored-id.ts says; repeated ids and ownership across sessions are resolved in batch-ids.ts.
 */
export class IngestWriter {
  private readonly sessions: SessionStore;
  private readonly fulltext: FulltextIndexer;
  private readonly fileTouches: FileTouchWriter;
  private readonly raw: RawWriter;
  private readonly drift: DriftWriter;
  private readonly stmts;

  constructor(
    private readonly db: WritableDb,
    private readonly seq: SeqAllocator,
    private readonly files: FilesRepo,
    machineId: string,
  ) {
    this.sessions = new SessionStore(db, seq, machineId);
    this.fulltext = new FulltextIndexer(db);
    this.fileTouches = new FileTouchWriter(db);
    this.raw = new RawWriter(db);
    this.drift = new DriftWriter(db);
    this.stmts = {
      insertMessage: db.prepare(
        `INSERT INTO messages(id, session_id, parent_id, role, kind, time, model, text, content, is_sidechain, is_meta, ordinal, file_id, line, hash, seq)
         VALUES (@id, @session_id, @parent_id, @role, @kind, @time, @model, @text, @content, @is_sidechain, @is_meta, @ordinal, @file_id, @line, @hash, @seq)
         ON CONFLICT(id) DO NOTHING`,
      ),
      // A message stays in the session that wrote it first (batch-ids.ts): copies elsewhere change nothing.
      updateMessage: db.prepare(
        `UPDATE messages SET parent_id = @parent_id, role = @role, kind = @kind, time = @time, model = @model,
           text = @text, content = @content, is_sidechain = @is_sidechain, is_meta = @is_meta, ordinal = @ordinal, file_id = @file_id,
           line = @line, hash = @hash, seq = @seq
         WHERE id = @id AND session_id = @session_id AND hash <> @hash`,
      ),
      getToolCall: db.prepare('SELECT rowid, session_id, message_id, name, input, result, is_error, time, result_time, hash FROM tool_calls WHERE id = ?'),
      upsertToolCall: db.prepare(
        `INSERT INTO tool_calls(id, session_id, message_id, name, input, result, is_error, time, result_time, hash, seq)
         VALUES (@id, @session_id, @message_id, @name, @input, @result, @is_error, @time, @result_time, @hash, @seq)
         ON CONFLICT(id) DO UPDATE SET message_id = excluded.message_id, name = excluded.name, input = excluded.input,
           result = excluded.result, is_error = excluded.is_error, time = excluded.time, result_time = excluded.result_time,
           hash = excluded.hash, seq = excluded.seq`,
      ),
      getUsage: db.prepare('SELECT key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning FROM usage WHERE key = ?'),
      insertUsage: db.prepare(
        `INSERT INTO usage(key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning, seq)
         VALUES (@key, @session_id, @message_id, @time, @model, @input, @output, @cache_read, @cache_creation, @reasoning, @seq)`,
      ),
      replaceUsage: db.prepare(
        `UPDATE usage SET session_id = @session_id, message_id = @message_id, time = @time, model = @model, input = @input, output = @output,
           cache_read = @cache_read, cache_creation = @cache_creation, reasoning = @reasoning, seq = @seq WHERE key = @key`,
      ),
      // Stats rollups of this commit's new rows are added at its end, in one pass (see migration 0005).
      deferRollups: db.prepare(
        `INSERT INTO rollup_deferred(messages_from, tool_calls_from, usage_from) SELECT
           (SELECT coalesce(max(rowid), 0) FROM messages), (SELECT coalesce(max(rowid), 0) FROM tool_calls), (SELECT coalesce(max(rowid), 0) FROM usage)`,
      ),
      flushRollups: deferredFlushSql().map((sql) => db.prepare(sql)),
      endDeferral: db.prepare('DELETE FROM rollup_deferred'),
      insertProblem: db.prepare(
        `INSERT OR IGNORE INTO problems(file_id, agent, path, line, offset, reason, at, place) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  commit(input: CommitInput): CommitResult {
    try {
      return this.seq.transaction(() => {
        const result = this.write(input);
        this.drift.write(input.fileId, input.agent, input.batch.drift, input.layout !== 'append' || input.cursor.resetCounts === true);
        this.files.advance(input.fileId, input.cursor);
        if (input.source) this.files.stampSource(input.fileId, input.source);
        return result;
      });
    } catch (err) {
      this.sessions.reset();
      this.fileTouches.reset();
      throw err;
    }
  }

  /**
   * Writes rows re-derived from raw records, inside the caller's transaction. Usage rows take
   * the new values (the caller has already applied keep-first within the file).
   */
  rederive(input: RederiveInput): CommitResult {
    const batch = { ...input.batch, usage: input.batch.usage.map((u) => ({ ...u, onConflict: 'replace' as const })) };
    if (!input.keepRaw) batch.raw = [];
    try {
      // Added per batch: the caller cleared the file's drift first (clearDrift), as its problems.
      this.drift.write(input.fileId, input.agent, batch.drift, false);
      return this.write({ ...input, batch });
    } catch (err) {
      this.sessions.reset();
      this.fulltext.reset();
      this.fileTouches.reset();
      throw err;
    }
  }

  /** Forgets a file's format-drift counts (it is about to be re-derived batch by batch). */
  clearDrift(fileId: number): void {
    this.drift.clearFile(fileId);
  }

  /** A problem with a whole file (vanished mid-read, no permission, unreadable database). */
  recordFileProblem(fileId: number, agent: AgentId, path: string, reason: string): number {
    return this.stmts.insertProblem.run(fileId, agent, path, null, null, reason, new Date().toISOString(), 'file').changes;
  }

  private write({ agent, fileId, path, batch: parsed, layout }: Omit<CommitInput, 'cursor'>): CommitResult {
    const batch = prepareBatch(parsed);
    const sid = (native: string) => `${agent}:${native}`;
    this.stmts.deferRollups.run();
    const deltas = new Map<string, SessionDelta>();
    const delta = (sessionId: string): SessionDelta => {
      let d = deltas.get(sessionId);
      if (!d) {
        d = this.sessions.emptyDelta();
        deltas.set(sessionId, d);
      }
      return d;
    };

    // Sessions first: messages, tool calls and usage reference them.
    for (const rec of batch.sessions) this.sessions.apply(sid(rec.nativeId), agent, rec, rec.parentNativeId ? sid(rec.parentNativeId) : null, delta);
    const referenced = [...batch.messages, ...batch.toolCalls, ...batch.usage].map((r) => sid(r.sessionNativeId));
    for (const id of new Set(referenced)) this.sessions.ensure(id, agent, delta);
    this.sessions.placeBeforeRows();

    let messagesInserted = 0;
    let messagesUpdated = 0;
    for (const m of batch.messages) {
      const outcome = this.writeMessage(agent, fileId, m);
      const d = delta(sid(m.sessionNativeId));
      if (outcome === 'inserted') {
        messagesInserted++;
        d.messages++;
      } else if (outcome === 'updated') messagesUpdated++;
      if (outcome !== 'unchanged') d.changed = true;
      d.noteMessage(m);
    }

    let toolCalls = 0;
    for (const part of batch.toolCalls) {
      const outcome = this.writeToolCall(agent, part);
      if (outcome === 'unchanged') continue;
      toolCalls++;
      const d = delta(sid(part.sessionNativeId));
      d.changed = true;
      if (outcome === 'inserted') d.toolCalls++;
    }

    let usage = 0;
    const usageProblems: ProblemRecord[] = [];
    const usageRows = batch.usage.map((u) => ({ row: this.usageRow(agent, u, usageProblems), rule: u.onConflict ?? 'keep-first' }));
    for (const { row, rule } of foldUsage(usageRows)) {
      if (this.writeUsage(agent, row, rule, delta)) usage++;
    }

    this.raw.write(fileId, layout ?? 'append', batch.raw, batch.rawPacked);
    let problems = 0;
    const at = new Date().toISOString();
    for (const p of [...batch.problems, ...usageProblems]) {
      const place = `${p.line ?? ''}:${p.offset ?? ''}`;
      problems += this.stmts.insertProblem.run(fileId, agent, path, p.line ?? null, p.offset ?? null, p.reason, at, place).changes;
    }

    this.fulltext.flush();
    this.sessions.finish(deltas);
    // After finish: a relative path joins the session's final workspace.
    this.fileTouches.flush();
    // After finish: new rows count under their sessions' final agent and workspace.
    for (const flush of this.stmts.flushRollups) flush.run();
    this.stmts.endDeferral.run();
    return { messagesInserted, messagesUpdated, toolCalls, usage, problems, sessions: [...deltas.keys()] };
  }

  private writeMessage(agent: AgentId, fileId: number, m: MessageRecord): 'inserted' | 'updated' | 'unchanged' {
    const text = truncate(m.text ?? '', MAX_CONTENT_CHARS);
    const content = jsonColumn(compactContent(m.content, text), MAX_CONTENT_CHARS);
    const row = {
      id: `${agent}:${m.id}`,
      session_id: `${agent}:${m.sessionNativeId}`,
      parent_id: m.parentId ? `${agent}:${m.parentId}` : null,
      role: m.role,
      kind: m.kind ?? 'message',
      time: m.time ?? null,
      model: m.model ?? null,
      text,
      content,
      is_sidechain: m.isSidechain ? 1 : 0,
      is_meta: m.isMeta ? 1 : 0,
      ordinal: m.ordinal,
      file_id: fileId,
      line: m.line ?? null,
      hash: '',
      seq: 0,
    };
    row.hash = contentHash(row.session_id, row.parent_id, row.role, row.kind, row.time, row.model, text, content, row.is_sidechain, row.is_meta);
    row.seq = this.seq.peek();
    const inserted = this.stmts.insertMessage.run(row);
    if (inserted.changes) {
      this.seq.take();
      this.fulltext.messageInserted(inserted.lastInsertRowid);
      return 'inserted';
    }
    if (!this.stmts.updateMessage.run(row).changes) return 'unchanged';
    this.seq.take();
    return 'updated';
  }

  private writeToolCall(agent: AgentId, part: ToolCallRecord): 'inserted' | 'updated' | 'unchanged' {
    const id = `${agent}:${part.id}`;
    const old = this.stmts.getToolCall.get(id) as ToolCallRow | undefined;
    const input = part.input === undefined ? (old?.input ?? null) : jsonColumn(part.input, MAX_TOOL_INPUT_CHARS);
    const merged = {
      id,
      // Owned by the session that wrote it first (batch-ids.ts): a part from another session fills in, never moves it.
      session_id: old?.session_id ?? `${agent}:${part.sessionNativeId}`,
      message_id: part.messageId ? `${agent}:${part.messageId}` : (old?.message_id ?? null),
      name: part.name || old?.name || '',
      input,
      result: part.result === undefined ? (old?.result ?? null) : truncate(part.result, MAX_TOOL_RESULT_CHARS),
      is_error: part.isError === undefined ? (old?.is_error ?? 0) : part.isError ? 1 : 0,
      time: part.time ?? old?.time ?? null,
      result_time: part.resultTime ?? old?.result_time ?? null,
      hash: '',
      seq: 0,
    };
    merged.hash = contentHash(merged.session_id, merged.message_id, merged.name, merged.input, merged.result, merged.is_error, merged.time, merged.result_time);
    if (old && old.hash === merged.hash) return 'unchanged';
    merged.seq = this.seq.take();
    const written = this.stmts.upsertToolCall.run(merged);
    if (old) {
      if (old.name !== merged.name || old.input !== merged.input || old.time !== merged.time) this.fileTouches.toolCallChanged(old.rowid);
      return 'updated';
    }
    this.fulltext.toolCallInserted(written.lastInsertRowid);
    this.fileTouches.toolCallChanged(written.lastInsertRowid);
    return 'inserted';
  }

  /**
   * The stored form of a usage record. Adapters report odd counts with their line; this is the
   * last guard, so a count SQLite's INTEGER column would reject never fails the whole commit.
   */
  private usageRow(agent: AgentId, u: UsageRecord, problems: ProblemRecord[]): UsageRow {
    const row = usageRowOf(u, `${agent}:`);
    for (const f of COUNT_FIELDS) {
      if (isTokenCount(row[f])) continue;
      if (row[f] !== undefined && row[f] !== null) problems.push({ reason: `usage ${u.key}: ${f} ${String(row[f])} is not a token count: counted as 0` });
      row[f] = 0;
    }
    return row;
  }

  /**
   * Inserts a usage row, or merges it into the stored one under its rule. Returns true if the
   * row was inserted or changed. Session totals follow: the old counts leave the session that
   * held them (which may not be the new row's), the new ones join the new row's session.
   */
  private writeUsage(agent: AgentId, row: UsageRow, rule: UsageConflictRule, delta: (sessionId: string) => SessionDelta): boolean {
    const old = this.stmts.getUsage.get(row.key) as UsageRow | undefined;
    const next = old ? mergeUsage(old, row, rule) : row;
    if (!next) return false;
    if (old) {
      this.stmts.replaceUsage.run({ ...next, seq: this.seq.take() });
      this.sessions.ensure(old.session_id, agent, delta);
      const was = delta(old.session_id);
      was.addTokens(old, -1);
      was.changed = true;
    } else this.stmts.insertUsage.run({ ...next, seq: this.seq.take() });
    const d = delta(next.session_id);
    d.addTokens(next, 1);
    d.changed = true;
    return true;
  }
}
