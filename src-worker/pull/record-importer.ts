import type { PullCounts } from '../../src-shared/contract/index.js';
import type { WireMessage, WireRecord, WireSession, WireToolCall, WireUsage } from '../../src-shared/sync-wire.js';
import { applyRemoteMeta } from '../metadata/index.js';
import type { WritableDb } from '../store/database.js';
import { FileTouchWriter } from '../store/file-touches/touch-writer.js';
import { FulltextIndexer } from '../store/ingest/fulltext.js';
import { sameRow, type UsageRow } from '../store/ingest/usage-merge.js';
import type { SeqAllocator } from '../store/seq.js';

/** What one import did (the contract's pull counts). */
export type ImportCounts = PullCounts;

export const emptyCounts = (): ImportCounts => ({ inserted: 0, updated: 0, duplicates: 0, skipped: 0, metaApplied: 0, metaStale: 0 });

export function addCounts(into: ImportCounts, from: ImportCounts): ImportCounts {
  for (const k of Object.keys(into) as (keyof ImportCounts)[]) into[k] += from[k];
  return into;
}

type Outcome = 'inserted' | 'updated' | 'duplicate' | 'skipped';

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const flag = (value: boolean | undefined): number => (value ? 1 : 0);

/**
 * The import path of machine sync: writes other machines' records (pulled from a server's
 * changes feed or a folder remote's segments) into the local store. Not the file-cursor path:
 * these rows have no agent file; they keep the id, content and origin machine they came with.
 *
 * - session, message, tool_call: upserted by id + the sender's hash (the same pair again changes
 *   nothing and takes no seq); usage by its values.
 * - session_meta: last-writer-wins through applyRemoteMeta (the rule the server uses too).
 * - Sessions collected on THIS machine are authoritative here and never overwritten by a copy,
 *   and a deleted session (a tombstone) takes no content, so it never comes back.
 * - FTS rows are added for new messages and tool calls (updates go through the triggers), the
 *   stats rollups follow through their triggers (rows are written after their session), and the
 *   session counters are recomputed from the rows, as the collector's writer keeps them.
 *
 * Runs inside the caller's transaction, so the records and the pull cursor commit together.
 */
export class RecordImporter {
  private readonly fulltext: FulltextIndexer;
  /** Pulled tool calls name files too: `--file` and a session's file list cover them. */
  private readonly fileTouches: FileTouchWriter;
  private readonly stmts;
  private touched = new Set<string>();

