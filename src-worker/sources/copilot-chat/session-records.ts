/**
 * A VS Code chat session object (the `.json` file, or the `.jsonl` log replayed) as normalized
 * records. Every id derives from the session's own ids (sessionId, requestId), so the `.json`
 * and `.jsonl` copies of one session give the same records and re-parsing is an upsert.
 */
import { emptyBatch, type MessageRecord, type NormalizedBatch, type UsageRecord } from '../types.js';
import { asArray, asNumber, asText, isRecord, toIsoTime, type JsonObject } from '../vscode-family/json-shapes.js';
import { summarizeResponse } from './response-parts.js';
import { toolCallRecords } from './tool-invocations.js';

export interface SessionContext {
  /** Used when the object has no sessionId (VS Code names the file after it). */
  fallbackId: string;
  workspace?: string;
}

/** Ordinals leave room for the user message, thinking and response of each request. */
const ORDINAL_STEP = 10;

export function sessionBatch(session: JsonObject, ctx: SessionContext): NormalizedBatch {
  const batch = emptyBatch();
  // VS Code saves a session as soon as the chat view opens; one never sent to is not a session.
  if (asArray(session.requests).length === 0) return batch;
  const sessionId = asText(session.sessionId) ?? ctx.fallbackId;
  const models = new Set<string>();
  const times: string[] = [];

  asArray(session.requests).forEach((request, index) => {
    if (!isRecord(request)) {
      batch.problems.push({ reason: `request ${index} is not an object` });
      return;
    }
    const model = requestModel(request);
    if (model) models.add(model);
    const time = toIsoTime(request.timestamp);
    if (time) times.push(time);
    addRequest(batch, request, { sessionId, index, model, time });
    batch.raw.push({ text: JSON.stringify(request) });
  });

  const { requests: _requests, ...header } = session;
  batch.raw.push({ text: JSON.stringify(header) });
  batch.sessions.unshift({
    nativeId: sessionId,
    workspace: ctx.workspace,
    title: asText(session.customTitle),
    startedAt: toIsoTime(session.creationDate) ?? times[0],
    endedAt: toIsoTime(session.lastMessageDate) ?? times[times.length - 1],
    models: [...models],
    extra: compact({ initialLocation: asText(session.initialLocation), isImported: session.isImported === true || undefined }),
  });
  return batch;
}

interface RequestContext {
  sessionId: string;
  index: number;
  model?: string;
  time?: string;
}

function addRequest(batch: NormalizedBatch, request: JsonObject, ctx: RequestContext): void {
  const requestId = asText(request.requestId) ?? `${ctx.sessionId}:request:${ctx.index}`;
  const base = ctx.index * ORDINAL_STEP;
  const message = request.message;
  const userText = typeof message === 'string' ? message : isRecord(message) ? (asText(message.text) ?? '') : '';
  const attachments = attachmentNames(request.variableData);
  batch.messages.push({
    id: requestId,
    sessionNativeId: ctx.sessionId,
    role: 'user',
    time: ctx.time,
    text: userText,
    content: attachments.length > 0 ? [{ type: 'text', text: userText }, ...attachments.map((name) => ({ type: 'attachment', name }))] : undefined,
    ordinal: base,
  });

  const hasResponse = asArray(request.response).length > 0 || request.result !== undefined;
  if (!hasResponse) return; // still waiting for the first response part
  const summary = summarizeResponse(request.response);
  const responseId = `${requestId}:response`;
  const responseTime = responseTimeOf(request) ?? ctx.time;
  if (summary.thinking !== '') {
    batch.messages.push(assistantMessage(`${requestId}:thinking`, ctx, requestId, responseTime, summary.thinking, base + 1, 'thinking'));
  }
  const response = assistantMessage(responseId, ctx, requestId, responseTime, summary.text, base + 2);
  response.content = summary.blocks;
  batch.messages.push(response);
  batch.toolCalls.push(...toolCallRecords(summary.toolInvocations, request.result, ctx.sessionId, responseId));
  const usage = usageOf(request.result, { key: requestId, sessionNativeId: ctx.sessionId, messageId: responseId, time: responseTime, model: ctx.model });
  if (usage) batch.usage.push(usage);
}

function assistantMessage(
  id: string,
  ctx: RequestContext,
  parentId: string,
  time: string | undefined,
  text: string,
  ordinal: number,
  kind?: string,
): MessageRecord {
  return { id, sessionNativeId: ctx.sessionId, parentId, role: 'assistant', kind, time, model: ctx.model, text, ordinal };
}

/** The model id without VS Code's `copilot/` vendor prefix, else the name in result.details ("GPT-4o • 0x"). */
export function requestModel(request: JsonObject): string | undefined {
  const id = asText(request.modelId);
  if (id) return id.startsWith('copilot/') ? id.slice('copilot/'.length) : id;
  const details = isRecord(request.result) ? asText(request.result.details) : undefined;
  return details?.split(' • ')[0]?.trim() || undefined;
}

/** When the response finished: modelState.completedAt, else start + totalElapsed. */
function responseTimeOf(request: JsonObject): string | undefined {
  const state = isRecord(request.modelState) ? request.modelState : undefined;
  const completed = toIsoTime(state?.completedAt);
  if (completed) return completed;
  const start = asNumber(request.timestamp);
  const timings = isRecord(request.result) && isRecord(request.result.timings) ? request.result.timings : undefined;
  const elapsed = asNumber(timings?.totalElapsed);
  return start !== undefined && elapsed !== undefined ? toIsoTime(start + elapsed) : undefined;
}

/**
 * result.usage of newer builds. `input` counts uncached prompt tokens (cached ones go to
 * cacheRead) when the build reports a cached count; promptTokenDetails as seen in 2026 is a
 * percentage breakdown by category, not a count, and is ignored. One row per request; VS Code
 * rewrites the session file as the response completes, so the last copy wins ('replace').
 */
function usageOf(result: unknown, base: Pick<UsageRecord, 'key' | 'sessionNativeId' | 'messageId' | 'time' | 'model'>): UsageRecord | undefined {
  const usage = isRecord(result) && isRecord(result.usage) ? result.usage : undefined;
  if (!usage) return undefined;
  const prompt = asNumber(usage.promptTokens) ?? 0;
  const output = asNumber(usage.completionTokens) ?? 0;
  if (prompt === 0 && output === 0) return undefined;
  const details = isRecord(usage.promptTokenDetails) ? usage.promptTokenDetails : undefined;
  const cached = Math.min(prompt, asNumber(details?.cachedTokens) ?? asNumber(details?.cached_tokens) ?? 0);
  return { ...base, input: prompt - cached, output, cacheRead: cached, cacheCreation: 0, reasoning: 0, onConflict: 'replace' };
}

function attachmentNames(variableData: unknown): string[] {
  const variables = isRecord(variableData) ? asArray(variableData.variables) : [];
  return variables.map((v) => (isRecord(v) ? asText(v.name) : undefined)).filter((n): n is string => !!n);
}

function compact(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
