/**
 * Copilot Chat's own event log of a chat, `workspaceStorage/<id>/GitHub.copilot-chat/transcripts/
 * <sessionId>.jsonl` (2026 builds; shapes per the extension's sessionTranscriptService.ts):
 * append-only entries `{type, data, id, timestamp, parentId}` of types session.start (cwd,
 * versions), user.message, assistant.turn_start/turn_end, assistant.message (content,
 * reasoningText, toolRequests), tool.execution_start/complete and assistant.usage (model and
 * token counts of one model call).
 *
 * The session id is VS Code's own, so the chat is the same session as its `chatSessions/` file.
 * That file has the same prompts and replies under its own ids (request ids) and, in newer builds,
 * each request's tokens: when it exists, the transcript adds only its tool calls (same tool call
 * ids: they fill in arguments and results); only a chat whose session file is gone (VS Code keeps
 * the newest few hundred) or not written yet takes its messages and usage from the transcript.
 * Once a read finds the session file, that is kept in the parser state for the file's later lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonValues } from '../json-values.js';
import { tryParseJson } from '../json-read.js';
import { emptyBatch, type AppendHandler, type FileContext, type NormalizedBatch, type ParserState, type RawLine, type SessionRecord } from '../types.js';
import { asText, isRecord, resultText, toIsoTime, type JsonObject } from '../vscode-family/json-shapes.js';
import { readWorkspaceJson } from '../vscode-family/vscode-workspace.js';
import { tokenCount } from '../token-count.js';
import { assistantReply, toolRequestsOf, type MessagePlace } from './assistant-message.js';
import { classifyCopilotPath } from './paths.js';

// Marks the session as having a transcript (extra keys merge, so this never hides the session file's own facts).
const EXTRA = { transcript: true } as const;

interface TranscriptState {
  /** The chat's `chatSessions/` file was there at a read: messages and usage come from it from then on. */
  sessionFileHolds?: boolean;
  session?: Partial<SessionRecord>;
}

function sessionFileExists(file: FileContext, storageId: string, sessionId: string): boolean {
  const dir = path.join(file.root, 'workspaceStorage', storageId, 'chatSessions');
  return fs.existsSync(path.join(dir, `${sessionId}.jsonl`)) || fs.existsSync(path.join(dir, `${sessionId}.json`));
}

export function parseTranscriptLines(lines: RawLine[], file: FileContext, parserState: ParserState): NormalizedBatch {
  const batch = emptyBatch();
  const info = classifyCopilotPath(file.relPath);
  if (info?.kind !== 'vscode-transcript') return batch;
  const state = parserState as TranscriptState;
  // Once the session file is there it stays the source (VS Code pruning it later leaves devlog's rows).
  if (state.sessionFileHolds !== true) state.sessionFileHolds = sessionFileExists(file, info.workspaceStorageId, info.sessionId);
  const own = !state.sessionFileHolds;
  const session: SessionRecord = {
    workspace: readWorkspaceJson(path.join(file.root, 'workspaceStorage', info.workspaceStorageId)),
    extra: { ...EXTRA },
    ...state.session,
    nativeId: info.sessionId,
  };
  for (const line of lines) {
    batch.raw.push({ text: line.text, offset: line.offset, line: line.line });
    const { values, error } = parseJsonValues(line.text);
    if (error) batch.problems.push({ line: line.line, offset: line.offset, reason: `line ${line.line}: unparseable entry: ${error}` });
    for (const entry of values) {
      if (isRecord(entry)) applyEntry(entry, { batch, session, sessionId: info.sessionId, own, line });
      else batch.problems.push({ line: line.line, offset: line.offset, reason: `line ${line.line}: entry is not an object` });
    }
  }
  state.session = { startedAt: session.startedAt, workspace: session.workspace, extra: session.extra };
  if (lines.length > 0) batch.sessions.push(session);
  return batch;
}

interface EntryContext {
  batch: NormalizedBatch;
  session: SessionRecord;
  sessionId: string;
  /** Messages and usage are taken from this file. */
  own: boolean;
  line: RawLine;
}

