/**
 * A Continue session, `sessions/<sessionId>.json` (shared/docs/agent-log-formats.md section 8):
 * `{sessionId, title, workspaceDirectory, history: [{message: {role, content, toolCalls?},
 * toolCallStates?, promptLogs?, contextItems?, reasoning?}], chatModelTitle?, usage?}`, rewritten
 * whole on every save. Messages have no ids or times: they are keyed by session and index.
 * Usage is kept for the session as a whole (the only place Continue states it).
 */
import { isObject, type JsonObject } from '../json-read.js';
import { tokenCount } from '../token-count.js';
import { emptyBatch, type MessageRole, type NormalizedBatch, type ToolCallRecord } from '../types.js';
import { asArray, asText, parseMaybeJson } from '../vscode-family/json-shapes.js';
import { workspaceFromUri } from '../vscode-family/vscode-workspace.js';
import type { FormatDrift } from '../drift.js';

const KNOWN_SESSION = new Set(['sessionId', 'title', 'workspaceDirectory', 'history', 'mode', 'chatModelTitle', 'usage']);
const KNOWN_ITEM = new Set(['message', 'contextItems', 'editorState', 'toolCallStates', 'promptLogs', 'reasoning', 'isGatheringContext', 'appliedRules', 'conversationSummary']);
const ROLES: Record<string, MessageRole> = { user: 'user', assistant: 'assistant', thinking: 'assistant', system: 'system', tool: 'tool' };

/** Message content: a string, or parts `[{type: "text", text}, {type: "imageUrl", ...}]`. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .filter(isObject)
    .map((part) => (part.type === 'text' ? (asText(part.text) ?? '') : part.type === 'imageUrl' ? '[image]' : ''))
    .filter(Boolean)
    .join('\n');
}

/** A tool's output as text: Continue keeps a list of context items `{name, description, content}`. */
function outputText(output: unknown): string | undefined {
  if (output === undefined || output === null) return undefined;
  if (typeof output === 'string') return output;
  const parts = asArray(output).filter(isObject).map((item) => asText(item.content) ?? '');
  return parts.length ? parts.join('\n') : JSON.stringify(output);
}

function modelOf(item: JsonObject): string | undefined {
  for (const log of asArray(item.promptLogs).filter(isObject)) {
    const options = isObject(log.completionOptions) ? log.completionOptions : undefined;
    const model = asText(options?.model) ?? asText(log.modelTitle);
    if (model) return model;
  }
  return undefined;
}

export function parseContinueSession(value: unknown, fallbackId: string, drift: FormatDrift): NormalizedBatch {
  const out = emptyBatch();
  if (!isObject(value) || !Array.isArray(value.history)) {
    out.problems.push({ reason: 'wrong shape: expected {sessionId, history[]}' });
    return out;
  }
  drift.fields(value, KNOWN_SESSION, 'session.');
  const sessionId = asText(value.sessionId) ?? fallbackId;
  const models = new Set<string>();
  const calls = new Map<string, ToolCallRecord>();

  value.history.forEach((item, index) => {
    const message = isObject(item) && isObject(item.message) ? item.message : undefined;
    const role = message ? ROLES[String(message.role)] : undefined;
    if (!isObject(item) || !message || !role) {
      out.problems.push({ reason: `history[${index}]: not a message with a known role` });
      if (message) drift.kind(`role ${String(message.role)}`);
      return;
    }
    drift.fields(item, KNOWN_ITEM, 'item.');
    const id = `${sessionId}:${index}`;
    const model = role === 'assistant' ? modelOf(item) : undefined;
    if (model) models.add(model);
    if (role === 'tool') {
      // A tool message answers a call by its id; the call carries the result.
      const call = calls.get(asText(message.toolCallId) ?? '');
      if (call && call.result === undefined) call.result = contentText(message.content);
      return;
    }
    const thinking = message.role === 'thinking';
    out.messages.push({ id, sessionNativeId: sessionId, role, kind: thinking ? 'thinking' : undefined, isMeta: thinking || role === 'system' || undefined, text: contentText(message.content), model, ordinal: index });

    const states = new Map(asArray(item.toolCallStates).filter(isObject).map((s) => [asText(s.toolCallId) ?? '', s]));
    for (const [n, raw] of asArray(message.toolCalls).filter(isObject).entries()) {
      const fn = isObject(raw.function) ? raw.function : {};
      const callId = asText(raw.id) ?? `${id}:${n}`;
      const state = states.get(callId);
      const call: ToolCallRecord = { id: callId, sessionNativeId: sessionId, messageId: id, name: asText(fn.name), input: state?.parsedArgs ?? parseMaybeJson(fn.arguments) };
      const result = outputText(state?.output);
      if (result !== undefined) call.result = result;
      if (state?.status === 'errored' || state?.status === 'canceled') call.isError = true;
      calls.set(callId, call);
      out.toolCalls.push(call);
    }
  });

  const workspace = asText(value.workspaceDirectory);
  const chatModel = asText(value.chatModelTitle);
  if (models.size === 0 && chatModel) models.add(chatModel);
  out.sessions.push({ nativeId: sessionId, title: asText(value.title), workspace: workspace ? workspaceFromUri(workspace) : undefined, models: [...models] });

  if (isObject(value.usage)) {
    const usage = value.usage;
    const details = isObject(usage.promptTokensDetails) ? usage.promptTokensDetails : {};
    const report = (reason: string) => out.problems.push({ reason: `usage.${reason}` });
    out.usage.push({
      key: `${sessionId}:session`,
      sessionNativeId: sessionId,
      model: [...models][0],
      input: tokenCount(usage.promptTokens, 'promptTokens', report),
      output: tokenCount(usage.completionTokens, 'completionTokens', report),
      cacheRead: tokenCount(details.cachedTokens, 'promptTokensDetails.cachedTokens', report),
      cacheCreation: tokenCount(details.cacheWriteTokens, 'promptTokensDetails.cacheWriteTokens', report),
      reasoning: 0,
      // The session's running total: the newest save is the whole of it.
      onConflict: 'replace',
    });
  }
  return out;
}