  constructor(
    private readonly db: WritableDb,
    private readonly seq: SeqAllocator,
    private readonly localMachine: string,
  ) {
    this.fulltext = new FulltextIndexer(db);
    this.fileTouches = new FileTouchWriter(db);
    this.stmts = {
      session: db.prepare('SELECT origin_machine AS origin, hash FROM sessions WHERE id = ?'),
      tombstone: db.prepare('SELECT deleted FROM session_meta WHERE session_id = ? AND deleted = 1'),
      placeholder: db.prepare(`INSERT INTO sessions(id, agent, native_id, origin_machine, models, seq) VALUES (?, ?, ?, ?, '[]', ?) ON CONFLICT(id) DO NOTHING`),
      upsertSession: db.prepare(
        `INSERT INTO sessions(id, agent, native_id, origin_machine, parent_session_id, workspace, agent_title, first_prompt, git_branch,
           started_at, ended_at, models, message_count, tool_call_count, input_tokens, output_tokens, cache_read_tokens,
           cache_creation_tokens, reasoning_tokens, extra, hash, seq)
         VALUES (@id, @agent, @nativeId, @origin, @parent, @workspace, @agentTitle, @firstPrompt, @gitBranch, @startedAt, @endedAt, @models,
           @messages, @toolCalls, @input, @output, @cacheRead, @cacheCreation, @reasoning, @extra, @hash, @seq)
         ON CONFLICT(id) DO UPDATE SET agent = excluded.agent, origin_machine = excluded.origin_machine, parent_session_id = excluded.parent_session_id,
           workspace = excluded.workspace, agent_title = excluded.agent_title, first_prompt = excluded.first_prompt, git_branch = excluded.git_branch,
           started_at = excluded.started_at, ended_at = excluded.ended_at, models = excluded.models, extra = excluded.extra,
           hash = excluded.hash, seq = excluded.seq`,
      ),
      message: db.prepare('SELECT m.hash, s.origin_machine AS origin FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages(id, session_id, parent_id, role, kind, time, model, text, content, is_sidechain, is_meta, ordinal, hash, seq)
         VALUES (@id, @sessionId, @parentId, @role, @kind, @time, @model, @text, @content, @isSidechain, @isMeta, @ordinal, @hash, @seq)`,
      ),
      updateMessage: db.prepare(
        `UPDATE messages SET session_id = @sessionId, parent_id = @parentId, role = @role, kind = @kind, time = @time, model = @model, text = @text,
           content = @content, is_sidechain = @isSidechain, is_meta = @isMeta, ordinal = @ordinal, hash = @hash, seq = @seq WHERE id = @id`,
      ),
      toolCall: db.prepare('SELECT t.hash, s.origin_machine AS origin FROM tool_calls t JOIN sessions s ON s.id = t.session_id WHERE t.id = ?'),
      toolCallRowid: db.prepare('SELECT rowid FROM tool_calls WHERE id = ?'),
      insertToolCall: db.prepare(
        `INSERT INTO tool_calls(id, session_id, message_id, name, input, result, is_error, time, result_time, hash, seq)
         VALUES (@id, @sessionId, @messageId, @name, @input, @result, @isError, @time, @resultTime, @hash, @seq)`,
      ),
      updateToolCall: db.prepare(
        `UPDATE tool_calls SET session_id = @sessionId, message_id = @messageId, name = @name, input = @input, result = @result, is_error = @isError,
           time = @time, result_time = @resultTime, hash = @hash, seq = @seq WHERE id = @id`,
      ),
      usage: db.prepare(
        `SELECT u.key, u.session_id, u.message_id, u.time, u.model, u.input, u.output, u.cache_read, u.cache_creation, u.reasoning, s.origin_machine AS origin
           FROM usage u JOIN sessions s ON s.id = u.session_id WHERE u.key = ?`,
      ),
      upsertUsage: db.prepare(
        `INSERT INTO usage(key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning, seq)
         VALUES (@key, @session_id, @message_id, @time, @model, @input, @output, @cache_read, @cache_creation, @reasoning, @seq)
         ON CONFLICT(key) DO UPDATE SET session_id = excluded.session_id, message_id = excluded.message_id, time = excluded.time, model = excluded.model,
           input = excluded.input, output = excluded.output, cache_read = excluded.cache_read, cache_creation = excluded.cache_creation,
           reasoning = excluded.reasoning, seq = excluded.seq`,
      ),
      // A session's counters from its own rows, through the per-session indexes (not a pass over every row).
      counts: db.prepare(
        `SELECT s.message_count AS sm, s.tool_call_count AS st, s.input_tokens AS si, s.output_tokens AS so, s.cache_read_tokens AS scr,
           s.cache_creation_tokens AS scc, s.reasoning_tokens AS sr,
           (SELECT count(*) FROM messages WHERE session_id = s.id) AS messages,
           (SELECT count(*) FROM tool_calls WHERE session_id = s.id) AS toolCalls,
           u.input, u.output, u.cacheRead, u.cacheCreation, u.reasoning
         FROM sessions s, (SELECT coalesce(sum(input), 0) AS input, coalesce(sum(output), 0) AS output, coalesce(sum(cache_read), 0) AS cacheRead,
           coalesce(sum(cache_creation), 0) AS cacheCreation, coalesce(sum(reasoning), 0) AS reasoning FROM usage WHERE session_id = @id) u
         WHERE s.id = @id`,
      ),
      setCounts: db.prepare(
        `UPDATE sessions SET message_count = @messages, tool_call_count = @toolCalls, input_tokens = @input, output_tokens = @output,
           cache_read_tokens = @cacheRead, cache_creation_tokens = @cacheCreation, reasoning_tokens = @reasoning, seq = @seq WHERE id = @id`,
      ),
      machine: db.prepare(
        `INSERT INTO machines(id, name, is_local, first_seen, last_seen) VALUES (@id, @name, 0, @now, @now)
         ON CONFLICT(id) DO UPDATE SET name = CASE WHEN machines.is_local = 0 AND @named = 1 THEN excluded.name ELSE machines.name END, last_seen = excluded.last_seen`,
      ),
    };
  }

  /**
   * Writes one batch of another machine's records; call inside a transaction (seq.transaction).
   * `sender` is the machine that exported them (its name, when known, is remembered).
   */
  importBatch(records: readonly WireRecord[], sender: { id: string; name?: string | null }): ImportCounts {
    const counts = emptyCounts();
    if (sender.id !== this.localMachine) {
      const now = new Date().toISOString();
      this.stmts.machine.run({ id: sender.id, name: sender.name ?? sender.id, named: sender.name ? 1 : 0, now });
    }
    try {
      for (const record of records) {
        if (record.kind === 'session_meta') {
          const outcome = applyRemoteMeta(this.db, this.seq, record);
          if (outcome === 'applied') counts.metaApplied++;
          else counts.metaStale++;
          continue;
        }
        const outcome = this.importContent(record, sender.id);
        if (outcome === 'duplicate') counts.duplicates++;
        else if (outcome === 'skipped') counts.skipped++;
        else counts[outcome]++;
      }
      this.fulltext.flush();
      this.fileTouches.flush();
      // Counters follow the rows, as the collector keeps them (a session sent in parts, or with
      // records the sender could not send, still adds up).
      for (const id of this.touched) this.recount(id);
      return counts;
    } finally {
      this.fulltext.reset();
      this.fileTouches.reset();
      this.touched = new Set();
    }
  }

  private importContent(record: WireSession | WireMessage | WireToolCall | WireUsage, sender: string): Outcome {
    const sessionId = record.kind === 'session' ? record.id : record.sessionId;
    if (this.stmts.tombstone.get(sessionId)) return 'skipped';
    const session = this.stmts.session.get(sessionId) as { origin: string; hash: string | null } | undefined;
    if (session?.origin === this.localMachine) return 'skipped';
    switch (record.kind) {
      case 'session':
        if (record.originMachine === this.localMachine) return 'skipped';
        if (session?.hash === record.hash) return 'duplicate';
        this.writeSession(record);
        return session ? 'updated' : 'inserted';
      case 'message':
        return this.writeMessage(record, session !== undefined, sender);
      case 'tool_call':
        return this.writeToolCall(record, session !== undefined, sender);
      case 'usage':
        return this.writeUsage(record, session !== undefined, sender);
    }
  }

  /** Sets a session's counters to what its rows say; a session whose counters change takes a new seq. */
  private recount(id: string): void {
    const c = this.stmts.counts.get({ id }) as Record<string, number> | undefined;
    if (!c) return;
    const same =
      c.sm === c.messages && c.st === c.toolCalls && c.si === c.input && c.so === c.output && c.scr === c.cacheRead && c.scc === c.cacheCreation && c.sr === c.reasoning;
    if (same) return;
    const { messages, toolCalls, input, output, cacheRead, cacheCreation, reasoning } = c;
    this.stmts.setCounts.run({ id, messages, toolCalls, input, output, cacheRead, cacheCreation, reasoning, seq: this.seq.take() });
  }

  private writeSession(s: WireSession): void {
    this.stmts.upsertSession.run({
      id: s.id,
      agent: s.agent,
      nativeId: s.nativeId,
      origin: s.originMachine,
      parent: s.parentSessionId ?? null,
      workspace: s.workspace ?? null,
      agentTitle: s.agentTitle ?? null,
      firstPrompt: s.firstPrompt ?? null,
      gitBranch: s.gitBranch ?? null,
      startedAt: s.startedAt ?? null,
      endedAt: s.endedAt ?? null,
      models: JSON.stringify(s.models),
      messages: s.messageCount,
      toolCalls: s.toolCallCount,
      ...s.tokens,
      extra: json(s.extra),
      hash: s.hash,
      seq: this.seq.take(),
    });
    this.touched.add(s.id);
  }

  /** A row whose session has not arrived yet hangs on a placeholder the session record fills in. */
  private ensureSession(sessionId: string, exists: boolean, sender: string): void {
    if (exists) return;
    const colon = sessionId.indexOf(':');
    const agent = colon > 0 ? sessionId.slice(0, colon) : 'unknown';
    this.stmts.placeholder.run(sessionId, agent, sessionId.slice(colon + 1), sender, this.seq.take());
  }

  /** A row stored under one of this machine's own sessions (an id clash) is never moved or overwritten. */
  private existing(row: { hash: string | null; origin: string } | undefined, hash: string): 'new' | 'same' | 'ours' | 'changed' {
    if (!row) return 'new';
    if (row.origin === this.localMachine) return 'ours';
    return row.hash === hash ? 'same' : 'changed';
  }

  private writeMessage(m: WireMessage, sessionExists: boolean, sender: string): Outcome {
    const state = this.existing(this.stmts.message.get(m.id) as { hash: string; origin: string } | undefined, m.hash);
    if (state === 'ours') return 'skipped';
    if (state === 'same') return 'duplicate';
    this.ensureSession(m.sessionId, sessionExists, sender);
    const row = {
      id: m.id,
      sessionId: m.sessionId,
      parentId: m.parentId ?? null,
      role: m.role,
      kind: m.messageKind ?? 'message',
      time: m.time ?? null,
      model: m.model ?? null,
      text: m.text,
      content: json(m.content),
      isSidechain: flag(m.isSidechain),
      isMeta: flag(m.isMeta),
      ordinal: m.ordinal ?? 0,
      hash: m.hash,
      seq: this.seq.take(),
    };
    this.touched.add(m.sessionId);
    if (state === 'changed') {
      this.stmts.updateMessage.run(row);
      return 'updated';
    }
    this.fulltext.messageInserted(this.stmts.insertMessage.run(row).lastInsertRowid);
    return 'inserted';
  }

  private writeToolCall(t: WireToolCall, sessionExists: boolean, sender: string): Outcome {
    const state = this.existing(this.stmts.toolCall.get(t.id) as { hash: string; origin: string } | undefined, t.hash);
    if (state === 'ours') return 'skipped';
    if (state === 'same') return 'duplicate';
    this.ensureSession(t.sessionId, sessionExists, sender);
    const row = {
      id: t.id,
      sessionId: t.sessionId,
      messageId: t.messageId ?? null,
      name: t.name,
      input: t.input ?? null,
      result: t.result ?? null,
      isError: flag(t.isError),
      time: t.time ?? null,
      resultTime: t.resultTime ?? null,
      hash: t.hash,
      seq: this.seq.take(),
    };
    this.touched.add(t.sessionId);
    if (state === 'changed') {
      // The FTS row follows through the update trigger of tool_calls.
      this.stmts.updateToolCall.run(row);
      this.fileTouches.toolCallChanged((this.stmts.toolCallRowid.get(t.id) as { rowid: number }).rowid);
      return 'updated';
    }
    const { lastInsertRowid } = this.stmts.insertToolCall.run(row);
    this.fulltext.toolCallInserted(lastInsertRowid);
    this.fileTouches.toolCallChanged(lastInsertRowid);
    return 'inserted';
  }

  /** Usage rows have no hash column: the values themselves tell a change. */
  private writeUsage(u: WireUsage, sessionExists: boolean, sender: string): Outcome {
    const row: UsageRow = {
      key: u.id,
      session_id: u.sessionId,
      message_id: u.messageId ?? null,
      time: u.time ?? null,
      model: u.model ?? null,
      input: u.input,
      output: u.output,
      cache_read: u.cacheRead,
      cache_creation: u.cacheCreation,
      reasoning: u.reasoning,
    };
    const old = this.stmts.usage.get(u.id) as (UsageRow & { origin: string }) | undefined;
    if (old?.origin === this.localMachine) return 'skipped';
    if (old && sameRow(old, row)) return 'duplicate';
    this.ensureSession(u.sessionId, sessionExists, sender);
    this.stmts.upsertUsage.run({ ...row, seq: this.seq.take() });
    this.touched.add(u.sessionId);
    if (old && old.session_id !== row.session_id) this.touched.add(old.session_id);
    return old ? 'updated' : 'inserted';
  }
}
