/**
 * Turns a chat session file (whole `.json`, or `.jsonl` operation log) into the session object
 * VS Code would load, telling a half-written file (retry shortly) from a broken one (problem).
 */
import { RetryLaterError, type ProblemRecord } from '../types.js';
import { isRecord, type JsonObject } from '../vscode-family/json-shapes.js';
import { replayOperationLog } from './operation-log.js';

export interface LoadedSession {
  session?: JsonObject;
  problems: ProblemRecord[];
}

export const EXPORTED_CHAT_REASON = 'exported chat file, not a stored session';

export function loadSessionFile(content: string, format: 'json' | 'jsonl'): LoadedSession {
  // VS Code truncates then writes; an empty file is that moment, not a session.
  if (content.trim() === '') throw new RetryLaterError('chat session file is empty (being written)');
  const { value, problems } = format === 'jsonl' ? replayOperationLog(content) : parseWholeJson(content);
  if (value === undefined) return { problems };
  if (!isRecord(value)) return { problems: [...problems, { reason: 'chat session is not a JSON object' }] };
  // "Export Chat" writes a reduced object without the store's identity fields.
  if (value.sessionId === undefined && value.creationDate === undefined) {
    return { problems: [...problems, { reason: EXPORTED_CHAT_REASON }] };
  }
  return { session: value, problems };
}

function parseWholeJson(content: string): { value: unknown; problems: ProblemRecord[] } {
  try {
    return { value: JSON.parse(content) as unknown, problems: [] };
  } catch (err) {
    if (isUnclosed(content)) throw new RetryLaterError(`chat session JSON ends early (being written): ${(err as Error).message}`);
    return { value: undefined, problems: [{ reason: `invalid JSON: ${(err as Error).message}` }] };
  }
}

/**
 * True when the text stops inside a string or with brackets still open: the shape of a file
 * cut off mid-write, as opposed to one with a syntax error in the middle.
 */
export function isUnclosed(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return inString || depth > 0;
}
