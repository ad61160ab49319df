/**
 * `tasks/<taskId>/api_conversation_history.json`: the conversation as sent to the model, an array
 * of Anthropic-style messages `{role, content: string | blocks[], modelInfo?, metrics?, ts?}`
 * (shared/docs/agent-log-formats.md section 6). Messages have no ids: they are keyed by task id
 * and array index. Tool calls are `tool_use` blocks, or XML in the text in builds before native
 * tool calling; results come back as `tool_result` blocks or, in the builds seen in real files,
 * as user text blocks `[tool_name for 'x'] Result:\n…`. Times: a message's own `ts` (newer
 * builds), else the time in the environment details of the turn that sent it.
 */
import { isObject } from '../json-read.js';
import { contentBlocks, joinedText, toolResultText, trimContent } from '../claude-code/content-blocks.js';
import { tokenCount } from '../token-count.js';
import { emptyBatch, type MessageRecord, type NormalizedBatch, type ToolCallRecord, type UsageRecord } from '../types.js';
import { asNumber, asText, toIsoTime } from '../vscode-family/json-shapes.js';
import { currentTime, ENVIRONMENT_PREFIX, workingDirectory } from './environment.js';
import { xmlToolCalls } from './xml-tool-calls.js';
import type { FormatDrift } from '../drift.js';

