/**
 * OpenCode's newer message store, table `session_message` (packages/core/src/session/message.ts,
 * sql.ts): one row per message with `type` and the rest as JSON `data`; the assistant's text,
 * reasoning and tool calls are inside it (`content[]`) instead of `part` rows. Types: user,
 * assistant, shell (a command the user ran), synthetic and system (text OpenCode added),
 * compaction (a summary of what came before), agent-switched and model-switched. OpenCode fills it
 * from the older message/part tables once per session (backfill) and then writes only here, so a
 * session with rows here is read from here alone. Tokens mean what they mean in message-v2.
 */
import { isObject, str, type JsonObject } from '../json-read.js';
import type { MessageRecord, NormalizedBatch } from '../types.js';
import { toIsoTime } from '../vscode-family/json-shapes.js';
import { addUsage } from './records.js';

export interface V2Row {
  id: string;
  type: string;
  /** Creation time in ms: the message's place in its session, as for the older tables. */
  created: number;
  data: JsonObject;
}

const PART_SLOTS = 1000;

function modelOf(data: JsonObject): string | undefined {
  const model = data.model;
  if (typeof model === 'string') return model;
  return isObject(model) ? (str(model.id) ?? str(model.modelID)) : undefined;
}

function toolResult(state: JsonObject): string | undefined {
  if (typeof state.result === 'string') return state.result;
  const texts = Array.isArray(state.content) ? state.content.flatMap((c) => (isObject(c) && typeof c.text === 'string' ? [c.text] : [])) : [];
  if (texts.length > 0) return texts.join('\n');
  if (isObject(state.error)) return str(state.error.message) ?? JSON.stringify(state.error);
  return state.result === undefined ? undefined : JSON.stringify(state.result);
}

/** Adds one `session_message` row; returns its model (assistant). */
export function addV2Message(sessionId: string, row: V2Row, out: NormalizedBatch, where: string): string | undefined {
  const { data } = row;
  const times = isObject(data.time) ? data.time : {};
  const time = toIsoTime(times.created) ?? toIsoTime(row.created);
  const base = { sessionNativeId: sessionId, time, ordinal: row.created * PART_SLOTS };
  const message = (fields: Partial<MessageRecord> & Pick<MessageRecord, 'role' | 'text'>): MessageRecord => ({ id: row.id, ...base, ...fields });
  switch (row.type) {
    case 'user':
      out.messages.push(message({ role: 'user', text: str(data.text) ?? '' }));
      return undefined;
    case 'assistant':
      return addAssistant(sessionId, row, base, out, where);
    case 'shell': {
      const command = str(data.command) ?? '';
      out.messages.push(message({ role: 'user', kind: 'command', text: `!${command}` }));
      out.toolCalls.push({ id: str(data.callID) ?? `${row.id}:shell`, sessionNativeId: sessionId, messageId: row.id, name: 'shell', input: { command }, result: str(data.output), time, resultTime: toIsoTime(times.completed) });
      return undefined;
    }
    case 'synthetic':
    case 'system':
      out.messages.push(message({ role: 'system', kind: 'meta', isMeta: true, text: str(data.text) ?? '' }));
      return undefined;
    case 'compaction':
      out.messages.push(message({ role: 'assistant', kind: 'compact_summary', isMeta: true, text: str(data.summary) ?? '' }));
      return undefined;
    case 'agent-switched':
    case 'model-switched': {
      const what = row.type === 'agent-switched' ? `agent: ${JSON.stringify(data.agent)}` : `model: ${modelOf(data) ?? JSON.stringify(data.model)}`;
      out.messages.push(message({ role: 'system', kind: 'event', isMeta: true, text: what }));
      return undefined;
    }
    default:
      out.problems.push({ reason: `${where}: session_message ${row.id} has unknown type ${JSON.stringify(row.type)}: kept raw only` });
      return undefined;
  }
}

function addAssistant(sessionId: string, row: V2Row, base: { sessionNativeId: string; time?: string; ordinal: number }, out: NormalizedBatch, where: string): string | undefined {
  const { data } = row;
  const model = modelOf(data);
  const content = Array.isArray(data.content) ? data.content.filter(isObject) : [];
  const texts: string[] = [];
  let firstText = -1;
  content.forEach((item, index) => {
    const id = str(item.id) ?? `${row.id}:${index}`;
    if (item.type === 'text' && typeof item.text === 'string' && item.ignored !== true) {
      texts.push(item.text);
      if (firstText < 0) firstText = index;
    } else if (item.type === 'reasoning' && typeof item.text === 'string' && item.text !== '') {
      out.messages.push({ id, sessionNativeId: sessionId, parentId: row.id, role: 'assistant', kind: 'thinking', text: item.text, time: base.time, model, ordinal: base.ordinal + index });
    } else if (item.type === 'tool') {
      const state = isObject(item.state) ? item.state : {};
      const times = isObject(item.time) ? item.time : {};
      out.toolCalls.push({
        id,
        sessionNativeId: sessionId,
        messageId: row.id,
        name: str(item.name) ?? 'tool',
        input: state.input,
        result: toolResult(state),
        isError: state.status === 'error' ? true : undefined,
        time: toIsoTime(times.ran) ?? toIsoTime(times.created),
        resultTime: toIsoTime(times.completed),
      });
    }
  });
  const record: MessageRecord = { id: row.id, ...base, role: 'assistant', text: texts.join('\n\n'), model, ordinal: base.ordinal + Math.max(firstText, 0) };
  const cost = typeof data.cost === 'number' && Number.isFinite(data.cost) && data.cost > 0 ? data.cost : undefined;
  if (cost !== undefined || isObject(data.error)) record.content = { ...(cost !== undefined ? { costUsd: cost } : {}), ...(isObject(data.error) ? { error: data.error } : {}) };
  out.messages.push(record);
  addUsage(sessionId, row.id, data, model, out, where);
  return model;
}
