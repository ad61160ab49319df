/**
 * OpenCode's JSON storage of older releases, under `<data>/storage/` (Storage.write rewrites
 * each file whole): `session/<projectID>/<sessionID>.json`, `message/<sessionID>/<messageID>.json`
 * and `part/<messageID>/<partID>.json`. A message's content is in its parts, so a message file is
 * read together with its part folder; a part written after its message (streaming, or a user
 * message whose parts follow it) re-reads that message. The raw records of a message file are the
 * message and its parts, so it can be re-derived without the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isObject, str, type JsonObject } from '../json-read.js';
import { parseWholeJson } from '../whole-json.js';
import { emptyBatch, type FileContext, type NormalizedBatch, type RawRecord, type WholeFileHandler } from '../types.js';
import { addMessage, messagePosition, sessionRecord, type OpencodeMessage } from './records.js';

/** Parts read with one message (a runaway message is cut, not read whole). */
const MAX_PARTS = 5_000;

function jsonObject(content: string, file: FileContext, out: NormalizedBatch): JsonObject | undefined {
  const parsed = parseWholeJson(content);
  if ('error' in parsed) out.problems.push({ reason: `${file.path}: not JSON (${parsed.error})` });
  else if (!isObject(parsed.value)) out.problems.push({ reason: `${file.path}: not a JSON object` });
  else return parsed.value;
  return undefined;
}

function parseSessionFile(content: string, file: FileContext): NormalizedBatch {
  const out = emptyBatch();
  const json = jsonObject(content, file, out);
  if (!json) return out;
  const time = isObject(json.time) ? json.time : {};
  const id = str(json.id) ?? path.posix.basename(file.relPath, '.json');
  out.sessions.push(
    sessionRecord(
      { id, parentId: str(json.parentID), projectId: str(json.projectID), directory: str(json.directory), title: str(json.title), version: str(json.version), created: num(time.created), updated: num(time.updated) },
      [],
    ),
  );
  return out;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `<root>/storage/part/<messageID>/*.json`, in id order, as raw records. */
function partRecords(root: string, messageId: string): RawRecord[] {
  const dir = path.join(root, 'storage', 'part', messageId);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort().slice(0, MAX_PARTS);
  } catch {
    return [];
  }
  const records: RawRecord[] = [];
  for (const name of names) {
    try {
      records.push({ key: name.slice(0, -'.json'.length), text: fs.readFileSync(path.join(dir, name), 'utf8') });
    } catch {
      // Removed between the listing and the read (a reverted message): nothing to keep.
    }
  }
  return records;
}

/** The message from its own record and its parts' records (first the message, then each part). */
function composeMessage(records: RawRecord[], file: FileContext): NormalizedBatch {
  const out = emptyBatch();
  out.raw = records;
  const [head, ...partTexts] = records;
  if (!head) return out;
  const info = jsonObject(head.text, file, out);
  if (!info) return out;
  const id = str(info.id) ?? path.posix.basename(file.relPath, '.json');
  const sessionId = str(info.sessionID) ?? path.posix.basename(path.posix.dirname(file.relPath));
  const message: OpencodeMessage = { id, info, parts: [] };
  for (const record of partTexts) {
    // A part cut off mid-rewrite throws RetryLaterError: the whole message is read again shortly.
    const parsed = parseWholeJson(record.text);
    if ('error' in parsed) out.problems.push({ reason: `${file.path}: part ${record.key}: not JSON (${parsed.error})` });
    else if (!isObject(parsed.value)) out.problems.push({ reason: `${file.path}: part ${record.key}: not a JSON object` });
    else message.parts.push({ id: str(parsed.value.id) ?? record.key ?? '', data: parsed.value });
  }
  addMessage(sessionId, message, messagePosition(message, 0), out, file.path);
  return out;
}

function parseMessageFile(content: string, file: FileContext): NormalizedBatch {
  const probe = emptyBatch();
  const info = jsonObject(content, file, probe);
  if (!info) return probe;
  const id = str(info.id) ?? path.posix.basename(file.relPath, '.json');
  return composeMessage([{ text: content }, ...partRecords(file.root, id)], file);
}

/**
 * A part file changed: when it is newer than its message file, the message (with all its parts)
 * is read again under the message file's place; otherwise the message's own read covered it.
 */
function parsePartFile(content: string, file: FileContext): NormalizedBatch {
  const out = emptyBatch();
  const part = jsonObject(content, file, out);
  if (!part) return out;
  const sessionId = str(part.sessionID);
  const messageId = str(part.messageID) ?? path.posix.basename(path.posix.dirname(file.relPath));
  if (!sessionId) return out;
  const messagePath = path.join(file.root, 'storage', 'message', sessionId, `${messageId}.json`);
  let messageText: string;
  try {
    if (fs.statSync(file.path).mtimeMs <= fs.statSync(messagePath).mtimeMs) return out;
    messageText = fs.readFileSync(messagePath, 'utf8');
  } catch {
    return out; // The message file is not there (yet): its own read picks the parts up.
  }
  const messageFile: FileContext = { ...file, path: messagePath, relPath: `storage/message/${sessionId}/${messageId}.json` };
  const composed = composeMessage([{ text: messageText }, ...partRecords(file.root, messageId)], messageFile);
  // Only this part's text is kept for this file: the message file keeps the whole message.
  composed.raw = [];
  return composed;
}

export const sessionFileHandler: WholeFileHandler = { kind: 'whole', parseFile: parseSessionFile };
export const messageFileHandler: WholeFileHandler = { kind: 'whole', parseFile: parseMessageFile, parseRecords: (records, file) => composeMessage(records, file) };
export const partFileHandler: WholeFileHandler = { kind: 'whole', parseFile: parsePartFile, parseRecords: () => emptyBatch() };
