/**
 * The whole-file handler for VS Code chat session files (`.json` and `.jsonl`): both are
 * re-parsed from the start on every change (the `.jsonl` log can be compacted into a single
 * kind-0 line at any time, so it is not append-only).
 */
import fs from 'node:fs';
import path from 'node:path';
import { joinRecords, rebuildEnvelope, rebuildLines } from '../raw-content.js';
import { emptyBatch, type FileContext, type NormalizedBatch, type ProblemRecord, type RawRecord, type WholeFileHandler } from '../types.js';
import type { JsonObject } from '../vscode-family/json-shapes.js';
import { classifyCopilotPath } from './paths.js';
import { loadSessionFile } from './session-file.js';
import { sessionBatch } from './session-records.js';
import { readWorkspaceJson } from '../vscode-family/vscode-workspace.js';

function parseVscodeSession(content: string, file: FileContext): NormalizedBatch {
  const info = classifyCopilotPath(file.relPath);
  if (info?.kind !== 'vscode-session') return emptyBatch();
  // After the move to .jsonl (1.109+), a leftover .json is an older copy of the same session
  // (same ids); VS Code reads the .jsonl, so do we, and a stale copy never overwrites it.
  if (info.format === 'json' && fs.existsSync(`${file.path}l`)) return emptyBatch();
  const { session, problems } = loadSessionFile(content, info.format);
  const batch = session ? batchFor(session, problems, file, info) : { ...emptyBatch(), problems };
  // The log's own lines are the original records (one kept per line, so an appended operation
  // costs its line); replaying them again is how a better parser re-derives the session.
  if (info.format === 'jsonl') batch.raw = logLines(content);
  return batch;
}

function logLines(content: string): RawRecord[] {
  const out: RawRecord[] = [];
  let offset = 0;
  content.split('\n').forEach((text, index) => {
    if (text.trim() !== '') out.push({ text, offset, line: index + 1 });
    offset += Buffer.byteLength(text) + 1;
  });
  return out;
}

function isLogLine(record: RawRecord | undefined): boolean {
  try {
    return record !== undefined && typeof (JSON.parse(record.text) as { kind?: unknown }).kind === 'number';
  } catch {
    return false;
  }
}

function batchFor(session: JsonObject, problems: ProblemRecord[], file: FileContext, info: { sessionId: string; workspaceStorageId?: string }): NormalizedBatch {
  const workspace = info.workspaceStorageId ? readWorkspaceJson(path.join(file.root, 'workspaceStorage', info.workspaceStorageId)) : undefined;
  const batch = sessionBatch(session, { fallbackId: info.sessionId, workspace });
  batch.problems.unshift(...problems);
  return batch;
}

/**
 * Raw records: a `.jsonl` log's lines; a `.json` session's requests, then the session without
 * its requests (also what a store from before 0004 kept for a `.jsonl`). A file that gave no
 * session (broken, or never sent to) kept its whole text as the only record.
 */
function parseVscodeRecords(records: RawRecord[], file: FileContext): NormalizedBatch {
  const info = classifyCopilotPath(file.relPath);
  if (info?.kind === 'vscode-session' && info.format === 'jsonl' && isLogLine(records[0])) return parseVscodeSession(rebuildLines(records), file);
  const header = records.length > 1 ? records[records.length - 1]! : undefined;
  const rebuilt = header ? rebuildEnvelope([header, ...records.slice(0, -1)], 'requests') : undefined;
  if (!rebuilt || info?.kind !== 'vscode-session') return parseVscodeSession(joinRecords(records), file);
  return batchFor(JSON.parse(rebuilt) as JsonObject, [], file, info);
}

export const vscodeSessionHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: (content, file) => parseVscodeSession(content, file),
  parseRecords: (records, file) => parseVscodeRecords(records, file),
};
