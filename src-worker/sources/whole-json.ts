/** Parsing a file that its writer rewrites whole and non-atomically: a cut-off end means "come back". */
import { RetryLaterError } from './types.js';

export type WholeJson = { value: unknown } | { error: string };

/**
 * The parsed document, or the parse error when the text is broken before its end. Throws
 * RetryLaterError when the text is empty or stops mid-value (the writer is mid-save).
 */
export function parseWholeJson(content: string): WholeJson {
  const text = content.trimEnd();
  if (text.trim() === '') throw new RetryLaterError('file is empty (being rewritten?)');
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = (err as Error).message;
    if (endsMidValue(message, text.length)) throw new RetryLaterError(`JSON ends early: ${message}`);
    return { error: message };
  }
}

/** V8 reports a cut-off text as "Unexpected end of JSON input" or an error at the last position. */
function endsMidValue(message: string, length: number): boolean {
  if (message.includes('end of JSON input')) return true;
  const position = /at position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= length;
}
