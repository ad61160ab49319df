import type { MessageRecord } from '../types.js';
import { asArray, asText, isRecord, type JsonObject } from '../vscode-family/json-shapes.js';

/** Where a message stands: its session, time, line and the ordinal of its event. */
export interface MessagePlace {
  sessionNativeId: string;
  time?: string;
  line: number;
  ordinal: number;
}

/** The tool calls an `assistant.message` event requests (`data.toolRequests`). */
export function toolRequestsOf(data: JsonObject): JsonObject[] {
  return asArray(data.toolRequests).filter(isRecord);
}

/**
 * The reply of an `assistant.message` event, as the Copilot CLI and Copilot Chat's transcripts
 * both write it: its text and the tool calls it asked for, one ordinal after its thinking.
 */
export function assistantReply(data: JsonObject, id: string, at: MessagePlace, model?: string): MessageRecord {
  const requests = toolRequestsOf(data);
  return {
    id,
    role: 'assistant',
    model,
    text: asText(data.content) ?? '',
    content: requests.length > 0 ? requests.map((r) => ({ type: 'tool_call', id: asText(r.toolCallId), name: asText(r.name) })) : undefined,
    ...at,
    ordinal: at.ordinal + 1,
  };
}
