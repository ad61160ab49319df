import crypto from 'node:crypto';
import { z } from 'zod';
import { WireRecord, type WireRecord as WireRecordT } from '../../src-shared/sync-wire.js';
import type { ReadableDb } from '../store/database.js';
import type { SessionsTableRow } from '../store/sessions-table.js';

/**
 * One local session as the sync wire carries it: the session, then its messages, tool calls,
 * usage rows and the user's metadata, each with a content hash (the server stores an id+hash
 * pair once, so re-sending is harmless). Values the wire would refuse (a time without a zone,
 * an over-long model name) are normalised here rather than fail a whole batch.
 */
export interface SessionRecords {
  id: string;
  records: WireRecordT[];
  /** Records left out because even normalised they do not fit the wire (named in the status). */
  unsendable: string[];
}

const isoTime = z.iso.datetime({ offset: true });

function wireTime(value: string | null): string | null {
  if (value === null || value === '') return null;
  if (isoTime.safeParse(value).success) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const cut = (value: string | null, max: number): string | null => (value === null ? null : value.slice(0, max));

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text; // kept as a string: a stored column that is not JSON is still content
  }
}

function contentHash(record: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 32);
}

function withHash<T extends Record<string, unknown>>(record: T): T & { hash: string } {
  return { ...record, hash: contentHash(record) };
}

type SessionRow = Omit<SessionsTableRow, 'hash' | 'seq'>;

/** Prepared statements for one connection; read every session of a batch in one read transaction. */
export class WireRecordReader {
  private readonly session;
  private readonly messages;
  private readonly toolCalls;
  private readonly usage;
  private readonly meta;

  /** `localMachine`: only its own sessions' content and its own edits are read (see changedSessions). */
  constructor(
    db: ReadableDb,
    private readonly localMachine: string,
  ) {
    this.session = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.messages = db.prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY ordinal, id');
    this.toolCalls = db.prepare('SELECT * FROM tool_calls WHERE session_id = ? ORDER BY time, id');
    this.usage = db.prepare('SELECT * FROM usage WHERE session_id = ? ORDER BY time, key');
    this.meta = db.prepare('SELECT * FROM session_meta WHERE session_id = ?');
  }

