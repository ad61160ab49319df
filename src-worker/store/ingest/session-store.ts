import type { AgentId } from '../../../src-shared/domain.js';
import type { MessageRecord, SessionRecord } from '../../sources/types.js';
import type { WritableDb } from '../database.js';
import type { SeqAllocator } from '../seq.js';
import { contentHash } from './hash.js';
import { MAX_TITLE_CHARS } from './limits.js';
import { mergeSession, widenTimes, type SessionFields } from './session-merge.js';
import type { SessionsTableRow } from '../sessions-table.js';

interface TokenRow {
  input: number;
  output: number;
  cache_read: number;
  cache_creation: number;
  reasoning: number;
}

/** What one commit changes about a session: counted incrementally, so cost is O(batch). */
export class SessionDelta {
  messages = 0;
  toolCalls = 0;
  tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 };
  firstPrompt: { ordinal: number; text: string } | undefined;
  firstTime: string | null = null;
  lastTime: string | null = null;
  models = new Set<string>();
  changed = false;

  noteMessage(m: MessageRecord): void {
    if (m.time) {
      if (!this.firstTime || m.time < this.firstTime) this.firstTime = m.time;
      if (!this.lastTime || m.time > this.lastTime) this.lastTime = m.time;
    }
    if (m.model && m.model !== '<synthetic>') this.models.add(m.model);
    const isPrompt = m.role === 'user' && !m.isMeta && !m.isSidechain && (m.kind ?? 'message') === 'message' && m.text.trim() !== '';
    if (isPrompt && (!this.firstPrompt || m.ordinal < this.firstPrompt.ordinal)) this.firstPrompt = { ordinal: m.ordinal, text: m.text };
  }

  addTokens(row: TokenRow, sign: 1 | -1): void {
    this.tokens.input += sign * row.input;
    this.tokens.output += sign * row.output;
    this.tokens.cacheRead += sign * row.cache_read;
    this.tokens.cacheCreation += sign * row.cache_creation;
    this.tokens.reasoning += sign * row.reasoning;
  }
}

type SessionRow = Pick<
  SessionsTableRow,
  'id' | 'agent' | 'parent_session_id' | 'workspace' | 'agent_title' | 'first_prompt' | 'git_branch' | 'started_at' | 'ended_at' | 'models' | 'extra' | 'hash'
>;

interface Pending {
  row: SessionRow;
  fields: SessionFields;
}

/** Turns a prompt into a one-line title. */
export function titleFromPrompt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TITLE_CHARS ? `${line.slice(0, MAX_TITLE_CHARS - 1)}…` : line;
}

/** Reads, merges and writes session rows within one ingest transaction. */
export class SessionStore {
  private readonly pending = new Map<string, Pending>();
  private readonly stmts;

  constructor(
    db: WritableDb,
    private readonly seq: SeqAllocator,
    private readonly machineId: string,
  ) {
    this.stmts = {
      get: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO sessions(id, agent, native_id, origin_machine, models, seq) VALUES (?, ?, ?, ?, '[]', ?)`,
      ),
      placeSession: db.prepare('UPDATE sessions SET agent = ?, workspace = ? WHERE id = ?'),
      update: db.prepare(
        `UPDATE sessions SET parent_session_id = @parent, workspace = @workspace, agent_title = @agentTitle, first_prompt = @firstPrompt,
           git_branch = @gitBranch, started_at = @startedAt, ended_at = @endedAt, models = @models, extra = @extra,
           message_count = message_count + @messages, tool_call_count = tool_call_count + @toolCalls,
           input_tokens = input_tokens + @input, output_tokens = output_tokens + @output, cache_read_tokens = cache_read_tokens + @cacheRead,
           cache_creation_tokens = cache_creation_tokens + @cacheCreation, reasoning_tokens = reasoning_tokens + @reasoning,
           hash = @hash, seq = @seq
         WHERE id = @id`,
      ),
    };
  }

  emptyDelta(): SessionDelta {
    return new SessionDelta();
  }

  ensure(id: string, agent: AgentId, delta: (id: string) => SessionDelta): Pending {
    let p = this.pending.get(id);
    if (p) return p;
    let row = this.stmts.get.get(id) as SessionRow | undefined;
    if (!row) {
      const native = id.slice(agent.length + 1);
      this.stmts.insert.run(id, agent, native, this.machineId, this.seq.take());
      row = this.stmts.get.get(id) as SessionRow;
      delta(id).changed = true;
    }
    p = { row, fields: fieldsOf(row) };
    this.pending.set(id, p);
    return p;
  }

  apply(id: string, agent: AgentId, rec: SessionRecord, parentId: string | null, delta: (id: string) => SessionDelta): void {
    const p = this.ensure(id, agent, delta);
    p.fields = mergeSession(p.fields, rec, parentId);
    delta(id);
  }

  /**
   * Writes the agent and workspace the batch gives a session before its rows are written, so
   * the stats rollups count the rows under them at once; set afterwards (in finish), a trigger
   * would have to move every row of the session. Called after every apply() of a commit.
   */
  placeBeforeRows(): void {
    for (const [id, p] of this.pending) {
      if (p.fields.workspace === p.row.workspace) continue;
      this.stmts.placeSession.run(p.row.agent, p.fields.workspace, id);
      p.row = { ...p.row, workspace: p.fields.workspace };
    }
  }

  /** Applies every delta; a session takes a new seq only if something about it really changed. */
  finish(deltas: Map<string, SessionDelta>): void {
    for (const [id, d] of deltas) {
      const p = this.pending.get(id);
      if (!p) continue;
      let fields = widenTimes(p.fields, d.firstTime, d.lastTime);
      if (d.models.size) fields = { ...fields, models: [...new Set([...fields.models, ...d.models])] };
      const firstPrompt = p.row.first_prompt ?? (d.firstPrompt ? titleFromPrompt(d.firstPrompt.text) : null);
      const models = JSON.stringify(fields.models);
      const extra = fields.extra ? JSON.stringify(fields.extra) : null;
      const hash = contentHash(fields.parentSessionId, fields.workspace, fields.agentTitle, firstPrompt, fields.gitBranch, fields.startedAt, fields.endedAt, models, extra);
      const countsChanged = d.messages || d.toolCalls || Object.values(d.tokens).some((v) => v !== 0);
      if (hash === p.row.hash && !countsChanged) continue;
      this.stmts.update.run({
        id,
        parent: fields.parentSessionId,
        workspace: fields.workspace,
        agentTitle: fields.agentTitle ? fields.agentTitle.slice(0, 1000) : null,
        firstPrompt,
        gitBranch: fields.gitBranch,
        startedAt: fields.startedAt,
        endedAt: fields.endedAt,
        models,
        extra,
        messages: d.messages,
        toolCalls: d.toolCalls,
        ...d.tokens,
        hash,
        seq: this.seq.take(),
      });
    }
    this.pending.clear();
  }

  /** Drops cached rows after a failed transaction. */
  reset(): void {
    this.pending.clear();
  }
}

function fieldsOf(row: SessionRow): SessionFields {
  let models: string[] = [];
  let extra: Record<string, unknown> | null = null;
  try {
    models = JSON.parse(row.models) as string[];
    extra = row.extra ? (JSON.parse(row.extra) as Record<string, unknown>) : null;
  } catch {
    // A damaged JSON column is rebuilt from what arrives next.
  }
  return {
    parentSessionId: row.parent_session_id,
    workspace: row.workspace,
    agentTitle: row.agent_title,
    gitBranch: row.git_branch,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    models,
    extra,
  };
}
