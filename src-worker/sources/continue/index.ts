/**
 * Continue (IDE extensions and the `cn` CLI): `~/.continue/sessions/<sessionId>.json`, one file
 * per session rewritten whole, and `sessions/sessions.json`, the index with each session's
 * creation time (the session files have none). `CONTINUE_GLOBAL_DIR` moves `~/.continue`.
 */
import path from 'node:path';
import { FormatDrift } from '../drift.js';
import { isObject } from '../json-read.js';
import { readArrayFile, rebuildArray } from '../json-array-file.js';
import { rebuildEnvelope, joinRecords } from '../raw-content.js';
import { emptyBatch, type FileContext, type FileHandler, type NormalizedBatch, type PlatformInfo, type SourceAdapter, type WholeFileHandler } from '../types.js';
import { asText, toIsoTime } from '../vscode-family/json-shapes.js';
import { workspaceFromUri } from '../vscode-family/vscode-workspace.js';
import { parseWholeJson } from '../whole-json.js';
import { parseContinueSession } from './session-file.js';

export function continueRoots(p: PlatformInfo): string[] {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  if (p.env.CONTINUE_GLOBAL_DIR) return [p.env.CONTINUE_GLOBAL_DIR];
  return [join(p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home, '.continue')];
}

const INDEX = 'sessions/sessions.json';
const SESSION = /^sessions\/([^/]+)\.json$/;

function parseSession(content: string, file: FileContext): NormalizedBatch {
  const parsed = parseWholeJson(content);
  if ('error' in parsed) return { ...emptyBatch(), raw: [{ text: content }], problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
  const drift = new FormatDrift();
  const out = parseContinueSession(parsed.value, SESSION.exec(file.relPath)?.[1] ?? path.posix.basename(file.relPath, '.json'), drift);
  out.drift = drift.result();
  // Raw: the session without its history, then each history item (kept once across saves).
  if (isObject(parsed.value) && Array.isArray(parsed.value.history)) {
    const { history, ...envelope } = parsed.value;
    out.raw = [{ text: JSON.stringify(envelope) }, ...(history as unknown[]).map((item) => ({ text: JSON.stringify(item) }))];
  } else out.raw = [{ text: content }];
  return out;
}

const sessionHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: parseSession,
  parseRecords: (records, file) => parseSession(rebuildEnvelope(records, 'history') ?? joinRecords(records), file),
};

function parseIndex(content: string): NormalizedBatch {
  const { items, raw, problems } = readArrayFile(content, 'sessions');
  const out = { ...emptyBatch(), raw, problems };
  items.forEach((entry, index) => {
    const id = isObject(entry) ? asText(entry.sessionId) : undefined;
    // Entries keyed `session_id` are Continue's obsolete format, which Continue itself skips.
    if (isObject(entry) && id === undefined && 'session_id' in entry) return;
    if (!isObject(entry) || id === undefined) {
      out.problems.push({ reason: `sessions.json[${index}]: not a session entry with a sessionId` });
      return;
    }
    const workspace = asText(entry.workspaceDirectory);
    out.sessions.push({ nativeId: id, title: asText(entry.title), startedAt: toIsoTime(entry.dateCreated), workspace: workspace ? workspaceFromUri(workspace) : undefined });
  });
  return out;
}

const indexHandler: WholeFileHandler = { kind: 'whole', parseFile: parseIndex, parseRecords: (records) => parseIndex(rebuildArray(records)) };

export function continueHandlerFor(relPath: string): FileHandler | undefined {
  if (relPath === INDEX) return indexHandler;
  return SESSION.test(relPath) ? sessionHandler : undefined;
}

export const continueAdapter: SourceAdapter = {
  agent: 'continue',
  displayName: 'Continue',
  defaultRoots: continueRoots,
  maxDepth: 1,
  parserVersion: 1,
  handlerFor: continueHandlerFor,
};