  /** The session's records, or undefined when it no longer exists (removed by a reparse). */
  read(sessionId: string): SessionRecords | undefined {
    const s = this.session.get(sessionId) as SessionRow | undefined;
    if (!s) return undefined;
    const meta = this.meta.get(sessionId) as Record<string, string | number | null> | undefined;
    const candidates: Record<string, unknown>[] = [];
    // A deleted session sends only its tombstone; another machine's session only our edits of it.
    if (s.origin_machine === this.localMachine && meta?.deleted !== 1) this.readContent(s, candidates);
    if (meta && meta.updated_by === this.localMachine) candidates.push(metaRecord(sessionId, meta));
    const records: WireRecordT[] = [];
    const unsendable: string[] = [];
    for (const c of candidates) {
      const parsed = WireRecord.safeParse(c);
      if (parsed.success) records.push(parsed.data);
      else unsendable.push(`${String(c.kind)} ${String(c.id)}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    }
    return { id: sessionId, records, unsendable };
  }

  private readContent(s: SessionRow, candidates: Record<string, unknown>[]): void {
    const sessionId = s.id;
    let models: unknown = parseJson(s.models);
    if (!Array.isArray(models)) models = [];
    candidates.push(
      withHash({
        kind: 'session',
        id: s.id,
        agent: s.agent,
        nativeId: s.native_id,
        originMachine: s.origin_machine,
        parentSessionId: s.parent_session_id,
        workspace: s.workspace,
        agentTitle: s.agent_title,
        firstPrompt: s.first_prompt,
        gitBranch: s.git_branch,
        startedAt: wireTime(s.started_at),
        endedAt: wireTime(s.ended_at),
        models: (models as unknown[]).filter((m): m is string => typeof m === 'string').slice(0, 100).map((m) => m.slice(0, 200)),
        messageCount: s.message_count,
        toolCallCount: s.tool_call_count,
        tokens: { input: s.input_tokens, output: s.output_tokens, cacheRead: s.cache_read_tokens, cacheCreation: s.cache_creation_tokens, reasoning: s.reasoning_tokens },
        extra: parseJson(s.extra),
      }),
    );
    for (const m of this.messages.all(sessionId) as Record<string, string | number | null>[]) {
      candidates.push(
        withHash({
          kind: 'message',
          id: m.id,
          sessionId,
          parentId: m.parent_id,
          role: cut(m.role as string, 32),
          messageKind: cut(m.kind as string, 32),
          time: wireTime(m.time as string | null),
          model: cut(m.model as string | null, 200),
          text: m.text,
          content: parseJson(m.content as string | null),
          isSidechain: m.is_sidechain === 1,
          isMeta: m.is_meta === 1,
          ordinal: m.ordinal,
        }),
      );
    }
    for (const t of this.toolCalls.all(sessionId) as Record<string, string | number | null>[]) {
      candidates.push(
        withHash({
          kind: 'tool_call',
          id: t.id,
          sessionId,
          messageId: t.message_id,
          name: cut(t.name as string, 200),
          input: t.input,
          result: t.result,
          isError: t.is_error === 1,
          time: wireTime(t.time as string | null),
          resultTime: wireTime(t.result_time as string | null),
        }),
      );
    }
    for (const u of this.usage.all(sessionId) as Record<string, string | number | null>[]) {
      candidates.push(
        withHash({
          kind: 'usage',
          id: u.key,
          sessionId,
          messageId: u.message_id,
          time: wireTime(u.time as string | null),
          model: cut(u.model as string | null, 200),
          input: u.input,
          output: u.output,
          cacheRead: u.cache_read,
          cacheCreation: u.cache_creation,
          reasoning: u.reasoning,
        }),
      );
    }
  }
}

function metaRecord(sessionId: string, meta: Record<string, string | number | null>): Record<string, unknown> {
  const tags = parseJson(meta.tags as string);
  return {
    kind: 'session_meta',
    id: sessionId,
    version: meta.version,
    updatedAt: wireTime(meta.updated_at as string) ?? new Date(0).toISOString(),
    updatedBy: meta.updated_by,
    title: meta.title,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string').map((t) => t.slice(0, 200)).slice(0, 200) : [],
    starred: meta.starred === 1,
    hidden: meta.hidden === 1,
    deleted: meta.deleted === 1,
  };
}

/**
 * Sessions with something of this machine's to send written after `afterSeq`, oldest change
 * first, with what routing needs. The rule that keeps records from going back where they came
 * from: a session's content goes only from its origin machine, and its metadata only from the
 * machine that made that edit (an edit pulled from another machine is that machine's to send).
 */
export interface ChangedSession {
  id: string;
  agent: string;
  workspace: string | null;
  /** The highest seq of any of its rows: the cursor may pass it once the session is acknowledged. */
  maxSeq: number;
}

export function changedSessions(db: ReadableDb, afterSeq: number, localMachine: string): ChangedSession[] {
  return db
    .prepare(
      `SELECT s.id AS id, s.agent AS agent, s.workspace AS workspace, max(c.max_seq) AS maxSeq FROM (
         SELECT session_id, MAX(seq) AS max_seq FROM (
           SELECT id AS session_id, seq FROM sessions WHERE seq > @after
           UNION ALL SELECT session_id, seq FROM messages WHERE seq > @after
           UNION ALL SELECT session_id, seq FROM tool_calls WHERE seq > @after
           UNION ALL SELECT session_id, seq FROM usage WHERE seq > @after
         ) x WHERE EXISTS (SELECT 1 FROM sessions o WHERE o.id = x.session_id AND o.origin_machine = @me) GROUP BY session_id
         UNION ALL SELECT session_id, seq FROM session_meta WHERE seq > @after AND updated_by = @me
       ) c JOIN sessions s ON s.id = c.session_id
       GROUP BY s.id ORDER BY max(c.max_seq)`,
    )
    .all({ after: afterSeq, me: localMachine }) as ChangedSession[];
}
