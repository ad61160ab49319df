/**
 * Cursor's agent transcripts (`~/.cursor/projects/<slug>/agent-transcripts/`) and the Cursor
 * CLI's chat stores carry turns without ids or times. Their messages and tool calls get ids from
 * their content (role, visible text, tool names and inputs) and how often that content occurred
 * before in the conversation, so the same turn read from a transcript and from a chat store of
 * the same conversation (the same session id) is one row, and a re-read changes nothing.
 */
import { createHash } from 'node:crypto';
import type { MessageRecord, NormalizedBatch } from '../types.js';

export interface ToolUse {
  name: string;
  input: unknown;
  result?: string;
  isError?: boolean;
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  thinking?: string;
  tools: ToolUse[];
  model?: string;
}

/** JSON with sorted keys: the same input written by two writers gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Text as the user saw it: Cursor's `[REDACTED]` thinking markers and surrounding space removed. */
export function visibleText(text: string): string {
  return text.replace(/\[REDACTED\]/g, '').trim();
}

/**
 * What the user typed: the `<user_query>` block when Cursor wrapped the prompt with context blocks
 * (`<user_info>`, `<attached_files>`, ...), else the whole text.
 */
export function userQuery(text: string): string {
  const m = /<user_query>\s*([\s\S]*?)\s*<\/user_query>/.exec(text);
  return (m ? m[1]! : text).trim();
}

/** `Workspace Path: /Users/me/app` in the context block Cursor adds to the first prompt. */
export function workspaceFromContext(text: string): string | undefined {
  return /Workspace Path:\s*(\S[^\n]*?)\s*$/m.exec(text)?.[1];
}

/**
 * The project folder from the transcript folder's name (`/Users/me/my-app` → `Users-me-my-app`,
 * which cannot be reversed), matched against absolute paths the turns mention.
 */
export function workspaceFromSlug(slug: string, turns: Turn[]): string | undefined {
  const normalize = (p: string) => p.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const target = normalize(slug);
  for (const turn of turns) {
    for (const tool of turn.tools) {
      for (const candidate of absolutePathsIn(tool.input)) {
        const separator = candidate.includes('\\') ? '\\' : '/';
        const parts = candidate.split(/[\\/]/);
        for (let end = parts.length; end > 1; end--) {
          const dir = parts.slice(0, end).join(separator);
          if (normalize(dir) === target) return dir;
        }
      }
    }
  }
  return undefined;
}

function absolutePathsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^(\/|[A-Za-z]:[\\/])/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(absolutePathsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(absolutePathsIn);
  return [];
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Adds the turns of one conversation as messages (and thinking) with their tool calls. Ids come
 * from the content ('content': JSONL transcripts and chat stores, whose turns are written whole
 * and never change) or from the turn's place ('position': the plain-text transcript, whose last
 * turn can be read while it is still being written and must then be updated, not duplicated).
 */
export function addTurns(sessionId: string, turns: Turn[], out: NormalizedBatch, lineOf?: (index: number) => number, ids: 'content' | 'position' = 'content'): void {
  const seen = new Map<string, number>();
  const occurrence = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  };
  let parentId: string | undefined;
  turns.forEach((turn, index) => {
    const toolsKey = turn.tools.map((t) => `${t.name}:${stableJson(t.input)}`).join('\n');
    const key = `${turn.role}\n${visibleText(turn.text)}\n${toolsKey}`;
    const id = ids === 'position' ? `${sessionId}:turn-${index}` : `${sessionId}:${turn.role[0]}${hash(key)}-${occurrence(key)}`;
    const line = lineOf?.(index);
    const base = { sessionNativeId: sessionId, model: turn.model, ...(line !== undefined ? { line } : {}) };
    if (turn.thinking && visibleText(turn.thinking) !== '') {
      out.messages.push({ id: `${id}:thinking`, parentId, role: 'assistant', kind: 'thinking', text: visibleText(turn.thinking), ordinal: index * 2, ...base });
    }
    const message: MessageRecord = { id, parentId, role: turn.role, text: visibleText(turn.text), ordinal: index * 2 + 1, ...base };
    if (turn.tools.length > 0) message.content = turn.tools.map((t) => ({ type: 'tool_use', name: t.name }));
    out.messages.push(message);
    turn.tools.forEach((tool, i) => {
      out.toolCalls.push({ id: `${id}:tool-${i}`, sessionNativeId: sessionId, messageId: id, name: tool.name, input: tool.input, result: tool.result, isError: tool.isError });
    });
    parentId = id;
  });
}
