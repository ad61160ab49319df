/**
 * Legacy Copilot CLI sessions (late 2025): `~/.copilot/history-session-state/<id>.json`,
 * rewritten whole: {sessionId, startTime, chatMessages[], timeline[]}. The timeline is what the
 * user saw (user / copilot / info / tool_call_* entries, with ids and times); chatMessages is
 * the model transcript (OpenAI shape, no ids or times) and is read only when there is no
 * timeline, since both describe the same conversation.
 */
import { joinRecords, rebuildEnvelope } from '../raw-content.js';
import { emptyBatch, RetryLaterError, type NormalizedBatch, type RawRecord, type WholeFileHandler } from '../types.js';
import { asArray, asText, isRecord, parseMaybeJson, resultText, toIsoTime, type JsonObject } from '../vscode-family/json-shapes.js';
import { CLI_EXTRA } from './cli-events.js';
import { classifyCopilotPath } from './paths.js';
import { isUnclosed } from './session-file.js';

export function parseCliLegacySession(content: string, fallbackId: string): NormalizedBatch {
  const batch = emptyBatch();
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    if (content.trim() === '' || isUnclosed(content)) throw new RetryLaterError('Copilot CLI session JSON ends early (being written)');
    batch.problems.push({ reason: `invalid JSON: ${(err as Error).message}` });
    return batch;
  }
  if (!isRecord(doc)) {
    batch.problems.push({ reason: 'Copilot CLI session is not a JSON object' });
    return batch;
  }
  const sessionId = asText(doc.sessionId) ?? fallbackId;
  const timeline = asArray(doc.timeline).filter(isRecord);
  const chatMessages = asArray(doc.chatMessages).filter(isRecord);
  if (timeline.length > 0) addTimeline(batch, sessionId, timeline);
  else addChatMessages(batch, sessionId, chatMessages);
  const times = batch.messages.map((m) => m.time).filter((t): t is string => !!t).sort();
  batch.sessions.push({
    nativeId: sessionId,
    startedAt: toIsoTime(doc.startTime) ?? times[0],
    endedAt: times[times.length - 1],
    extra: { ...CLI_EXTRA, format: 'history-session-state' },
  });
  // Raw per entry, so a rewrite that only appends stores only the new entries.
  const { timeline: _t, chatMessages: _c, ...header } = doc;
  for (const item of [header, ...(timeline.length > 0 ? timeline : chatMessages)]) batch.raw.push({ text: JSON.stringify(item) });
  return batch;
}

const TIMELINE_ROLES: Record<string, 'user' | 'assistant' | 'system'> = { user: 'user', copilot: 'assistant', info: 'system', error: 'system' };

function addTimeline(batch: NormalizedBatch, sessionId: string, timeline: JsonObject[]): void {
  let lastAssistantId: string | undefined;
  timeline.forEach((entry, index) => {
    const id = asText(entry.id) ?? `${sessionId}:timeline:${index}`;
    const time = toIsoTime(entry.timestamp);
    const type = asText(entry.type) ?? '';
    const role = TIMELINE_ROLES[type];
    if (role) {
      const meta = role === 'system';
      batch.messages.push({ id, sessionNativeId: sessionId, role, kind: meta ? 'event' : undefined, isMeta: meta || undefined, time, text: asText(entry.text) ?? '', ordinal: index });
      if (role === 'assistant') lastAssistantId = id;
    } else if (type.startsWith('tool_call')) {
      const result = isRecord(entry.result) ? entry.result : undefined;
      batch.toolCalls.push({
        id: asText(entry.callId) ?? id,
        sessionNativeId: sessionId,
        messageId: lastAssistantId,
        name: asText(entry.name),
        input: entry.arguments,
        result: result ? resultText(result.log ?? result.content ?? result) : undefined,
        isError: result && result.type !== undefined && result.type !== 'success' ? true : undefined,
        time,
      });
    }
  });
}

function addChatMessages(batch: NormalizedBatch, sessionId: string, messages: JsonObject[]): void {
  messages.forEach((message, index) => {
    const id = `${sessionId}:chat:${index}`;
    const role = message.role;
    if (role === 'tool') {
      const callId = asText(message.tool_call_id);
      if (callId) batch.toolCalls.push({ id: callId, sessionNativeId: sessionId, result: resultText(message.content) });
      return;
    }
    if (role !== 'user' && role !== 'assistant' && role !== 'system') return;
    batch.messages.push({ id, sessionNativeId: sessionId, role, isMeta: role === 'system' || undefined, text: contentText(message.content), ordinal: index });
    for (const call of asArray(message.tool_calls).filter(isRecord)) {
      const fn = isRecord(call.function) ? call.function : {};
      const callId = asText(call.id);
      if (callId) batch.toolCalls.push({ id: callId, sessionNativeId: sessionId, messageId: id, name: asText(fn.name), input: parseMaybeJson(fn.arguments) });
    }
  });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** Raw records: the header, then timeline entries (`type`) or, without a timeline, chat messages (`role`). */
function rebuildCliLegacy(records: RawRecord[]): string {
  const first = records[1] ? (parseMaybeJson(records[1].text) as unknown) : undefined;
  const field = isRecord(first) && first.role !== undefined && first.type === undefined ? 'chatMessages' : 'timeline';
  return rebuildEnvelope(records, field) ?? joinRecords(records);
}

export const cliLegacyHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile(content, file) {
    const info = classifyCopilotPath(file.relPath);
    return parseCliLegacySession(content, info?.kind === 'cli-legacy' ? info.sessionId : file.relPath);
  },
  parseRecords(records, file, state) {
    return cliLegacyHandler.parseFile(rebuildCliLegacy(records), file, state);
  },
};
