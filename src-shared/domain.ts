/** Domain types shared by every process. Plain data only: they cross RPC boundaries. */

export const AGENT_IDS = ['claude-code', 'codex', 'copilot-chat', 'cursor', 'gemini', 'aider', 'opencode'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

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
