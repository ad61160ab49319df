import { redactJsonValue } from '../export/redaction/redact-json.js';
import { redactInto, zeroCounts } from '../export/redaction/redact-text.js';

/** An agent's context is precious: no single answer may be longer than this (characters). */
export const MAX_ANSWER_CHARS = 24_000;

export interface OutputPolicy {
  /** Replace secrets with [REDACTED:kind], as exports do (off only with `devlog mcp --no-redact`). */
  redact: boolean;
}

/** Cuts text to the answer budget, saying how much was left out and how to get it. */
export function bounded(text: string, hint: string, max = MAX_ANSWER_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… [cut: ${text.length - max} more characters; ${hint}]`;
}

/** Markdown or plain text as the agent may see it. */
export function agentText(text: string, policy: OutputPolicy): string {
  return policy.redact ? redactInto(text, zeroCounts()) : text;
}

/** A JSON answer as the agent may see it: each string value redacted, then serialized. */
export function agentJson(value: unknown, policy: OutputPolicy): string {
  const safe = policy.redact ? redactJsonValue(value, zeroCounts()) : value;
  return JSON.stringify(safe, null, 1);
}
