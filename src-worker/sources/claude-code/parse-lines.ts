import { parseJsonValues } from '../json-values.js';
import { emptyBatch, type AppendHandler, type FileContext, type NormalizedBatch, type ParserState, type RawLine } from '../types.js';
import { classifyClaudeFile, type ClaudeFile } from './file-layout.js';
import { isObject, stringField } from './json-fields.js';
import { RecordReader } from './record-reader.js';

interface ParsedLine {
  raw: RawLine;
  values: unknown[];
  error?: string;
}

/**
 * Reads complete JSONL lines of a Claude Code transcript. Every non-empty line goes to `raw`;
 * its values become records, and what cannot be used becomes a problem with its line.
 * ParserState holds three small facts about the file's own session: `sessionId` (for summaries
 * written before any record names it), `workspace` (its first cwd, so the workspace does not
 * wander into subfolders the agent cd'ed into later) and `titleRank` (so a later generated
 * title does not replace one the user gave in an earlier batch).
 */
export const claudeCodeHandler: AppendHandler = {
  kind: 'append',
  parseLines(lines: RawLine[], file: FileContext, state: ParserState): NormalizedBatch {
    const layout = classifyClaudeFile(file.relPath) ?? fallbackLayout(file.relPath);
    const parsed = lines.filter((l) => l.text.trim() !== '').map(parseLine);
    const batch = emptyBatch();
    const titleRank = typeof state.titleRank === 'number' ? state.titleRank : 0;
    const reader = new RecordReader(batch, layout, resolveFileSession(layout, state, parsed), titleRank);
    for (const { raw, values, error } of parsed) {
      batch.raw.push({ text: raw.text, offset: raw.offset, line: raw.line });
      values.forEach((value, index) => reader.read(value, { line: raw.line, offset: raw.offset, index }));
      if (error !== undefined) {
        const after = values.length > 0 ? ` after ${values.length} readable value(s)` : '';
        batch.problems.push({ line: raw.line, offset: raw.offset, reason: `invalid JSON${after}: ${error}` });
      }
    }
    reader.finish(state);
    return batch;
  },
};

function parseLine(raw: RawLine): ParsedLine {
  return { raw, ...parseJsonValues(raw.text) };
}

/**
 * The session a summary belongs to: the parent folder for subagent files, else the first
 * sessionId the file has shown (remembered in state), else the first in this batch, else the
 * file name (Claude Code names main files after their session). A session read from records
 * is remembered in state.
 */
function resolveFileSession(layout: ClaudeFile, state: ParserState, parsed: ParsedLine[]): string {
  if (layout.parentSessionId) return layout.parentSessionId;
  if (typeof state.sessionId === 'string' && state.sessionId !== '') return state.sessionId;
  for (const { values } of parsed) {
    for (const value of values) {
      const sessionId = isObject(value) ? stringField(value, 'sessionId') : undefined;
      if (sessionId) {
        state.sessionId = sessionId;
        return sessionId;
      }
    }
  }
  return layout.stem;
}

/** For a path the layout does not know (a caller bypassing handlerFor): a plain session file. */
function fallbackLayout(relPath: string): ClaudeFile {
  const name = relPath.split('/').pop() ?? relPath;
  return { role: 'session', projectPath: relPath, stem: name.replace(/\.jsonl$/, '') };
}
