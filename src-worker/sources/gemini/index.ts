/**
 * Gemini CLI. Format notes: shared/docs/agent-log-formats.md section 5. Both session formats are
 * read as whole files: the `.jsonl` is appended, but its `$set` and `$rewindTo` records change
 * what came before, so every change re-reads it (last copy of a message id wins).
 */
import path from 'node:path';
import { emptyBatch, type FileContext, type FileHandler, type NormalizedBatch, type PlatformInfo, type SourceAdapter, type WholeFileHandler } from '../types.js';
import { joinRecords, rebuildEnvelope, rebuildLines } from '../raw-content.js';
import { normalizeConversation, type FileFacts } from './normalize.js';
import { readJsonl, readLegacyJson, type ReadResult } from './readers.js';

/** ~/.gemini (Windows %USERPROFILE%\.gemini); first $GEMINI_CLI_HOME/.gemini, the CLI's own home override, when set. */
export function geminiRoots(p: PlatformInfo): string[] {
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  const roots = [p.env.GEMINI_CLI_HOME, home].filter((dir): dir is string => Boolean(dir)).map((dir) => path.join(dir, '.gemini'));
  return [...new Set(roots)];
}

const MAIN_JSON = /^tmp\/([^/]+)\/chats\/session-[^/]+\.json$/;
const MAIN_JSONL = /^tmp\/([^/]+)\/chats\/session-[^/]+\.jsonl$/;
const SUBAGENT_JSONL = /^tmp\/([^/]+)\/chats\/([^/]+)\/([^/]+)\.jsonl$/;

export function fileFacts(relPath: string): FileFacts {
  const subagent = SUBAGENT_JSONL.exec(relPath);
  const project = (subagent ?? MAIN_JSONL.exec(relPath) ?? MAIN_JSON.exec(relPath))?.[1];
  return {
    fallbackSessionId: path.posix.basename(relPath).replace(/\.jsonl?$/, ''),
    parentSessionId: subagent?.[2],
    projectDir: project,
  };
}

function parseWith(read: (content: string) => ReadResult) {
  return (content: string, file: FileContext): NormalizedBatch => {
    const { conversation, raw, problems } = read(content);
    const out = emptyBatch();
    out.raw = raw;
    out.problems = problems;
    // A file that could not be read at all has no session to report.
    if (conversation.messages().length > 0 || Object.keys(conversation.meta).length > 0) {
      normalizeConversation(conversation, fileFacts(file.relPath), out);
    }
    return out;
  };
}

const parseLegacy = parseWith(readLegacyJson);
const parseJsonl = parseWith(readJsonl);
const legacyJsonHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: parseLegacy,
  // Raw records: the document without messages, then each message.
  parseRecords: (records, file) => parseLegacy(rebuildEnvelope(records, 'messages') ?? joinRecords(records), file),
};
const jsonlHandler: WholeFileHandler = { kind: 'whole', parseFile: parseJsonl, parseRecords: (records, file) => parseJsonl(rebuildLines(records), file) };

export function geminiHandlerFor(relPath: string): FileHandler | undefined {
  if (MAIN_JSON.test(relPath)) return legacyJsonHandler;
  if (MAIN_JSONL.test(relPath) || SUBAGENT_JSONL.test(relPath)) return jsonlHandler;
  return undefined;
}

export const geminiAdapter: SourceAdapter = {
  agent: 'gemini',
  displayName: 'Gemini CLI',
  defaultRoots: geminiRoots,
  // tmp/<project>/chats/<parentSessionId>/<file>: files sit four directory levels below the root.
  maxDepth: 4,
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor: geminiHandlerFor,
};
