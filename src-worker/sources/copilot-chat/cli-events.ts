/**
 * GitHub Copilot CLI (a different product from Copilot Chat in VS Code; stored under the same
 * agent with extra.product = 'copilot-cli'): `~/.copilot/session-state/<id>/events.jsonl`, an
 * append-only event log. Events: session.start, session.model_change, user.message,
 * assistant.message (text, reasoningText, toolRequests), tool.execution_start/complete,
 * session.task_complete, session.shutdown (per-model token totals), and UI-only ones.
 */
import { parseJsonValues } from '../json-values.js';
import { emptyBatch, type AppendHandler, type FileContext, type NormalizedBatch, type ParserState, type RawLine, type SessionRecord } from '../types.js';
import { asNumber, asText, isRecord, resultText, toIsoTime, type JsonObject } from '../vscode-family/json-shapes.js';
import { assistantReply, toolRequestsOf, type MessagePlace } from './assistant-message.js';
import { classifyCopilotPath } from './paths.js';

export const CLI_EXTRA = { product: 'copilot-cli' } as const;

interface EventContext {
  batch: NormalizedBatch;
  sessionId: string;
  state: ParserState;
  session: SessionRecord;
  line: RawLine;
}

export function parseCliEventLines(lines: RawLine[], file: FileContext, state: ParserState): NormalizedBatch {
  const batch = emptyBatch();
  const info = classifyCopilotPath(file.relPath);
  const sessionId = info?.kind === 'cli-events' ? info.sessionId : file.relPath;
  // Facts from session.start live in state, so later batches (after a restart too) repeat them.
  const known = isRecord(state.session) ? (state.session as Partial<SessionRecord>) : {};
  const session: SessionRecord = { extra: { ...CLI_EXTRA }, ...known, nativeId: sessionId };
  for (const line of lines) {
    batch.raw.push({ text: line.text, offset: line.offset, line: line.line });
    const { values, error } = parseJsonValues(line.text);
    if (error) batch.problems.push({ line: line.line, offset: line.offset, reason: `unparseable event: ${error}` });
    for (const event of values) {
      if (!isRecord(event)) {
        batch.problems.push({ line: line.line, offset: line.offset, reason: 'event is not an object' });
        continue;
      }
      applyEvent(event, { batch, sessionId, state, session, line });
    }
  }
  if (typeof state.model === 'string') session.models = [state.model];
  if (batch.messages.length > 0 || batch.usage.length > 0 || session.startedAt || session.endedAt) batch.sessions.push(session);
  return batch;
}

function applyEvent(event: JsonObject, ctx: EventContext): void {
  const data = isRecord(event.data) ? event.data : {};
  const time = toIsoTime(event.timestamp);
  if (time && (!ctx.session.endedAt || time > ctx.session.endedAt)) ctx.session.endedAt = time;
  const id = asText(event.id) ?? `${ctx.sessionId}:${ctx.line.offset}`;
  const { batch, sessionId, line } = ctx;
  const at = { sessionNativeId: sessionId, time, line: line.line, ordinal: line.offset };

  switch (event.type) {
    case 'session.start':
    case 'session.resume':
      applyContext(ctx.session, data, time);
      ctx.state.session = { startedAt: ctx.session.startedAt, workspace: ctx.session.workspace, gitBranch: ctx.session.gitBranch, extra: ctx.session.extra };
      return;
    case 'session.model_change':
      if (asText(data.newModel)) ctx.state.model = data.newModel;
      return;
    case 'user.message': {
      const typed = asText(data.content);
      // Autopilot nudges have no typed content, only the text sent to the model.
      const text = typed ?? asText(data.transformedContent) ?? '';
      batch.messages.push({ id, role: 'user', text, isMeta: typed ? undefined : true, kind: typed ? undefined : 'meta', ...at });
      return;
    }
    case 'assistant.message':
      addAssistantMessage(ctx, data, id, at);
      return;
    case 'tool.execution_start':
      if (asText(data.toolCallId)) {
        batch.toolCalls.push({ id: data.toolCallId as string, sessionNativeId: sessionId, name: asText(data.toolName), input: data.arguments, time });
      }
      return;
    case 'tool.execution_complete': {
      if (!asText(data.toolCallId)) return;
      const result = isRecord(data.result) ? (data.result.content ?? data.result.detailedContent) : data.result;
      const error = isRecord(data.error) ? data.error.message : data.error;
      batch.toolCalls.push({
        id: data.toolCallId as string,
        sessionNativeId: sessionId,
        result: resultText(result ?? error),
        isError: data.success === false ? true : undefined,
        resultTime: time,
      });
      return;
    }
    case 'session.task_complete':
      if (asText(data.summary)) batch.messages.push({ id, role: 'assistant', kind: 'summary', text: data.summary as string, ...at });
      return;
    case 'session.shutdown':
      addShutdownUsage(ctx, data, id, time);
      return;
    default:
    // Other events (turn boundaries, mode changes, info, system prompt) are kept as raw only.
  }
}

