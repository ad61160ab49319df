/**
 * A Cursor composer (chat/agent session) and its bubbles as normalized records. Bubbles come
 * from `bubbleId:<composer>:<bubble>` rows (2025+) or from the composer's inline
 * `conversation` array (2024); both have the same shape. Message ids are
 * `<composerId>:<bubbleId>` in both cases, so a composer seen in both places dedupes.
 */
import type { MessageRecord, NormalizedBatch, UsageRecord } from '../types.js';
import { asArray, asNumber, asText, isRecord, parseMaybeJson, resultText, toIsoTime, type JsonObject } from '../vscode-family/json-shapes.js';

export interface BubbleInput {
  bubbleId: string;
  bubble: JsonObject;
  /** Position in the conversation (header index). */
  index: number;
  /** The original value text (its length counts against the read budget). */
  rawText: string;
}

export interface ComposerInput {
  composerId: string;
  composer: JsonObject;
  bubbles: BubbleInput[];
  workspace?: string;
}

/** Adds the composer's session (if it has any message) and its bubbles to the batch. */
export function addComposer(batch: NormalizedBatch, input: ComposerInput): void {
  const { composerId, composer } = input;
  let model = asText(isRecord(composer.modelConfig) ? composer.modelConfig.modelName : undefined);
  const models = new Set<string>();
  const times: string[] = [];
  const usageBefore = batch.usage.length;
  let added = 0;

  for (const { bubbleId, bubble, index } of input.bubbles) {
    const role = bubble.type === 1 || bubble.type === 'user' ? 'user' : bubble.type === 2 || bubble.type === 'ai' ? 'assistant' : undefined;
    if (!role) {
      batch.problems.push({ reason: `bubbleId:${composerId}:${bubbleId}: unknown bubble type ${JSON.stringify(bubble.type)}` });
      continue;
    }
    // The user bubble carries the model picked for the turn; assistant bubbles often do not.
    model = asText(isRecord(bubble.modelInfo) ? bubble.modelInfo.modelName : undefined) ?? model;
    const id = `${composerId}:${bubbleId}`;
    const time = toIsoTime(bubble.createdAt);
    if (time) times.push(time);
    const base = { sessionNativeId: composerId, time, model: role === 'assistant' ? model : undefined };
    const thinking = thinkingText(bubble);
    if (thinking) {
      batch.messages.push({ id: `${id}:thinking`, role: 'assistant', kind: 'thinking', text: thinking, ordinal: index * 2, ...base });
      added++;
    }
    const text = asText(bubble.text) ?? asText(bubble.rawText) ?? '';
    const tool = isRecord(bubble.toolFormerData) ? bubble.toolFormerData : undefined;
    const emitted = text !== '' || tool !== undefined;
    if (emitted) {
      const message: MessageRecord = { id, role, text, ordinal: index * 2 + 1, ...base };
      if (tool) message.content = [{ type: 'tool_call', id: asText(tool.toolCallId), name: toolName(tool) }];
      batch.messages.push(message);
      added++;
      if (base.model && role === 'assistant') models.add(base.model);
    }
    if (tool) addToolCall(batch, composerId, id, tool, time);
    addUsage(batch, { key: id, sessionNativeId: composerId, messageId: emitted ? id : undefined, time, model: base.model }, bubble);
  }

  if (added === 0 && batch.usage.length === usageBefore) return; // an empty composer is not a session
  batch.sessions.push({
    nativeId: composerId,
    workspace: input.workspace,
    title: asText(composer.name),
    startedAt: toIsoTime(composer.createdAt) ?? times[0],
    endedAt: toIsoTime(composer.lastUpdatedAt) ?? times.sort()[times.length - 1],
    models: [...models],
    extra: asText(composer.unifiedMode) ? { source: 'composer', unifiedMode: composer.unifiedMode } : { source: 'composer' },
  });
}

/** Pre-2025 composers keep the whole conversation inline. */
export function inlineBubbles(composer: JsonObject): BubbleInput[] {
  return asArray(composer.conversation).flatMap((bubble, index) => {
    if (!isRecord(bubble)) return [];
    const bubbleId = asText(bubble.bubbleId) ?? `index-${index}`;
    return [{ bubbleId, bubble, index, rawText: JSON.stringify(bubble) }];
  });
}

/** Visible thinking; Cursor often stores only an encrypted signature with empty text. */
function thinkingText(bubble: JsonObject): string {
  if (isRecord(bubble.thinking) && asText(bubble.thinking.text)) return bubble.thinking.text as string;
  if (!Array.isArray(bubble.allThinkingBlocks)) return '';
  return bubble.allThinkingBlocks
    .map((b) => (isRecord(b) ? (asText(b.text) ?? (isRecord(b.thinking) ? asText(b.thinking.text) : undefined)) : undefined))
    .filter((t): t is string => !!t)
    .join('\n\n');
}

function toolName(tool: JsonObject): string | undefined {
  return asText(tool.name) ?? (tool.tool !== undefined ? `tool-${String(tool.tool)}` : undefined);
}

function addToolCall(batch: NormalizedBatch, composerId: string, messageId: string, tool: JsonObject, time: string | undefined): void {
  const status = asText(tool.status);
  const result = tool.result ?? (isRecord(tool.error) || asText(tool.error) ? tool.error : undefined);
  batch.toolCalls.push({
    id: asText(tool.toolCallId) ?? `${messageId}:tool`,
    sessionNativeId: composerId,
    messageId,
    name: toolName(tool),
    input: parseMaybeJson(tool.rawArgs ?? tool.params),
    result: resultText(result),
    isError: status === 'error' || status === 'failed' ? true : undefined,
    time,
  });
}

/**
 * tokenCount is filled in after the response (0 until then, and on most bubbles). One row per
 * bubble (the billed response); Cursor rewrites its database, so the last copy read wins ('replace').
 */
function addUsage(batch: NormalizedBatch, base: Pick<UsageRecord, 'key' | 'sessionNativeId' | 'messageId' | 'time' | 'model'>, bubble: JsonObject): void {
  const count = isRecord(bubble.tokenCount) ? bubble.tokenCount : undefined;
  const input = asNumber(count?.inputTokens) ?? 0;
  const output = asNumber(count?.outputTokens) ?? 0;
  if (input === 0 && output === 0) return;
  batch.usage.push({
    ...base,
    input,
    output,
    cacheRead: 0,
    cacheCreation: 0,
    reasoning: 0,
    onConflict: 'replace',
  });
}
