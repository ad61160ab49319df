/**
 * The TypeScript CLI's rollouts (spring 2025): `sessions/rollout-<date>-<uuid>.json`, one
 * pretty-printed `{session: {timestamp, id, instructions}, items: ResponseItem[]}` rewritten on
 * every save. Each save draws a NEW uuid, so one conversation leaves several files that are
 * growing copies of each other. Ids therefore come from content, not from the file: the session
 * is named after its first item, and an item's id is that name, its index and a hash of the
 * item, so every copy yields the same records and the store deduplicates them.
 */
import { emptyBatch, type FileContext, type NormalizedBatch, type ParserState } from '../types.js';
import { addResponseItem } from './response-items.js';
import { isObject, shortHash, toIso } from '../json-read.js';
import { parseWholeJson } from '../whole-json.js';

export function parseLegacyRollout(content: string, _file: FileContext, _state: ParserState): NormalizedBatch {
  const out = emptyBatch();
  const parsed = parseWholeJson(content);
  if ('error' in parsed) {
    out.raw.push({ text: content });
    out.problems.push({ reason: `invalid JSON: ${parsed.error}` });
    return out;
  }
  const doc = parsed.value;
  if (!isObject(doc) || !Array.isArray(doc.items)) {
    out.raw.push({ text: content });
    out.problems.push({ reason: 'wrong shape: expected {session, items[]}' });
    return out;
  }
  const items = doc.items;
  out.raw.push({ text: JSON.stringify({ session: doc.session }) });
  for (const item of items) out.raw.push({ text: JSON.stringify(item) });
  if (items.length === 0) return out;

  const sessionId = `ts-${shortHash(JSON.stringify(items[0]))}`;
  const savedAt = isObject(doc.session) ? toIso(doc.session.timestamp) : undefined;
  out.sessions.push({ nativeId: sessionId, startedAt: savedAt, endedAt: savedAt, extra: { format: 'codex-ts-json' } });
  items.forEach((item, index) => {
    if (!isObject(item) || typeof item.type !== 'string') {
      out.problems.push({ reason: `items[${index}] is not a response item` });
      return;
    }
    addResponseItem(item, {
      sessionId,
      recordId: `${sessionId}:${index}:${shortHash(JSON.stringify(item), 8)}`,
      callIdPrefix: sessionId,
      ordinal: index,
    }, out);
  });
  return out;
}
