/**
 * An OpenCode session as normalized records, the same from both storage layouts (JSON files of
 * older releases, the SQLite database of newer ones). Shapes per OpenCode's own source
 * (packages/opencode/src/session/message-v2.ts, session.sql.ts):
 * - a message's `info` has the role, times (epoch ms), and for the assistant the model,
 *   `tokens {input, output, reasoning, cache {read, write}}` and `cost`;
 * - its parts hold the content: `text` (`synthetic` = injected by OpenCode), `reasoning`,
 *   `tool` (`callID`, `tool`, `state {status, input, output | error, time}`), `file`, and
 *   bookkeeping (`step-start`, `step-finish`, `snapshot`, `patch`, ...).
 * OpenCode's `tokens.input` excludes cached tokens and `tokens.output` excludes reasoning
 * (getUsage subtracts both), so stored output = output + reasoning as for the other agents.
 */
import { isObject, str, type JsonObject } from '../json-read.js';
import { tokenCount } from '../token-count.js';
import type { MessageRecord, NormalizedBatch, SessionRecord } from '../types.js';
import { toIsoTime } from '../vscode-family/json-shapes.js';

export interface OpencodeSession {
  id: string;
  parentId?: string;
  projectId?: string;
  directory?: string;
  title?: string;
  version?: string;
  created?: number;
  updated?: number;
}

export interface OpencodeMessage {
  id: string;
  info: JsonObject;
  parts: { id: string; data: JsonObject }[];
}

/** Slots per message in the ordinal (its parts keep their order inside). */
const PART_SLOTS = 1000;

