/**
 * Cursor agent transcripts, under the root `~/.cursor/projects` (2026 builds, per the git-ai
 * fixtures and parsers; not from Cursor's own source):
 *   <slug>/agent-transcripts/<uuid>.txt            older: `user:` / `assistant:` blocks of text
 *   <slug>/agent-transcripts/<uuid>/<uuid>.jsonl   newer: {role, message: {content: [text | tool_use]}}
 * The uuid is the conversation's id, the composer id of Cursor's own database, so a conversation
 * that is in both is one session; its turns then come from the database alone, as they do from a
 * Cursor CLI chat store of the same conversation (other-copies.ts), and the transcript adds the
 * workspace. Both are read whole (they are small, and the JSONL gives no ids).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isObject, str } from '../json-read.js';
import { emptyBatch, RetryLaterError, type FileContext, type NormalizedBatch, type WholeFileHandler } from '../types.js';
import { cliHasChat, editorHasComposer } from './other-copies.js';
import { addTurns, userQuery, workspaceFromContext, workspaceFromSlug, type Turn } from './transcript-turns.js';

export const TRANSCRIPT_TXT = /^([^/]+)\/agent-transcripts\/([^/]+)\.txt$/;
export const TRANSCRIPT_JSONL = /^([^/]+)\/agent-transcripts\/([^/]+)\/([^/]+)\.jsonl$/;

/** The file's times stand in for the turns' (the transcript has none); absent when re-derived without the file. */
function fileTimes(file: FileContext): { startedAt?: string; endedAt?: string } {
  try {
    const stat = fs.statSync(file.path);
    const born = stat.birthtimeMs > 0 && stat.birthtimeMs <= stat.mtimeMs ? stat.birthtimeMs : stat.mtimeMs;
    return { startedAt: new Date(born).toISOString(), endedAt: stat.mtime.toISOString() };
  } catch {
    return {};
  }
}

function finish(turns: Turn[], slug: string, sessionId: string, file: FileContext, out: NormalizedBatch, lineOf: (index: number) => number, ids: 'content' | 'position'): NormalizedBatch {
  if (turns.length === 0) return out;
  const firstUser = turns.find((t) => t.role === 'user');
  const workspace = (firstUser && workspaceFromContext(firstUser.text)) ?? workspaceFromSlug(slug, turns);
  const richerCopy = editorHasComposer(sessionId) || cliHasChat(file.root, sessionId);
  if (!richerCopy) {
    for (const turn of turns) if (turn.role === 'user') turn.text = userQuery(turn.text);
    addTurns(sessionId, turns, out, lineOf, ids);
  }
  out.sessions.push({
    nativeId: sessionId,
    workspace,
    ...(richerCopy ? {} : fileTimes(file)),
    // Keys merge into the session's extra: `source` stays the richer copy's when there is one.
    extra: richerCopy ? { transcript: slug } : { source: 'agent-transcript', transcript: slug },
  });
  return out;
}

/** One JSON object per line; a last line cut off mid-write means the file is being written: come back. */
export function parseTranscriptJsonl(content: string, file: FileContext): NormalizedBatch {
  const m = TRANSCRIPT_JSONL.exec(file.relPath);
  const out = emptyBatch();
  const turns: Turn[] = [];
  const lines: number[] = [];
  const texts = content.split('\n');
  texts.forEach((text, i) => {
    if (text.trim() === '') return;
    out.raw.push({ text, line: i + 1 });
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      if (i === texts.length - 1) throw new RetryLaterError(`${file.path}: last line is cut off (being written?)`);
      out.problems.push({ line: i + 1, reason: `line ${i + 1}: not JSON (${(err as Error).message})` });
      return;
    }
    const turn = isObject(record) ? jsonlTurn(record) : undefined;
    if (!turn) {
      out.problems.push({ line: i + 1, reason: `line ${i + 1}: not a user or assistant turn` });
      return;
    }
    turns.push(turn);
    lines.push(i + 1);
  });
  return finish(turns, m?.[1] ?? '', m?.[2] ?? path.posix.basename(file.relPath, '.jsonl'), file, out, (index) => lines[index]!, 'content');
}

