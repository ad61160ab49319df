/** Domain types shared by every process. Plain data only: they cross RPC boundaries. */

export const AGENT_IDS = ['claude-code', 'codex', 'copilot-chat', 'cursor', 'gemini', 'cline', 'roo-code', 'kilo-code', 'zoo-code', 'continue', 'aider', 'opencode'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

/** What the UI calls each agent (a Record, so a new agent id cannot ship without its name). */
export const AGENT_NAMES: Record<AgentId, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  'copilot-chat': 'Copilot Chat',
  cursor: 'Cursor',
  gemini: 'Gemini CLI',
  cline: 'Cline',
  'roo-code': 'Roo Code',
  'kilo-code': 'Kilo Code',
  'zoo-code': 'Zoo Code',
  continue: 'Continue',
  aider: 'Aider',
  opencode: 'OpenCode',
};

export function isAgentId(value: string): value is AgentId {
  return (AGENT_IDS as readonly string[]).includes(value);
}

/** ISO-8601 UTC timestamp string. */
export type IsoTime = string;

export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

export const ZERO_TOKENS: TokenTotals = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 };
