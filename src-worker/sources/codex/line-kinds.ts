/**
 * Sorts one parsed rollout value into what the parser does with it. Current builds wrap every
 * line as `{timestamp, type, payload}`; early Rust builds (flat `sessions/rollout-*.jsonl`)
 * wrote a bare `{id, timestamp, instructions, git}` header, bare ResponseItems and
 * `{"record_type":"state"}` markers.
 */
import { isObject, type JsonObject } from '../json-read.js';

export type LineKind =
  | { kind: 'session_meta'; payload: JsonObject }
  | { kind: 'turn_context'; payload: JsonObject }
  | { kind: 'response_item'; payload: JsonObject }
  | { kind: 'event_msg'; payload: JsonObject }
  | { kind: 'compacted'; payload: JsonObject }
  /** Known, but nothing to normalize: kept as raw only. */
  | { kind: 'raw_only' }
  | { kind: 'problem'; reason: string };

const WITH_PAYLOAD = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted']);

/** Known kinds that hold no conversation content (or only state the parser does not need). */
const RAW_ONLY = new Set(['world_state', 'inter_agent_communication', 'inter_agent_communication_metadata']);

/** ResponseItem types that early builds wrote without an envelope. */
const BARE_ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

export function classifyLine(value: unknown): LineKind {
  if (!isObject(value)) return { kind: 'problem', reason: 'line is not a JSON object' };
  const type = value.type;
  if (typeof type === 'string' && WITH_PAYLOAD.has(type)) {
    if (!isObject(value.payload)) return { kind: 'problem', reason: `${type} line without a payload object` };
    return { kind: type, payload: value.payload } as LineKind;
  }
  if (typeof type === 'string' && RAW_ONLY.has(type)) return { kind: 'raw_only' };
  if (typeof type === 'string' && BARE_ITEM_TYPES.has(type) && !('payload' in value)) {
    return { kind: 'response_item', payload: value };
  }
  if (type === undefined) return classifyUntyped(value);
  return { kind: 'problem', reason: `unknown record kind: ${JSON.stringify(type)}` };
}

function classifyUntyped(value: JsonObject): LineKind {
  if (value.record_type === 'state') return { kind: 'raw_only' };
  if (typeof value.id === 'string' && typeof value.timestamp === 'string') return { kind: 'session_meta', payload: value };
  return { kind: 'problem', reason: 'unknown record kind: line has no type' };
}

/** The envelope's time (bare legacy items have none). */
export function lineTime(value: unknown): unknown {
  return isObject(value) ? value.timestamp : undefined;
}
