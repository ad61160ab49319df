/**
 * The AppendHandler for Codex JSONL rollouts. Lines have no ids, so a record's id is
 * `${threadId}:${byteOffset}` (offsets never move in an append-only file). Facts from earlier
 * lines (thread id, cwd, model, ...) live in the cursor's ParserState, because a resumed session
 * appends to the same file and those lines arrive in a later call.
 *
 * Duplicates: the user's prompt is written twice, as a response_item user message and as
 * event_msg/user_message. The response_item is kept (every build writes it, early builds write
 * only it) and event_msg/user_message is raw only; likewise event_msg agent_message and
 * agent_reasoning, which repeat response items.
 */
import path from 'node:path';
import { parseJsonValues } from '../json-values.js';
import { emptyBatch, type FileContext, type NormalizedBatch, type ParserState, type RawLine } from '../types.js';
import { classifyLine, lineTime } from './line-kinds.js';
import { addResponseItem } from './response-items.js';
import { applySessionMeta, applyTurnContext, BatchFacts, sessionRecord } from './session-facts.js';
import { readRolloutState, writeRolloutState, type RolloutState } from './state.js';
import { usageFromTokenCount, type UsageContext } from './token-usage.js';
import { isObject, str, toIso, type JsonObject } from '../json-read.js';
import { noteDrift } from '../drift.js';

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i;

/** The thread id in `rollout-<time>-<uuid>.jsonl`, else the file's name: used until a session_meta says otherwise. */
export function threadIdFromPath(filePath: string): string {
  const name = path.basename(filePath);
  return UUID_AT_END.exec(name)?.[1]?.toLowerCase() ?? name.replace(/\.jsonl?$/i, '');
}

interface Position {
  line: RawLine;
  /** Index of the value on its line (a line may hold several JSON values). */
  index: number;
}

export function parseRolloutLines(lines: RawLine[], file: FileContext, parserState: ParserState): NormalizedBatch {
  const state = readRolloutState(parserState);
  const out = emptyBatch();
  const batch = new BatchFacts();
  const fallbackId = threadIdFromPath(file.path);
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    out.raw.push({ text: line.text, offset: line.offset, line: line.line });
    const { values, error } = parseJsonValues(line.text);
    values.forEach((value, index) => parseValue(value, { line, index }, state, fallbackId, batch, out));
    if (error !== undefined) out.problems.push({ line: line.line, offset: line.offset, reason: `invalid JSON: ${error}` });
  }
  if (out.raw.length > 0) out.sessions.push(sessionRecord(state, batch, state.threadId ?? fallbackId));
  writeRolloutState(parserState, state);
  return out;
}

function parseValue(value: unknown, pos: Position, state: RolloutState, fallbackId: string, batch: BatchFacts, out: NormalizedBatch): void {
  const kind = classifyLine(value);
  const time = toIso(lineTime(value));
  batch.time(time);
  if (kind.kind === 'problem') {
    out.problems.push({ line: pos.line.line, offset: pos.line.offset, reason: kind.reason });
    if (kind.reason.startsWith('unknown record kind')) noteDrift(out, typeof state.extra?.cli_version === 'string' ? state.extra.cli_version : undefined, `kind ${isObject(value) ? String(value.type) : '?'}`);
    return;
  }
  if (kind.kind === 'session_meta') {
    applySessionMeta(kind.payload, state, fallbackId, time);
    return;
  }
  state.threadId ??= fallbackId;
  const threadId = state.threadId;
  const suffix = pos.index === 0 ? '' : `.${pos.index}`;
  const recordId = `${threadId}:${pos.line.offset}${suffix}`;
  switch (kind.kind) {
    case 'turn_context': {
      const model = applyTurnContext(kind.payload, state);
      if (model !== undefined) batch.models.add(model);
      return;
    }
    case 'response_item':
      addResponseItem(kind.payload, {
        sessionId: threadId,
        recordId,
        callIdPrefix: threadId,
        ordinal: pos.line.offset + pos.index,
        line: pos.line.line,
        time,
        model: state.model,
      }, out);
      return;
    case 'event_msg':
      return parseEvent(kind.payload, { sessionId: threadId, positionKey: recordId, time, report: (reason) => out.problems.push({ line: pos.line.line, offset: pos.line.offset, reason }) }, state, out);
    case 'compacted':
      out.messages.push({
        id: recordId,
        sessionNativeId: threadId,
        role: 'user',
        kind: 'compact_summary',
        isMeta: true,
        text: str(kind.payload.message) ?? '',
        time,
        ordinal: pos.line.offset + pos.index,
        line: pos.line.line,
      });
      return;
    default: // raw_only
      return;
  }
}

function parseEvent(payload: JsonObject, ctx: UsageContext, state: RolloutState, out: NormalizedBatch): void {
  if (payload.type === 'token_count') {
    const usage = usageFromTokenCount(payload, ctx, state);
    if (usage !== undefined) out.usage.push(usage);
  } else if (payload.type === 'thread_name_updated') {
    state.title = str(payload.thread_name) ?? state.title;
  }
  // Every other event (user_message, agent_message, exec_command_end, task_*, ...) is raw only.
}