function applyEntry(entry: JsonObject, ctx: EntryContext): void {
  const data = isRecord(entry.data) ? entry.data : {};
  const time = toIsoTime(entry.timestamp);
  const { batch, session, sessionId, line } = ctx;
  if (time && (!session.endedAt || time > session.endedAt)) session.endedAt = time;
  if (time && (!session.startedAt || time < session.startedAt)) session.startedAt = time;
  const id = asText(entry.id) ?? `${sessionId}:${line.offset}`;
  const at = { sessionNativeId: sessionId, time, line: line.line, ordinal: line.offset };
  switch (entry.type) {
    case 'session.start': {
      const context = isRecord(data.context) ? data.context : {};
      session.startedAt = toIsoTime(data.startTime) ?? session.startedAt;
      session.workspace = asText(context.cwd) ?? session.workspace;
      session.extra = { ...EXTRA, copilotVersion: asText(data.copilotVersion), vscodeVersion: asText(data.vscodeVersion) };
      return;
    }
    case 'user.message':
      if (ctx.own) batch.messages.push({ id, role: 'user', text: asText(data.content) ?? '', ...at });
      return;
    case 'assistant.message':
      addAssistantMessage(data, id, at, ctx);
      return;
    case 'tool.execution_start':
      if (asText(data.toolCallId)) batch.toolCalls.push({ id: data.toolCallId as string, sessionNativeId: sessionId, name: asText(data.toolName), input: data.arguments, time });
      return;
    case 'tool.execution_complete':
      if (!asText(data.toolCallId)) return;
      batch.toolCalls.push({
        id: data.toolCallId as string,
        sessionNativeId: sessionId,
        result: resultText(isRecord(data.result) ? data.result.content : data.result),
        isError: data.success === false ? true : undefined,
        resultTime: time,
      });
      return;
    case 'assistant.usage':
      if (ctx.own) addUsage(data, id, at.time, ctx);
      return;
    default:
    // Turn boundaries and entry kinds added later are kept raw only.
  }
}

function addAssistantMessage(data: JsonObject, id: string, at: MessagePlace, ctx: EntryContext): void {
  if (ctx.own) {
    const reasoning = asText(data.reasoningText);
    if (reasoning) ctx.batch.messages.push({ id: `${id}:thinking`, role: 'assistant', kind: 'thinking', text: reasoning, ...at });
    ctx.batch.messages.push(assistantReply(data, id, at));
  }
  for (const request of toolRequestsOf(data)) {
    const callId = asText(request.toolCallId);
    if (!callId) continue;
    // Arguments are the model's JSON text.
    const input = typeof request.arguments === 'string' ? (tryParseJson(request.arguments) ?? request.arguments) : request.arguments;
    ctx.batch.toolCalls.push({ id: callId, sessionNativeId: ctx.sessionId, messageId: ctx.own ? id : undefined, name: asText(request.name), input, time: at.time });
  }
}

/** One model call's tokens; `inputTokens` includes the cached part (as in the Copilot CLI's events). */
function addUsage(data: JsonObject, id: string, time: string | undefined, ctx: EntryContext): void {
  const report = (reason: string) => ctx.batch.problems.push({ line: ctx.line.line, offset: ctx.line.offset, reason: `line ${ctx.line.line}: ${reason}` });
  const count = (field: string) => tokenCount(data[field], field, report);
  const input = count('inputTokens');
  const cacheRead = Math.min(input, count('cacheReadTokens'));
  const output = count('outputTokens');
  const model = asText(data.model);
  if (input + output === 0) return;
  if (model) ctx.session.models = [...new Set([...(ctx.session.models ?? []), model])];
  ctx.batch.usage.push({
    key: id,
    sessionNativeId: ctx.sessionId,
    time,
    model,
    input: input - cacheRead,
    output,
    cacheRead,
    cacheCreation: count('cacheCreationInputTokens'),
    reasoning: 0,
  });
}

export const vscodeTranscriptHandler: AppendHandler = { kind: 'append', parseLines: parseTranscriptLines };
