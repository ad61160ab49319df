/** One row of the `sessions` table as SQLite returns it (the schema: store/migrations). */
export interface SessionsTableRow {
  id: string;
  agent: string;
  native_id: string;
  origin_machine: string;
  parent_session_id: string | null;
  workspace: string | null;
  agent_title: string | null;
  first_prompt: string | null;
  git_branch: string | null;
  started_at: string | null;
  ended_at: string | null;
  /** JSON array of model ids. */
  models: string;
  message_count: number;
  tool_call_count: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  reasoning_tokens: number;
  /** JSON object of agent-specific facts, or null. */
  extra: string | null;
  hash: string | null;
  seq: number;
}
