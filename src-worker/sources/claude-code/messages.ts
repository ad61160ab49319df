import type { MessageRecord, MessageRole } from '../types.js';
import { contentBlocks, joinedText, trimContent } from './content-blocks.js';
import { ordinalOf, type ContentRecord } from './content-record.js';
import { objectField, stringField, type JsonObject } from './json-fields.js';
import { looksInjected } from './meta-text.js';

/**
 * The message of a user or assistant line. Claude Code streams one API response over several
 * lines (one block each, same message.id); every line is its own message with its own uuid.
 */
export function conversationMessage(rec: ContentRecord, message: JsonObject): MessageRecord | undefined {
  if (!rec.uuid) {
    rec.report(`${rec.type} record has no uuid: no message stored`);
    return undefined;
  }
  const blocks = contentBlocks(message.content);
  const role = roleOf(rec.type, blocks);
  let text = joinedText(blocks, 'text');
  const isThinking = role === 'assistant' && text === '' && blocks.some((b) => b.type === 'thinking');
  if (isThinking) text = joinedText(blocks, 'thinking');
  const isCompactSummary = rec.record.isCompactSummary === true;
  const isMeta = rec.record.isMeta === true || isCompactSummary || (role === 'user' && looksInjected(text));
  const kind = isCompactSummary ? 'compact_summary' : role === 'tool' ? 'tool_result' : isMeta ? 'meta' : isThinking ? 'thinking' : 'message';
  return {
    id: rec.uuid,
    sessionNativeId: rec.sessionId,
    parentId: stringField(rec.record, 'parentUuid'),
    role,
    kind,
    time: rec.time,
    model: rec.type === 'assistant' ? stringField(message, 'model') : undefined,
    text,
    content: Array.isArray(message.content) ? trimContent(message.content) : undefined,
    isSidechain: rec.isSidechain,
    isMeta,
    ordinal: ordinalOf(rec.place),
    line: rec.place.line,
  };
}

/** A user line made only of tool results is the tools speaking, not the human. */
function roleOf(type: ContentRecord['type'], blocks: JsonObject[]): MessageRole {
  if (type === 'assistant') return 'assistant';
  return blocks.length > 0 && blocks.every((b) => b.type === 'tool_result') ? 'tool' : 'user';
}

/**
 * A system record worth reading (it has text: compaction notice, local command output, API error);
 * bookkeeping ones (hook summaries, turn durations) stay raw only.
 */
export function systemMessage(rec: ContentRecord): MessageRecord | undefined {
  const text = stringField(rec.record, 'content') ?? errorText(rec.record);
  if (!rec.uuid || !text) return undefined;
  return {
    id: rec.uuid,
    sessionNativeId: rec.sessionId,
    parentId: stringField(rec.record, 'parentUuid') ?? stringField(rec.record, 'logicalParentUuid'),
    role: 'system',
    kind: 'event',
    time: rec.time,
    text,
    content: { subtype: rec.record.subtype, level: rec.record.level },
    isSidechain: rec.isSidechain,
    isMeta: true,
    ordinal: ordinalOf(rec.place),
    line: rec.place.line,
  };
}

function errorText(record: JsonObject): string | undefined {
  const error = objectField(record, 'error');
  return error ? stringField(error, 'message') : undefined;
}
