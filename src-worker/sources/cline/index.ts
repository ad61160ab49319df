/**
 * Cline and its forks (Roo Code, Zoo Code, Kilo Code): one adapter per fork, the same readers.
 * A task is a folder `tasks/<taskId>/` of files the extension rewrites whole (compact
 * JSON.stringify, non-atomically, many times a second while streaming): each is parsed on its own
 * and the store merges what they say about the task (the session id is the task id):
 *   api_conversation_history.json  messages, tool calls, models, workspace (environment details)
 *   ui_messages.json               usage per model request, start and end times
 *   task_metadata.json             models, extension version and host
 *   state/taskHistory.json         every task's workspace
 *   history_item.json              the task's workspace (Roo Code, Zoo Code: the list entry per task)
 * and, in Cline's SDK builds, `sessions/<id>/<id>.json` (manifest) and `<id>.messages.json`
 * under ~/.cline/data (sdk-session.ts).
 * A file cut off mid-save throws RetryLaterError (read again shortly, never imported in part).
 * Formats: shared/docs/agent-log-formats.md section 6.
 */
import { FormatDrift } from '../drift.js';
import { readArrayFile, rebuildArray } from '../json-array-file.js';
import { emptyBatch, type FileContext, type FileHandler, type NormalizedBatch, type SourceAdapter, type WholeFileHandler } from '../types.js';
import { parseWholeJson } from '../whole-json.js';
import { isObject } from '../json-read.js';
import { joinRecords, rebuildEnvelope } from '../raw-content.js';
import { parseSdkManifest, parseSdkMessages } from './sdk-session.js';
import { parseApiHistory } from './api-history.js';
import { CLINE_FORKS, type ClineFork } from './forks.js';
import { clineForkRoots } from './roots.js';
import { classifyClinePath, type ClineFile } from './task-path.js';
import { metadataVersion, parseTaskHistory, parseTaskMetadata } from './task-files.js';
import { parseUiMessages } from './ui-messages.js';

/** Parses an array file's elements with `parse`, keeping each element as a raw record. */
function arrayHandler(what: string, parse: (items: unknown[], file: ClineFile, drift: FormatDrift) => NormalizedBatch): WholeFileHandler {
  const run = (content: string, file: FileContext): NormalizedBatch => {
    const kind = classifyClinePath(file.relPath)!;
    const { items, raw, problems } = readArrayFile(content, what);
    const drift = new FormatDrift();
    const out = problems.length ? emptyBatch() : parse(items, kind, drift);
    out.raw = raw;
    out.problems.unshift(...problems);
    out.drift = drift.result();
    return out;
  };
  return { kind: 'whole', parseFile: run, parseRecords: (records, file) => run(rebuildArray(records), file) };
}

const taskIdOf = (file: ClineFile) => ('taskId' in file ? file.taskId : '');

const apiHistoryHandler = arrayHandler('messages', (items, file, drift) => parseApiHistory(items, taskIdOf(file), drift));
const uiMessagesHandler = arrayHandler('UI messages', (items, file, drift) => parseUiMessages(items, taskIdOf(file), drift));
const taskHistoryHandler = arrayHandler('tasks', (items) => parseTaskHistory(items));

const taskMetadataHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile(content, file) {
    const parsed = parseWholeJson(content);
    if ('error' in parsed) return { ...emptyBatch(), problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
    const drift = new FormatDrift();
    drift.setVersion(metadataVersion(parsed.value));
    const out = parseTaskMetadata(parsed.value, taskIdOf(classifyClinePath(file.relPath)!), drift);
    out.drift = drift.result();
    return out;
  },
};

const historyItemHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile(content) {
    const parsed = parseWholeJson(content);
    if ('error' in parsed) return { ...emptyBatch(), problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
    return parseTaskHistory([parsed.value]);
  },
};

/** A JSON object file whose array field holds the records: kept as [the object without it, ...items]. */
function envelopeHandler(field: string, parse: (value: unknown, taskId: string, drift: FormatDrift) => NormalizedBatch): WholeFileHandler {
  const run = (content: string, file: FileContext): NormalizedBatch => {
    const parsed = parseWholeJson(content);
    if ('error' in parsed) return { ...emptyBatch(), raw: [{ text: content }], problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
    const drift = new FormatDrift();
    const out = parse(parsed.value, taskIdOf(classifyClinePath(file.relPath)!), drift);
    out.drift = drift.result();
    const value = parsed.value;
    if (isObject(value) && Array.isArray(value[field])) {
      const { [field]: items, ...envelope } = value;
      out.raw = [{ text: JSON.stringify(envelope) }, ...(items as unknown[]).map((item) => ({ text: JSON.stringify(item) }))];
    } else out.raw = [{ text: content }];
    return out;
  };
  return { kind: 'whole', parseFile: run, parseRecords: (records, file) => run(rebuildEnvelope(records, field) ?? joinRecords(records), file) };
}

const sdkMessagesHandler = envelopeHandler('messages', parseSdkMessages);
const sdkManifestHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile(content, file) {
    const parsed = parseWholeJson(content);
    if ('error' in parsed) return { ...emptyBatch(), problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
    const drift = new FormatDrift();
    const out = parseSdkManifest(parsed.value, taskIdOf(classifyClinePath(file.relPath)!), drift);
    out.drift = drift.result();
    return out;
  },
};

export function clineHandlerFor(relPath: string): FileHandler | undefined {
  const file = classifyClinePath(relPath);
  if (!file) return undefined;
  if (file.kind === 'api-history') return apiHistoryHandler;
  if (file.kind === 'ui-messages') return uiMessagesHandler;
  if (file.kind === 'task-metadata') return taskMetadataHandler;
  if (file.kind === 'history-item') return historyItemHandler;
  if (file.kind === 'sdk-manifest') return sdkManifestHandler;
  if (file.kind === 'sdk-messages') return sdkMessagesHandler;
  return taskHistoryHandler;
}

function clineForkAdapter(fork: ClineFork): SourceAdapter {
  return {
    agent: fork.agent,
    displayName: fork.displayName,
    defaultRoots: (p) => clineForkRoots(fork, p),
    // tasks/<taskId>/<file>: two folders below the root.
    maxDepth: 2,
    parserVersion: 1,
    handlerFor: clineHandlerFor,
  };
}

export const [clineAdapter, rooCodeAdapter, kiloCodeAdapter, zooCodeAdapter] = CLINE_FORKS.map(clineForkAdapter) as [SourceAdapter, SourceAdapter, SourceAdapter, SourceAdapter];

/** Every fork's adapter, for the registry. */
export const CLINE_FAMILY_ADAPTERS: readonly SourceAdapter[] = [clineAdapter, rooCodeAdapter, kiloCodeAdapter, zooCodeAdapter];
