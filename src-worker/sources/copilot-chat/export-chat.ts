/**
 * A chat saved with VS Code's "Chat: Export Chat..." command: the session object reduced to
 * `{requesterUsername, responderUsername, initialLocation, requests[]}`, without the store's
 * `sessionId` and `creationDate`. Its requests are the stored session's requests, so the
 * session reader turns them into records; the session id is made from the first request's id,
 * so exporting the same chat again (with more turns) updates one session instead of adding one.
 * Read only where `devlog import` puts such files (relPath `exported-chats/<name>.json`).
 */
import { shortHash } from '../json-read.js';
import { rebuildEnvelope } from '../raw-content.js';
import { emptyBatch, type FileContext, type NormalizedBatch, type WholeFileHandler } from '../types.js';
import { asArray, asText, isRecord } from '../vscode-family/json-shapes.js';
import { parseWholeJson } from '../whole-json.js';
import { sessionBatch } from './session-records.js';

export const EXPORTED_CHAT = /^exported-chats\/[^/]+\.json$/;

/** True for the shape of an exported chat (as opposed to a stored session, which has a sessionId). */
export function isExportedChat(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.requests) && value.sessionId === undefined && ('requesterUsername' in value || 'responderUsername' in value);
}

function exportedSessionId(value: Record<string, unknown>): string {
  const first = asArray(value.requests).find(isRecord);
  return `export-${shortHash(asText(first?.requestId) ?? JSON.stringify(first ?? value))}`;
}

function parseExport(content: string, _file: FileContext): NormalizedBatch {
  const parsed = parseWholeJson(content);
  if ('error' in parsed) return { ...emptyBatch(), raw: [{ text: content }], problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
  if (!isExportedChat(parsed.value)) {
    return { ...emptyBatch(), raw: [{ text: content }], problems: [{ reason: 'wrong shape: expected a Copilot "Export Chat" object {responderUsername, requests[]}' }] };
  }
  const value = parsed.value as Record<string, unknown>;
  const id = exportedSessionId(value);
  const batch = sessionBatch({ ...value, sessionId: id }, { fallbackId: id });
  if (batch.sessions[0]) batch.sessions[0] = { ...batch.sessions[0], extra: { ...batch.sessions[0].extra, exportedChat: true } };
  return batch;
}

export const exportedChatHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: parseExport,
  // Raw records: each request, then the object without its requests (as sessionBatch keeps them).
  parseRecords: (records, file) => {
    const header = records.at(-1);
    const rebuilt = header && records.length > 1 ? rebuildEnvelope([header, ...records.slice(0, -1)], 'requests') : undefined;
    return parseExport(rebuilt ?? records.map((r) => r.text).join('\n'), file);
  },
};
