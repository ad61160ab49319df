/**
 * A rebuilt Gemini Conversation as normalized records. Ids are prefixed with the session id
 * (`${sessionId}:${messageId}`) so they stay unique across sessions; a legacy `.json` and the
 * `.jsonl` the CLI writes when resuming it carry the same session and message ids, so they dedupe.
 */
import type { MessageRecord, MessageRole, NormalizedBatch, SessionRecord, UsageRecord } from '../types.js';
import { noteDrift } from '../drift.js';
import type { Conversation, ConversationEntry } from './conversation.js';
import { hasFunctionResponse, partsText, toolResult, trimParts } from './parts.js';
import { absolutePath, isObject, str, toIso, type JsonObject } from '../json-read.js';
import { tokenCount } from '../token-count.js';

/** Facts about the file that its content does not carry. */
export interface FileFacts {
  /** The file's own name, for files without a session id (hand-edited samples). */
  fallbackSessionId: string;
  /** `chats/<parentSessionId>/<sessionId>.jsonl`: the parent session's id. */
  parentSessionId?: string;
  /** The `tmp/<project>` folder: historically the project hash, a short name in newer builds. */
  projectDir?: string;
}

const ROLES: Record<string, MessageRole> = { user: 'user', gemini: 'assistant' };

export function normalizeConversation(conversation: Conversation, file: FileFacts, out: NormalizedBatch): void {
  const meta = conversation.meta;
  const sessionId = str(meta.sessionId) ?? file.fallbackSessionId;
  const entries = conversation.messages();
  const models = new Set<string>();
  const times: string[] = [];
  for (const entry of entries) {
    const model = addEntry(entry, sessionId, out);
    if (model !== undefined) models.add(model);
    const time = toIso(entry.record.timestamp);
    if (time !== undefined) times.push(time);
  }
  times.sort();
  out.sessions.push(sessionRecord(meta, file, sessionId, [...models], times));
}

function sessionRecord(meta: JsonObject, file: FileFacts, sessionId: string, models: string[], times: string[]): SessionRecord {
  const directories = Array.isArray(meta.directories) ? meta.directories : [];
  const lastUpdated = toIso(meta.lastUpdated);
  const lastMessage = times.at(-1);
  const extra = Object.fromEntries(
    Object.entries({ projectHash: str(meta.projectHash), projectDir: file.projectDir, kind: str(meta.kind) }).filter(([, v]) => v !== undefined),
  );
  return {
    nativeId: sessionId,
    parentNativeId: file.parentSessionId,
    // The folder is a hash of the project root; only a recorded directory names it.
    workspace: directories.map(absolutePath).find((d) => d !== undefined),
    title: str(meta.summary),
    startedAt: toIso(meta.startTime) ?? times[0],
    endedAt: lastUpdated !== undefined && (lastMessage === undefined || lastUpdated > lastMessage) ? lastUpdated : lastMessage,
    models,
    extra,
  };
}

/** Message types the CLI writes for its own notices (anything else is format drift). */
const KNOWN_NOTICES = new Set(['info', 'error', 'warning']);

/** Adds the records of one message; returns its model. */
function addEntry(entry: ConversationEntry, sessionId: string, out: NormalizedBatch): string | undefined {
  const record = entry.record;
  const id = `${sessionId}:${record.id as string}`;
  const type = str(record.type) ?? 'unknown';
  const model = type === 'gemini' ? str(record.model) : undefined;
  const time = toIso(record.timestamp);
  const parentId = entry.parentId !== undefined ? `${sessionId}:${entry.parentId}` : undefined;
  const thinkingId = addThoughts(record, { id: `${id}:thoughts`, sessionId, parentId, model, order: entry.order, line: entry.line }, out);

  const message: MessageRecord = {
    id,
    sessionNativeId: sessionId,
    parentId: thinkingId ?? parentId,
    role: ROLES[type] ?? 'system',
    text: '',
    content: trimParts(record.content),
    time,
    model,
    ordinal: entry.order * 2 + 1,
    line: entry.line,
  };
  if (type === 'user') describeUserMessage(record, message);
  else message.text = partsText(record.content);
  if (!(type in ROLES)) {
    message.kind = type; // info, error, warning: the CLI's own notices
    message.isMeta = true;
    if (!KNOWN_NOTICES.has(type)) noteDrift(out, undefined, `kind message ${type}`);
  }
  out.messages.push(message);
  addToolCalls(record, id, sessionId, out);
  const report = (reason: string) => out.problems.push({ ...(entry.line !== undefined ? { line: entry.line } : {}), reason: `message ${record.id as string}: ${reason}` });
  const usage = usageOf(record, id, sessionId, time, model, report);
  if (usage !== undefined) out.usage.push(usage);
  return model;
}

