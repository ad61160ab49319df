import type { MessageRecord, NormalizedBatch, ToolCallRecord } from '../../sources/types.js';
import { storedId, storedOptionalId } from './stored-id.js';

/**
 * Puts a batch's ids in their stored form and resolves repeated ids, before any SQL runs:
 * writing one id twice in a commit would update a row the full-text index has not seen yet.
 *
 * Ownership: a message or tool call belongs to the first session that wrote its id. A Claude
 * Code resume or fork repeats earlier uuids under a new sessionId; those copies are not moved
 * (the original transcript stays whole and every session's counts equal the rows it owns);
 * they still count as what that session saw (its time span, models and first prompt). A tool
 * result that only the fork carries still fills in the owner's call, so nothing is lost.
 * Within one session, the last copy of a message wins (Gemini appends a message again when its
 * tokens arrive) and the parts of a tool call are folded, later parts filling in fields.
 */
export function prepareBatch(batch: NormalizedBatch): NormalizedBatch {
  const b = storedIds(batch);
  return { ...b, messages: lastCopyPerId(b.messages), toolCalls: mergeToolCallParts(b.toolCalls) };
}

function lastCopyPerId(messages: MessageRecord[]): MessageRecord[] {
  const byId = new Map<string, MessageRecord>();
  for (const m of messages) {
    const first = byId.get(m.id);
    if (!first || first.sessionNativeId === m.sessionNativeId) byId.set(m.id, m);
  }
  return byId.size === messages.length ? messages : [...byId.values()];
}

/** Calls and results of one tool call often come in the same batch: fold them first. */
function mergeToolCallParts(parts: ToolCallRecord[]): ToolCallRecord[] {
  const byId = new Map<string, ToolCallRecord>();
  for (const p of parts) {
    const prev = byId.get(p.id);
    if (!prev) {
      byId.set(p.id, { ...p });
      continue;
    }
    for (const [k, v] of Object.entries(p)) if (v !== undefined && k !== 'sessionNativeId') (prev as unknown as Record<string, unknown>)[k] = v;
  }
  return [...byId.values()];
}

/** Copies only the records whose ids change (almost never): the usual batch passes through as is. */
function storedIds(batch: NormalizedBatch): NormalizedBatch {
  const same = (id: string | undefined) => id === undefined || storedId(id) === id;
  const clean =
    batch.sessions.every((s) => same(s.nativeId) && same(s.parentNativeId)) &&
    batch.messages.every((m) => same(m.id) && same(m.sessionNativeId) && same(m.parentId)) &&
    batch.toolCalls.every((t) => same(t.id) && same(t.sessionNativeId) && same(t.messageId)) &&
    batch.usage.every((u) => same(u.key) && same(u.sessionNativeId) && same(u.messageId));
  if (clean) return batch;
  return {
    ...batch,
    sessions: batch.sessions.map((s) => ({ ...s, nativeId: storedId(s.nativeId), parentNativeId: storedOptionalId(s.parentNativeId) })),
    messages: batch.messages.map((m) => ({ ...m, id: storedId(m.id), sessionNativeId: storedId(m.sessionNativeId), parentId: storedOptionalId(m.parentId) })),
    toolCalls: batch.toolCalls.map((t) => ({ ...t, id: storedId(t.id), sessionNativeId: storedId(t.sessionNativeId), messageId: storedOptionalId(t.messageId) })),
    usage: batch.usage.map((u) => ({ ...u, key: storedId(u.key), sessionNativeId: storedId(u.sessionNativeId), messageId: storedOptionalId(u.messageId) })),
  };
}
