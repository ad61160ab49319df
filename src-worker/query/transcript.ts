import type { SessionTranscript, ToolCallView, TranscriptEntry, TranscriptMessage } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { resumeCommandFor } from './resume-command.js';
import { findSession } from './session-lookup.js';
import { toSessionSummary } from './session-row.js';

export const DEFAULT_MAX_RESULT_CHARS = 2000;

interface MessageRow {
  id: string;
  parent_id: string | null;
  role: string;
  kind: string;
  time: string | null;
  model: string | null;
  text: string;
  is_sidechain: number;
  is_meta: number;
  file_id: number | null;
}

interface ToolCallRow {
  id: string;
  message_id: string | null;
  name: string;
  input: string | null;
  result: string | null;
  result_chars: number;
  is_error: number;
  time: string | null;
  result_time: string | null;
}

function toolCallView(row: ToolCallRow): ToolCallView {
  return {
    id: row.id,
    name: row.name,
    input: row.input,
    result: row.result,
    resultChars: row.result_chars,
    resultTruncated: row.result !== null && row.result.length < row.result_chars,
    isError: row.is_error === 1,
    time: row.time,
    resultTime: row.result_time,
  };
}

function timeOf(entry: TranscriptEntry): string | null {
  return entry.type === 'message' ? entry.time : (entry.call.time ?? entry.call.resultTime);
}

/**
 * Merges per-file runs (ordered by ordinal inside each file) by time. An ordinal is a byte
 * offset or an index within ONE file, so a subagent's file or a resumed session's second file
 * cannot be ordered by it against the main file; time orders the runs, ordinal keeps each
 * file's own order even where its clock is off.
 */
export function mergeRunsByTime(runs: TranscriptEntry[][]): TranscriptEntry[] {
  const heads = runs.map(() => 0);
  const lastTime = runs.map(() => '');
  const out: TranscriptEntry[] = [];
  for (;;) {
    let pick = -1;
    let pickTime = '';
    for (let r = 0; r < runs.length; r++) {
      const entry = runs[r]![heads[r]!];
      if (!entry) continue;
      const t = timeOf(entry) ?? lastTime[r]!;
      if (pick < 0 || t < pickTime) {
        pick = r;
        pickTime = t;
      }
    }
    if (pick < 0) return out;
    const entry = runs[pick]![heads[pick]!++]!;
    lastTime[pick] = timeOf(entry) ?? lastTime[pick]!;
    out.push(entry);
  }
}

/** One session's messages and tool calls in conversation order, tool calls under their message. */
export function getTranscript(db: ReadableDb, id: string, maxResultChars = DEFAULT_MAX_RESULT_CHARS): SessionTranscript {
  if (!Number.isInteger(maxResultChars) || maxResultChars < 0) {
    throw new DevlogError(ErrorCodes.BadRequest, `maxResultChars must be a whole number >= 0 (got ${maxResultChars})`, 'maxResultChars');
  }
  const session = findSession(db, id);
  const messages = db
    .prepare(
      `SELECT id, parent_id, role, kind, time, model, text, is_sidechain, is_meta, file_id
         FROM messages WHERE session_id = ? ORDER BY file_id, ordinal, time, rowid`,
    )
    .all(session.id) as MessageRow[];
  const calls = db
    .prepare(
      `SELECT id, message_id, name, input, ${maxResultChars > 0 ? 'substr(result, 1, @max)' : 'result'} AS result,
              coalesce(length(result), 0) AS result_chars, is_error, time, result_time
         FROM tool_calls WHERE session_id = @sid ORDER BY coalesce(time, result_time), rowid`,
    )
    .all({ sid: session.id, max: maxResultChars }) as ToolCallRow[];

  const byMessage = new Map<string, ToolCallView[]>();
  const orphans: TranscriptEntry[] = [];
  const messageIds = new Set(messages.map((m) => m.id));
  for (const call of calls) {
    if (call.message_id && messageIds.has(call.message_id)) {
      const list = byMessage.get(call.message_id) ?? [];
      list.push(toolCallView(call));
      byMessage.set(call.message_id, list);
    } else {
      orphans.push({ type: 'tool_call', call: toolCallView(call) });
    }
  }

  const runs = new Map<number, TranscriptEntry[]>();
  for (const m of messages) {
    const toolCalls = byMessage.get(m.id) ?? [];
    // Tool-result lines and empty blocks carry nothing their tool call does not show.
    if (m.text.trim() === '' && toolCalls.length === 0) continue;
    const entry: TranscriptMessage = {
      type: 'message',
      id: m.id,
      parentId: m.parent_id,
      role: m.role,
      kind: m.kind,
      time: m.time,
      model: m.model,
      text: m.text,
      isSidechain: m.is_sidechain === 1,
      isMeta: m.is_meta === 1,
      toolCalls,
    };
    const run = runs.get(m.file_id ?? -1) ?? [];
    run.push(entry);
    runs.set(m.file_id ?? -1, run);
  }
  const entries = mergeRunsByTime([...runs.values(), orphans]);
  const summary = toSessionSummary(session);
  const extra = db.prepare('SELECT extra FROM sessions WHERE id = ?').pluck().get(session.id) as string | null;
  const resume = resumeCommandFor({ ...summary, extra });
  return resume ? { session: summary, resumeCommand: resume, entries } : { session: summary, entries };
}
