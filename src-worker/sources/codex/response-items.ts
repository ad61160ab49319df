/**
 * Turns one Codex ResponseItem (model-visible history) into normalized records. Shared by the
 * JSONL rollouts (items wrapped in `response_item` lines, or bare in early builds) and the
 * legacy TypeScript CLI's `.json` rollouts.
 */
import type { MessageRecord, MessageRole, NormalizedBatch } from '../types.js';
import { hasNonText, isInjectedText, joinText, reasoningText, textParts, toolOutput, trimContent } from './content.js';
import { str, tryParseJson, type JsonObject } from '../json-read.js';

/** Where the item sits: ids, sort key and the facts carried from earlier lines. */
export interface ItemContext {
  sessionId: string;
  /** Id for a message made from this item (unique per item). */
  recordId: string;
  /** Prefix that makes the agent's call ids unique across sessions. */
  callIdPrefix: string;
  ordinal: number;
  line?: number;
  time?: string;
  model?: string;
}

export function addResponseItem(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  switch (item.type) {
    case 'message':
      return addMessage(item, ctx, out);
    case 'reasoning':
      return addReasoning(item, ctx, out);
    case 'agent_message':
      return addInterAgentMessage(item, ctx, out);
    case 'function_call':
    case 'custom_tool_call':
    case 'local_shell_call':
    case 'web_search_call':
    case 'tool_search_call':
    case 'image_generation_call':
      return addToolCall(item, ctx, out);
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'tool_search_output':
      return addToolOutput(item, ctx, out);
    default:
      // ghost_snapshot, compaction and item types newer than this parser: kept as raw only.
      return;
  }
}

function baseMessage(ctx: ItemContext, role: MessageRole, text: string): MessageRecord {
  return {
    id: ctx.recordId,
    sessionNativeId: ctx.sessionId,
    role,
    text,
    time: ctx.time,
    ordinal: ctx.ordinal,
    line: ctx.line,
  };
}

function addMessage(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  const text = joinText(item.content);
  if (text === '' && !hasNonText(item.content)) return; // nothing to show (seen in hand-made data)
  const role = roleOf(item.role);
  const message = baseMessage(ctx, role, text);
  message.content = trimContent(item.content);
  if (role === 'assistant') message.model = ctx.model;
  // Developer instructions and injected context: text the human did not type.
  if (role === 'system' || (role === 'user' && isInjectedMessage(item.content))) {
    message.kind = 'meta';
    message.isMeta = true;
  }
  out.messages.push(message);
}

function roleOf(role: unknown): MessageRole {
  if (role === 'user' || role === 'assistant') return role;
  return 'system'; // developer and system instructions
}

/** Injected context arrives as its own user message; every text part then carries a marker. */
function isInjectedMessage(content: unknown): boolean {
  const parts = textParts(content).filter((t) => t.trim() !== '');
  return parts.length > 0 && parts.every(isInjectedText);
}

function addReasoning(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  const text = reasoningText(item);
  if (text === '') return; // encrypted-only reasoning has nothing readable
  const message = baseMessage(ctx, 'assistant', text);
  message.kind = 'thinking';
  message.model = ctx.model;
  message.content = { summary: item.summary, content: item.content ?? undefined };
  out.messages.push(message);
}

/** Messages between agents of a multi-agent thread (2026 builds): input the human did not type. */
function addInterAgentMessage(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  const message = baseMessage(ctx, 'user', joinText(item.content));
  message.kind = 'inter_agent';
  message.isMeta = true;
  message.content = { author: item.author, recipient: item.recipient, content: trimContent(item.content) };
  out.messages.push(message);
}

interface CallShape {
  name: string;
  input: unknown;
  result?: string;
}

function callShape(item: JsonObject): CallShape {
  switch (item.type) {
    case 'function_call':
      return { name: str(item.name) ?? 'function', input: parseArguments(item.arguments) };
    case 'custom_tool_call':
      return { name: str(item.name) ?? 'custom_tool', input: parseArguments(item.input) };
    case 'local_shell_call':
      return { name: 'local_shell', input: item.action };
    case 'web_search_call':
      return { name: 'web_search', input: item.action ?? (item.query !== undefined ? { query: item.query } : undefined) };
    case 'tool_search_call':
      return { name: 'tool_search', input: item.arguments };
    default: // image_generation_call: the result is a base64 image, kept only in the raw record
      return { name: 'image_generation', input: { revised_prompt: item.revised_prompt }, result: str(item.result) ? '[image]' : undefined };
  }
}

/** Arguments are a JSON string: the parsed object when it parses, else the string as written. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  const parsed = tryParseJson(value);
  return parsed === undefined ? value : parsed;
}

/**
 * A call is its own item, so it gets its own (text-less) assistant message that the tool call
 * points at, like a tool_use-only message of other agents.
 */
function addToolCall(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  const shape = callShape(item);
  const callId = str(item.call_id) ?? str(item.id);
  const id = callId !== undefined ? `${ctx.callIdPrefix}:${callId}` : ctx.recordId;
  const message = baseMessage(ctx, 'assistant', '');
  message.kind = 'tool_use';
  message.model = ctx.model;
  message.content = [{ type: 'tool_use', id, name: shape.name, input: shape.input }];
  out.messages.push(message);
  out.toolCalls.push({
    id,
    sessionNativeId: ctx.sessionId,
    messageId: ctx.recordId,
    name: shape.name,
    input: shape.input,
    result: shape.result,
    time: ctx.time,
  });
}

function addToolOutput(item: JsonObject, ctx: ItemContext, out: NormalizedBatch): void {
  const callId = str(item.call_id);
  if (callId === undefined) return; // cannot be linked; the raw record keeps it
  const output = item.type === 'tool_search_output' ? { text: JSON.stringify(item.tools ?? null) } : toolOutput(item.output);
  out.toolCalls.push({
    id: `${ctx.callIdPrefix}:${callId}`,
    sessionNativeId: ctx.sessionId,
    result: output.text,
    isError: output.isError,
    resultTime: ctx.time,
  });
}
