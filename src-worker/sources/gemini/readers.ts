/**
 * Reading both Gemini session formats into a Conversation, keeping every record raw.
 * - Legacy `.json`: one object `{sessionId, projectHash, startTime, lastUpdated, messages[], summary?, directories?, kind?}`,
 *   rewritten whole (not atomically): a cut-off file means the CLI is mid-save.
 * - Current `.jsonl`: a metadata line, then message records, `{"$set": {...}}` and `{"$rewindTo": id}`.
 *   Appended by the CLI but re-read whole here, since `$set`/`$rewindTo` change what came before.
 */
import { parseJsonValues } from '../json-values.js';
import { RetryLaterError, type ProblemRecord, type RawRecord } from '../types.js';
import { Conversation } from './conversation.js';
import { isObject, str } from '../json-read.js';
import { parseWholeJson } from '../whole-json.js';

export interface ReadResult {
  conversation: Conversation;
  raw: RawRecord[];
  problems: ProblemRecord[];
}

export function readLegacyJson(content: string): ReadResult {
  const result: ReadResult = { conversation: new Conversation(), raw: [], problems: [] };
  const parsed = parseWholeJson(content);
  if ('error' in parsed || !isObject(parsed.value) || !Array.isArray(parsed.value.messages)) {
    result.raw.push({ text: content });
    result.problems.push({ reason: 'error' in parsed ? `invalid JSON: ${parsed.error}` : 'wrong shape: expected {sessionId, messages[]}' });
    return result;
  }
  const { messages, ...meta } = parsed.value;
  result.raw.push({ text: JSON.stringify(meta) });
  for (const message of messages) result.raw.push({ text: JSON.stringify(message) });
  result.conversation.mergeMeta(meta);
  for (const index of result.conversation.replaceMessages(messages)) {
    result.problems.push({ reason: `messages[${index}] is not a message with an id` });
  }
  return result;
}

export function readJsonl(content: string): ReadResult {
  const result: ReadResult = { conversation: new Conversation(), raw: [], problems: [] };
  const lines = content.split('\n');
  const complete = content.endsWith('\n');
  if (complete) lines.pop();
  let offset = 0;
  lines.forEach((text, index) => {
    const place = { line: index + 1, offset };
    offset += Buffer.byteLength(text, 'utf8') + 1;
    if (text.trim() === '') return;
    const { values, error } = parseJsonValues(text);
    // A last line without its '\n' that does not parse is still being written.
    if (error !== undefined && index === lines.length - 1 && !complete) throw new RetryLaterError(`line ${place.line} is incomplete`);
    result.raw.push({ text, ...place });
    for (const value of values) applyRecord(value, place, result);
    if (error !== undefined) result.problems.push({ ...place, reason: `invalid JSON: ${error}` });
  });
  return result;
}

function applyRecord(value: unknown, place: { line: number; offset: number }, result: ReadResult): void {
  const problem = (reason: string) => result.problems.push({ ...place, reason });
  if (!isObject(value)) {
    problem('line is not a JSON object');
  } else if ('$rewindTo' in value) {
    const id = str(value.$rewindTo);
    if (id !== undefined) result.conversation.rewindTo(id);
    else problem('wrong shape: $rewindTo is not a message id');
  } else if ('$set' in value) {
    applySet(value.$set, place, result, problem);
  } else if (str(value.id) !== undefined) {
    result.conversation.upsert(value, place.line);
  } else if (typeof value.sessionId === 'string') {
    result.conversation.mergeMeta(value); // the metadata line
  } else {
    problem('unknown record kind: no id, sessionId, $set or $rewindTo');
  }
}

function applySet(fields: unknown, place: { line: number }, result: ReadResult, problem: (reason: string) => void): void {
  if (!isObject(fields)) {
    problem('wrong shape: $set is not an object');
    return;
  }
  result.conversation.mergeMeta(fields);
  if (!Array.isArray(fields.messages)) return;
  for (const index of result.conversation.replaceMessages(fields.messages, place.line)) {
    problem(`$set.messages[${index}] is not a message with an id`);
  }
}