/**
 * The user's text is what they typed (`displayContent`, e.g. "/init") when the CLI expanded it
 * into a longer prompt (`content`). A user turn that only carries tool responses, or that the
 * CLI wrote in the user's place, is meta.
 */
function describeUserMessage(record: JsonObject, message: MessageRecord): void {
  const shown = record.displayContent;
  const typed = shown !== undefined ? partsText(shown) : '';
  message.text = typed !== '' ? typed : partsText(record.content);
  if (typed === '' && (hasFunctionResponse(shown) || hasFunctionResponse(record.content))) {
    message.kind = 'meta';
    message.isMeta = true;
  }
}

interface ThoughtPlace {
  id: string;
  sessionId: string;
  parentId?: string;
  model?: string;
  order: number;
  line?: number;
}

/** `thoughts[]` (subject + description summaries) become one thinking message just before the reply. */
function addThoughts(record: JsonObject, place: ThoughtPlace, out: NormalizedBatch): string | undefined {
  const thoughts = Array.isArray(record.thoughts) ? record.thoughts.filter(isObject) : [];
  if (thoughts.length === 0) return undefined;
  out.messages.push({
    id: place.id,
    sessionNativeId: place.sessionId,
    parentId: place.parentId,
    role: 'assistant',
    kind: 'thinking',
    text: thoughts.map((t) => [str(t.subject), str(t.description)].filter(Boolean).join('\n')).join('\n\n'),
    content: thoughts,
    time: toIso(thoughts[0]!.timestamp) ?? toIso(record.timestamp),
    model: place.model,
    ordinal: place.order * 2,
    line: place.line,
  });
  return place.id;
}

function addToolCalls(record: JsonObject, messageId: string, sessionId: string, out: NormalizedBatch): void {
  if (!Array.isArray(record.toolCalls)) return;
  for (const call of record.toolCalls) {
    if (!isObject(call) || str(call.id) === undefined) continue;
    const result = toolResult(call.result, call.resultDisplay);
    out.toolCalls.push({
      id: `${sessionId}:${call.id as string}`,
      sessionNativeId: sessionId,
      messageId,
      name: str(call.name) ?? str(call.displayName) ?? 'tool',
      input: call.args,
      result: result.text,
      isError: call.status === 'error' || result.isError ? true : undefined,
      time: toIso(call.timestamp),
    });
  }
}

/**
 * Gemini reports prompt tokens including the cached ones and thinking tokens apart from the
 * answer. Stored like the other agents: input without the cached part (plus tool-use prompt
 * tokens), output including thinking, reasoning = the thinking part, so that
 * input + cacheRead + output is Gemini's total. One row per message id; Gemini rewrites the
 * whole chat file and a later copy of a message carries its final counts, so the last copy wins.
 */
function usageOf(record: JsonObject, messageId: string, sessionId: string, time: string | undefined, model: string | undefined, report: (reason: string) => void): UsageRecord | undefined {
  const tokens = record.tokens;
  if (!isObject(tokens)) return undefined; // absent or null
  const count = (name: string) => tokenCount(tokens[name], `tokens.${name}`, report);
  const input = count('input');
  const cached = Math.min(count('cached'), input);
  const thoughts = count('thoughts');
  const usage: UsageRecord = {
    key: messageId,
    sessionNativeId: sessionId,
    messageId,
    time,
    model,
    input: input - cached + count('tool'),
    output: count('output') + thoughts,
    cacheRead: cached,
    cacheCreation: 0,
    reasoning: thoughts,
    // A later copy of the message may carry updated counts.
    onConflict: 'replace',
  };
  return usage.input + usage.output + usage.cacheRead > 0 ? usage : undefined;
}