function applyContext(session: SessionRecord, data: JsonObject, time: string | undefined): void {
  // A resume keeps the original start; the collector keeps the earliest startedAt anyway.
  session.startedAt = session.startedAt ?? toIsoTime(data.startTime) ?? time;
  const context = isRecord(data.context) ? data.context : {};
  session.workspace = asText(context.cwd) ?? asText(context.gitRoot);
  session.gitBranch = asText(context.branch);
  session.extra = { ...CLI_EXTRA, copilotVersion: asText(data.copilotVersion), repository: asText(context.repository) };
}

function addAssistantMessage(ctx: EventContext, data: JsonObject, id: string, at: MessagePlace): void {
  const model = typeof ctx.state.model === 'string' ? ctx.state.model : undefined;
  const reasoning = asText(data.reasoningText);
  if (reasoning) ctx.batch.messages.push({ id: `${id}:thinking`, parentId: id, role: 'assistant', kind: 'thinking', model, text: reasoning, ...at });
  ctx.batch.messages.push(assistantReply(data, id, at, model));
  for (const request of toolRequestsOf(data)) {
    const callId = asText(request.toolCallId);
    if (callId) ctx.batch.toolCalls.push({ id: callId, sessionNativeId: ctx.sessionId, messageId: id, name: asText(request.name), input: request.arguments, time: at.time });
  }
}

/**
 * session.shutdown carries the run's token totals per model; the per-message outputTokens are
 * a subset of these, so only the totals are counted. `input` excludes cache reads. One row per
 * shutdown event and model; the file is append-only, so a re-read copy keeps the first ('keep-first').
 */
function addShutdownUsage(ctx: EventContext, data: JsonObject, id: string, time: string | undefined): void {
  const metrics = isRecord(data.modelMetrics) ? data.modelMetrics : {};
  for (const [model, metric] of Object.entries(metrics)) {
    const usage = isRecord(metric) && isRecord(metric.usage) ? metric.usage : undefined;
    if (!usage) continue;
    const input = asNumber(usage.inputTokens) ?? 0;
    const cacheRead = Math.min(input, asNumber(usage.cacheReadTokens) ?? 0);
    ctx.batch.usage.push({
      key: `${id}:${model}`,
      sessionNativeId: ctx.sessionId,
      time,
      model,
      input: input - cacheRead,
      output: asNumber(usage.outputTokens) ?? 0,
      cacheRead,
      cacheCreation: asNumber(usage.cacheWriteTokens) ?? 0,
      reasoning: asNumber(usage.reasoningTokens) ?? 0,
    });
  }
}

export const cliEventsHandler: AppendHandler = {
  kind: 'append',
  parseLines: (lines, file, state) => parseCliEventLines(lines, file, state),
};
