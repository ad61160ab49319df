import type { ToolCallRecord } from '../types.js';
import { contentBlocks, toolResultText } from './content-blocks.js';
import type { ContentRecord } from './content-record.js';
import { isObject, stringField, type JsonObject } from './json-fields.js';

/** Block types that are calls (client tools and server tools such as web search). */
const CALL_TYPES = new Set(['tool_use', 'server_tool_use']);

/**
 * Tool calls of one line: calls from an assistant line's tool_use blocks, results from a user
 * line's tool_result blocks. The collector merges the two halves by the tool_use id.
 */
export function toolCallsOf(rec: ContentRecord, message: JsonObject): ToolCallRecord[] {
  const out: ToolCallRecord[] = [];
  for (const block of contentBlocks(message.content)) {
    if (rec.type === 'assistant' && CALL_TYPES.has(String(block.type))) {
      const call = callOf(rec, block);
      if (call) out.push(call);
    } else if (rec.type === 'user' && block.type === 'tool_result') {
      const result = resultOf(rec, block);
      if (result) out.push(result);
    }
  }
  return out;
}

function callOf(rec: ContentRecord, block: JsonObject): ToolCallRecord | undefined {
  const id = stringField(block, 'id');
  if (!id) {
    rec.report(`${String(block.type)} block without an id: tool call not recorded`);
    return undefined;
  }
  return { id, sessionNativeId: rec.sessionId, messageId: rec.uuid, name: stringField(block, 'name'), input: block.input, time: rec.time };
}

function resultOf(rec: ContentRecord, block: JsonObject): ToolCallRecord | undefined {
  const id = stringField(block, 'tool_use_id');
  if (!id) {
    rec.report('tool_result block without a tool_use_id: result not recorded');
    return undefined;
  }
  const text = toolResultText(block.content) || detailText(rec.record.toolUseResult);
  const isError = typeof block.is_error === 'boolean' ? block.is_error : undefined;
  return { id, sessionNativeId: rec.sessionId, result: text, isError, resultTime: rec.time };
}

/**
 * The line's `toolUseResult` (a string, or an object with stdout/stderr for shell tools), used
 * only when the tool_result block itself has no text.
 */
function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (!isObject(detail)) return '';
  return [detail.stdout, detail.stderr].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
}
