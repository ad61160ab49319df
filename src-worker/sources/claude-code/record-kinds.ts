/**
 * What each Claude Code record `type` becomes. Anything not listed is an unknown kind and is
 * reported as a problem (kept raw), so format changes show up in status instead of vanishing.
 */

/** Records that carry a conversation entry: messages, tool calls, usage, session facts. */
export const CONTENT_KINDS = new Set(['user', 'assistant', 'system']);

/**
 * Records that only name the session: the field holding the title, and its rank. A title the
 * user gave (/rename) beats a generated one, which beats an old-style summary, whatever the order.
 */
export const TITLE_KINDS: Readonly<Record<string, { field: string; rank: number }>> = {
  summary: { field: 'summary', rank: 1 },
  'ai-title': { field: 'aiTitle', rank: 2 },
  'custom-title': { field: 'customTitle', rank: 3 },
};

/** Known records with nothing to normalize: kept raw only, never problems. */
export const RAW_ONLY_KINDS = new Set([
  // File backups for /rewind.
  'file-history-snapshot',
  // Hook/bash/MCP/agent progress; agent_progress mirrors subagent lines that the subagent's own
  // file also holds, so its messages are not read (only its usage, keyed like the subagent's
  // own lines: see RecordReader.readProgressUsage).
  'progress',
  // Typed-ahead prompts: the prompt is written again as a user record when it is sent.
  'queue-operation',
  // Context injected by the CLI (hook output, reminders, file references, skill listings).
  'attachment',
  // UI and bookkeeping state.
  'pr-link',
  'frame-link',
  'permission-mode',
  'mode',
  'agent-name',
  'last-prompt',
  'worktree-state',
  'relocated',
  'bridge-session',
  'atis-latch',
  // Background-agent bookkeeping (`key` + `agentId`, no session).
  'started',
  'result',
]);