/** Adds one message (its parts ordered by id, as OpenCode sorts them) at `index` (messagePosition) of its session. */
export function addMessage(sessionId: string, message: OpencodeMessage, index: number, out: NormalizedBatch, where: string): { model?: string } {
  const info = message.info;
  const role = info.role === 'assistant' ? 'assistant' : info.role === 'user' ? 'user' : undefined;
  if (!role) {
    out.problems.push({ reason: `${where}: message ${message.id} has role ${JSON.stringify(info.role)}: skipped` });
    return {};
  }
  const time = isObject(info.time) ? info.time : {};
  const model = role === 'assistant' ? str(info.modelID) : undefined;
  const parts = [...message.parts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const texts: string[] = [];
  const injected: string[] = [];
  let firstText = -1;
  parts.forEach(({ id, data }, partIndex) => {
    const ordinal = index * PART_SLOTS + partIndex;
    if (data.type === 'text' && typeof data.text === 'string' && data.ignored !== true) {
      (data.synthetic === true ? injected : texts).push(data.text);
      if (firstText < 0) firstText = partIndex;
    } else if (data.type === 'reasoning' && typeof data.text === 'string' && data.text !== '') {
      const partTime = isObject(data.time) ? toIsoTime(data.time.start) : undefined;
      out.messages.push({ id, sessionNativeId: sessionId, parentId: message.id, role: 'assistant', kind: 'thinking', text: data.text, time: partTime ?? toIsoTime(time.created), model, ordinal });
    } else if (data.type === 'tool') {
      addToolCall(sessionId, message.id, id, data, out);
    } else if (data.type === 'file') {
      texts.push(`[file: ${str(data.filename) ?? str(data.mime) ?? 'attachment'}]`);
    }
  });
  const typed = texts.join('\n\n');
  const record: MessageRecord = {
    id: message.id,
    sessionNativeId: sessionId,
    parentId: str(info.parentID),
    role,
    text: typed !== '' ? typed : injected.join('\n\n'),
    time: toIsoTime(time.created),
    model,
    ordinal: index * PART_SLOTS + Math.max(firstText, 0),
  };
  // Only text OpenCode put there itself (a compaction summary request, a tool's attachment note).
  if (typed === '' && injected.length > 0) {
    record.kind = 'meta';
    record.isMeta = true;
  }
  // What OpenCode computed the response cost (USD) and any error it ended with.
  const cost = typeof info.cost === 'number' && Number.isFinite(info.cost) && info.cost > 0 ? info.cost : undefined;
  if (cost !== undefined || isObject(info.error)) record.content = { ...(cost !== undefined ? { costUsd: cost } : {}), ...(isObject(info.error) ? { error: info.error } : {}) };
  out.messages.push(record);
  if (role === 'assistant') addUsage(sessionId, message.id, info, model, out, where);
  return { model };
}

function addToolCall(sessionId: string, messageId: string, partId: string, data: JsonObject, out: NormalizedBatch): void {
  const state = isObject(data.state) ? data.state : {};
  const times = isObject(state.time) ? state.time : {};
  const status = str(state.status);
  out.toolCalls.push({
    id: str(data.callID) ?? partId,
    sessionNativeId: sessionId,
    messageId,
    name: str(data.tool) ?? 'tool',
    input: state.input,
    result: status === 'error' ? str(state.error) : typeof state.output === 'string' ? state.output : undefined,
    isError: status === 'error' ? true : undefined,
    time: toIsoTime(times.start),
    resultTime: status === 'completed' || status === 'error' ? toIsoTime(times.end) : undefined,
  });
}

export function addUsage(sessionId: string, messageId: string, info: JsonObject, model: string | undefined, out: NormalizedBatch, where: string): void {
  const tokens = info.tokens;
  if (!isObject(tokens)) return;
  const report = (reason: string) => out.problems.push({ reason: `${where}: message ${messageId}: ${reason}` });
  const cache = isObject(tokens.cache) ? tokens.cache : {};
  const reasoning = tokenCount(tokens.reasoning, 'tokens.reasoning', report);
  const usage = {
    key: messageId,
    sessionNativeId: sessionId,
    messageId,
    time: toIsoTime(isObject(info.time) ? (info.time.completed ?? info.time.created) : undefined),
    model,
    input: tokenCount(tokens.input, 'tokens.input', report),
    output: tokenCount(tokens.output, 'tokens.output', report) + reasoning,
    cacheRead: tokenCount(cache.read, 'tokens.cache.read', report),
    cacheCreation: tokenCount(cache.write, 'tokens.cache.write', report),
    reasoning,
    // The message is rewritten as it streams; its last copy has the final counts.
    onConflict: 'replace' as const,
  };
  if (usage.input + usage.output + usage.cacheRead + usage.cacheCreation > 0) out.usage.push(usage);
}

/** The session row, with the models its messages used. */
export function sessionRecord(session: OpencodeSession, models: Iterable<string>): SessionRecord {
  const extra: Record<string, unknown> = {};
  if (session.version) extra.opencodeVersion = session.version;
  if (session.projectId) extra.projectId = session.projectId;
  return {
    nativeId: session.id,
    parentNativeId: session.parentId,
    workspace: session.directory,
    title: session.title,
    startedAt: toIsoTime(session.created),
    endedAt: toIsoTime(session.updated),
    models: [...new Set(models)],
    extra,
  };
}

/** A whole session: the session row and each message in order (by creation time, then id). */
export function addSession(session: OpencodeSession, messages: OpencodeMessage[], out: NormalizedBatch, where: string): void {
  const models = new Set<string>();
  const ordered = [...messages].sort((a, b) => createdOf(a) - createdOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ordered.forEach((message, index) => {
    const added = addMessage(session.id, message, messagePosition(message, index), out, where);
    if (added.model) models.add(added.model);
  });
  out.sessions.push(sessionRecord(session, models));
}

/**
 * Where a message sorts in its session: its creation time in ms (a message read on its own, from
 * the JSON layout, gets the same ordinal as when read with its session), else its index.
 */
export function messagePosition(message: OpencodeMessage, index: number): number {
  return createdOf(message) || index;
}

function createdOf(message: OpencodeMessage): number {
  const time = message.info.time;
  return isObject(time) && typeof time.created === 'number' ? time.created : 0;
}
