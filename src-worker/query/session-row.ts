import type { SessionSummary, TitleSource } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import { titleFromPrompt } from '../store/ingest/session-store.js';
import type { SessionsTableRow } from '../store/sessions-table.js';

/** The columns every session listing selects from `sessions s`. */
export const SESSION_COLUMNS = `s.id, s.agent, s.native_id, s.workspace, s.agent_title, s.first_prompt, s.git_branch,
  s.started_at, s.ended_at, s.models, s.message_count, s.tool_call_count, s.input_tokens, s.output_tokens,
  s.cache_read_tokens, s.cache_creation_tokens, s.reasoning_tokens, s.parent_session_id, s.origin_machine,
  (SELECT sm.title FROM session_meta sm WHERE sm.session_id = s.id) AS user_title,
  (SELECT sm.starred FROM session_meta sm WHERE sm.session_id = s.id) AS user_starred`;

export interface SessionRow extends Omit<SessionsTableRow, 'extra' | 'hash' | 'seq'> {
  user_title: string | null;
  user_starred: number | null;
}

/** The user's title, else the agent's own summary, else the first prompt; one trimmed line. */
export function sessionTitle(row: Pick<SessionRow, 'user_title' | 'agent_title' | 'first_prompt'>): { title: string | null; source: TitleSource | null } {
  const candidates: Array<[string | null, TitleSource]> = [
    [row.user_title, 'user'],
    [row.agent_title, 'agent'],
    [row.first_prompt, 'prompt'],
  ];
  for (const [text, source] of candidates) {
    const title = text ? titleFromPrompt(text) : '';
    if (title) return { title, source };
  }
  return { title: null, source: null };
}

function parseModels(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}

export function toSessionSummary(row: SessionRow): SessionSummary {
  const { title, source } = sessionTitle(row);
  return {
    id: row.id,
    agent: row.agent as AgentId,
    nativeId: row.native_id,
    workspace: row.workspace,
    title,
    titleSource: source,
    gitBranch: row.git_branch,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    models: parseModels(row.models),
    messageCount: row.message_count,
    toolCallCount: row.tool_call_count,
    tokens: {
      input: row.input_tokens,
      output: row.output_tokens,
      cacheRead: row.cache_read_tokens,
      cacheCreation: row.cache_creation_tokens,
      reasoning: row.reasoning_tokens,
    },
    parentSessionId: row.parent_session_id,
    originMachine: row.origin_machine,
    ...(row.user_starred === 1 ? { starred: true as const } : {}),
  };
}