const TEXT_RESULT = /^\[([A-Za-z0-9_.:-]+)(?: for [^\n]*?)?\] Result:\s*\n?/;
const KNOWN_BLOCKS = new Set(['text', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result', 'image', 'document']);
// Legacy task files, and the SDK's messages (which add agent, sessionId, metadata, flat ids).
const KNOWN_MESSAGE_FIELDS = new Set(['role', 'content', 'modelInfo', 'metrics', 'ts', 'id', 'agent', 'sessionId', 'metadata', 'providerId', 'modelId']);

/** Text Cline adds to a user turn that the human did not type. */
function isInjected(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith(ENVIRONMENT_PREFIX) || t.startsWith('# task_progress') || t.startsWith('# TODO LIST');
}

/** The human's words: Cline wraps the first prompt in <task> and later ones in <feedback>/<user_message>. */
function unwrapPrompt(text: string): string {
  return text.replace(/^\s*<(task|feedback|user_message|answer)>\n?([\s\S]*?)\n?<\/\1>\s*$/, '$2').trim();
}

export function parseApiHistory(items: unknown[], taskId: string, drift: FormatDrift): NormalizedBatch {
  const out = emptyBatch();
  const calls = new Map<string, ToolCallRecord>();
  let lastTime: string | undefined;
  let workspace: string | undefined;
  const models = new Set<string>();
  const times: string[] = [];

  items.forEach((item, index) => {
    if (!isObject(item) || (item.role !== 'user' && item.role !== 'assistant')) {
      out.problems.push({ reason: `api_conversation_history[${index}]: not a message with role user or assistant` });
      return;
    }
    drift.fields(item, KNOWN_MESSAGE_FIELDS, 'message.');
    const blocks = contentBlocks(item.content);
    for (const b of blocks) if (!KNOWN_BLOCKS.has(String(b.type))) drift.kind(`block ${String(b.type)}`);
    const id = `${taskId}:${index}`;
    const base = { sessionNativeId: taskId, content: trimContent(item.content) };
    const ownTime = toIsoTime(asNumber(item.ts));

    if (item.role === 'user') {
      // The environment details close the turn, but say when all of it was sent.
      for (const block of blocks) {
        if (block.type !== 'text' || typeof block.text !== 'string' || !block.text.trimStart().startsWith(ENVIRONMENT_PREFIX)) continue;
        workspace ??= workingDirectory(block.text);
        lastTime = currentTime(block.text) ?? lastTime;
      }
      const time = ownTime ?? lastTime;
      const visible: string[] = [];
      for (const block of blocks) {
        if (block.type === 'tool_result') {
          resultFor(calls, asText(block.tool_use_id), toolResultText(block.content), block.is_error === true, time);
        } else if (block.type === 'text' && typeof block.text === 'string' && !isInjected(block.text)) {
          const result = TEXT_RESULT.exec(block.text);
          if (result) textResultFor(calls, result[1]!, block.text.slice(result[0].length), time);
          else visible.push(unwrapPrompt(block.text));
        }
      }
      if (time) times.push(time);
      const text = visible.filter(Boolean).join('\n\n');
      // A turn that only carries tool results and environment details is plumbing: its results are on the tool calls.
      if (text === '') return;
      out.messages.push({ ...base, id, role: 'user', text, time, isMeta: text.startsWith('[TASK RESUMPTION]') || undefined, ordinal: index * 2 + 1 });
      return;
    }

    const modelInfo = isObject(item.modelInfo) ? item.modelInfo : undefined;
    // Task files: modelInfo.modelId; SDK builds: modelInfo.id (older SDK files: a flat modelId).
    const model = asText(modelInfo?.modelId) ?? asText(modelInfo?.id) ?? asText(item.modelId);
    if (model) models.add(model);
    const time = ownTime ?? lastTime;
    const usage = sdkUsage(item.metrics, { key: `${id}`, sessionNativeId: taskId, messageId: id, time, model }, (reason) => out.problems.push({ reason: `api_conversation_history[${index}].metrics.${reason}` }));
    if (usage) out.usage.push(usage);
    const thinking = joinedText(blocks, 'thinking');
    if (thinking) {
      out.messages.push({ ...base, id: `${id}:thinking`, role: 'assistant', kind: 'thinking', text: thinking, time, model, isMeta: true, ordinal: index * 2, content: undefined });
    }
    const hasNativeCalls = blocks.some((b) => b.type === 'tool_use');
    // Without native tool calls, calls are XML in the text (older builds, some providers).
    const xml = hasNativeCalls ? undefined : xmlToolCalls(joinedText(blocks, 'text'));
    const message: MessageRecord = { ...base, id, role: 'assistant', text: (xml?.text ?? joinedText(blocks, 'text')).trim(), time, model, ordinal: index * 2 + 1 };
    out.messages.push(message);
    const addCall = (call: ToolCallRecord) => {
      calls.set(call.id, call);
      out.toolCalls.push(call);
    };
    for (const [n, block] of blocks.entries()) {
      if (block.type === 'tool_use') addCall({ id: asText(block.id) ?? `${id}:${n}`, sessionNativeId: taskId, messageId: id, name: asText(block.name), input: block.input, time });
    }
    for (const [n, call] of (xml?.calls ?? []).entries()) addCall({ id: `${id}:xml${n}`, sessionNativeId: taskId, messageId: id, name: call.name, input: call.input, time });
  });

  const sorted = times.sort();
  out.sessions.push({ nativeId: taskId, workspace, startedAt: sorted[0], endedAt: sorted.at(-1), models: [...models] });
  return out;
}

/**
 * Per-response usage in the SDK's messages (`metrics: {inputTokens, outputTokens, cacheReadTokens,
 * cacheWriteTokens, cost}`). Task files' `metrics.tokens` is not read: their usage is the
 * ui_messages rows (counting both would double it).
 */
function sdkUsage(metrics: unknown, base: Pick<UsageRecord, 'key' | 'sessionNativeId' | 'messageId' | 'time' | 'model'>, report: (reason: string) => void): UsageRecord | undefined {
  if (!isObject(metrics) || !['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'].some((k) => k in metrics)) return undefined;
  return {
    ...base,
    input: tokenCount(metrics.inputTokens, 'inputTokens', report),
    output: tokenCount(metrics.outputTokens, 'outputTokens', report),
    cacheRead: tokenCount(metrics.cacheReadTokens, 'cacheReadTokens', report),
    cacheCreation: tokenCount(metrics.cacheWriteTokens, 'cacheWriteTokens', report),
    reasoning: 0,
    // The file is rewritten whole; the newest save has the final counts.
    onConflict: 'replace',
  };
}

function resultFor(calls: Map<string, ToolCallRecord>, id: string | undefined, text: string, isError: boolean, time: string | undefined): void {
  const call = id === undefined ? undefined : calls.get(id);
  if (!call) return;
  call.result = text;
  call.isError = isError || undefined;
  call.resultTime = time;
}

/** `[read_file for 'x'] Result:` answers the earliest call of that tool still waiting for one. */
function textResultFor(calls: Map<string, ToolCallRecord>, name: string, text: string, time: string | undefined): void {
  for (const call of calls.values()) {
    if (call.result !== undefined || call.name !== name) continue;
    call.result = text;
    call.isError = /^\s*(\[ERROR\]|Error\b)/.test(text) || undefined;
    call.resultTime = time;
    return;
  }
}