function jsonlTurn(record: Record<string, unknown>): Turn | undefined {
  const role = record.role === 'user' || record.role === 'assistant' ? record.role : undefined;
  if (!role) return undefined;
  const content = isObject(record.message) ? record.message.content : undefined;
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
  const texts: string[] = [];
  const turn: Turn = { role, text: '', tools: [] };
  for (const block of blocks) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'tool_use') turn.tools.push({ name: str(block.name) ?? 'tool', input: block.input });
  }
  turn.text = texts.join('\n\n');
  return turn;
}

/**
 * The plain-text transcript: `user:` and `assistant:` lines start turns; in an assistant turn,
 * `[Thinking] …` is thinking, `[Tool call] Name` starts a call whose indented `key: value` lines
 * are its input, and `[Tool result] Name` starts that call's result.
 */
export function parseTranscriptText(content: string, file: FileContext): NormalizedBatch {
  const m = TRANSCRIPT_TXT.exec(file.relPath);
  const out = emptyBatch();
  out.raw.push({ text: content, line: 1 });
  const turns: Turn[] = [];
  const lines: number[] = [];
  let turn: Turn | undefined;
  let body: string[] = [];
  let thinking: string[] = [];
  let call: { tool: { name: string; input: Record<string, string>; result?: string }; mode: 'args' | 'result' } | undefined;
  let result: string[] = [];
  const endCall = () => {
    if (call?.mode === 'result') call.tool.result = result.join('\n').trim();
    call = undefined;
    result = [];
  };
  const endTurn = () => {
    endCall();
    if (turn) {
      turn.text = body.join('\n').trim();
      if (thinking.length > 0) turn.thinking = thinking.join('\n').trim();
      turns.push(turn);
    }
    turn = undefined;
    body = [];
    thinking = [];
  };
  content.split(/\r?\n/).forEach((line, i) => {
    const role = /^(user|assistant|A):\s*$/.exec(line)?.[1];
    if (role) {
      endTurn();
      turn = { role: role === 'user' ? 'user' : 'assistant', text: '', tools: [] };
      lines.push(i + 1);
      return;
    }
    if (!turn) return;
    const toolCall = /^\[Tool call\]\s*(.+?)\s*$/.exec(line);
    const toolResult = /^\[Tool result\]\s*(.+?)\s*$/.exec(line);
    const thought = /^\[Thinking\]\s?(.*)$/.exec(line);
    if (toolCall) {
      endCall();
      const tool = { name: toolCall[1]!, input: {} as Record<string, string> };
      turn.tools.push(tool);
      call = { tool, mode: 'args' };
    } else if (toolResult) {
      endCall();
      const open = [...turn.tools].reverse().find((t) => t.name === toolResult[1] && t.result === undefined) as { name: string; input: Record<string, string>; result?: string } | undefined;
      call = { tool: open ?? { name: toolResult[1]!, input: {} }, mode: 'result' };
    } else if (thought) {
      endCall();
      thinking.push(thought[1]!);
    } else if (call?.mode === 'args' && /^\s+\S/.test(line)) {
      const arg = /^\s+([^:]+):\s?(.*)$/.exec(line);
      if (arg) call.tool.input[arg[1]!.trim()] = arg[2]!;
    } else if (call?.mode === 'result') {
      result.push(line);
    } else {
      endCall();
      body.push(line);
    }
  });
  endTurn();
  // The last turn may still be being written: ids by place, so it is updated when it grows.
  return finish(turns, m?.[1] ?? '', m?.[2] ?? path.posix.basename(file.relPath, '.txt'), file, out, (index) => lines[index]!, 'position');
}

export const transcriptJsonlHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: parseTranscriptJsonl,
  parseRecords: (records, file) => parseTranscriptJsonl(records.map((r) => r.text).join('\n') + '\n', file),
};
export const transcriptTextHandler: WholeFileHandler = { kind: 'whole', parseFile: parseTranscriptText };
