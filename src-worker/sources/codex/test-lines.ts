/** Test helpers: the complete lines the collector would hand to parseLines. */
import type { FileContext, RawLine } from '../types.js';

/** Splits a file's text into lines with byte offsets, as the collector does (a last line without '\n' included). */
export function rawLinesOf(text: string, startOffset = 0, startLine = 1): RawLine[] {
  const lines: RawLine[] = [];
  let offset = startOffset;
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  parts.forEach((part, i) => {
    lines.push({ text: part, offset, line: startLine + i });
    offset += Buffer.byteLength(part, 'utf8') + 1;
  });
  return lines;
}

/** One JSON line per object. */
export function jsonl(...records: unknown[]): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

export function codexFile(relPath: string, root = '/home/u/.codex'): FileContext {
  return { agent: 'codex', path: `${root}/${relPath}`, relPath, root };
}

let clock = Date.parse('2026-03-01T10:00:00.000Z');

/** A current-format rollout line `{timestamp, type, payload}` with an increasing time. */
export function rollout(type: string, payload: unknown, timestamp?: string): Record<string, unknown> {
  clock += 1000;
  return { timestamp: timestamp ?? new Date(clock).toISOString(), type, payload };
}

export const THREAD = '0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';

export function sessionMeta(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return rollout('session_meta', {
    id: THREAD,
    timestamp: '2026-03-01T09:59:59.000Z',
    cwd: '/home/u/project',
    originator: 'codex_cli_rs',
    cli_version: '0.50.0',
    source: 'cli',
    git: { branch: 'feature/x', commit_hash: 'abc' },
    ...extra,
  });
}

export function userMessage(text: string): Record<string, unknown> {
  return rollout('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
}

export function assistantMessage(text: string): Record<string, unknown> {
  return rollout('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
}

export function tokenCount(last: number[] | null, total?: number[]): Record<string, unknown> {
  const usage = (v: number[]) => ({ input_tokens: v[0], cached_input_tokens: v[1], output_tokens: v[2], reasoning_output_tokens: v[3], total_tokens: v[0]! + v[2]! });
  const info = last === null && total === undefined ? null : { ...(last ? { last_token_usage: usage(last) } : {}), ...(total ? { total_token_usage: usage(total) } : {}) };
  return rollout('event_msg', { type: 'token_count', info });
}
