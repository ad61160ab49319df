/**
 * `.aider.chat.history.md`: one file per repository holding every session, appended as Aider
 * runs (aider/io.py). A session starts at its `# aider chat started at` header; then runs of
 * `#### ` lines are what the user typed, runs of `> ` lines are Aider's own output (banner,
 * token reports, applied edits, commits) and everything else is the model's reply.
 *
 * The file is read in pieces of whole lines, so a block (one message) can end in a later piece:
 * the open block and the session's facts travel in the parser state, and a block continued in
 * a later piece is written again under the same id with its whole text (the store updates it).
 * Ids come from byte offsets relative to the session header, so they do not depend on where
 * pieces were cut, and a re-read gives the same rows.
 *
 * Times: the chat history has only the session's start. Each prompt's time is looked up in the
 * `.aider.input.history` beside it (same text, at or after the previous prompt); replies, token
 * reports and edits take the time of the prompt before them. Without that file (or re-derived
 * after it is gone) everything carries the session's start.
 */
import path from 'node:path';
import { emptyBatch, type FileContext, type MessageRecord, type NormalizedBatch, type ParserState, type RawLine } from '../types.js';
import { shortHash } from '../json-read.js';
import { AIDER_INPUT_HISTORY } from './file-names.js';
import { inputTime, normalizeInput, readInputHistory, type InputEntry } from './input-history.js';
import { appliedEdit, bannerModel, bannerVersion, commitLine, sessionHeader, tokenReport } from './status-lines.js';

type BlockKind = 'user' | 'status' | 'reply';

interface OpenBlock {
  kind: BlockKind;
  offset: number;
  line: number;
  lines: string[];
  chars: number;
}

interface SessionState {
  id: string;
  offset: number;
  startedAt: string;
  model?: string;
  version?: string;
  costUsd?: number;
  /** The last reply's message id: edits and commits reported after it belong to it. */
  lastReplyId?: string;
  /** When the last prompt was submitted (from the input history): the time of what follows it. */
  lastInputAt?: string;
}

interface AiderState {
  session?: SessionState;
  block?: OpenBlock;
  /** The last line seen: the collector leaves out blank lines, so a gap in line numbers is one. */
  lastLine?: number;
}

/** Longest text kept for one open block across pieces (a runaway reply is cut, not held whole). */
const MAX_BLOCK_CHARS = 1_000_000;

function blockKind(text: string): BlockKind {
  if (text === '####' || text.startsWith('#### ')) return 'user';
  if (text === '>' || text.startsWith('> ')) return 'status';
  return 'reply';
}

/** The line without its marker and the two spaces Aider ends marked lines with (Markdown line breaks). */
function content(kind: BlockKind, text: string): string {
  if (kind === 'user') return text.slice(5).replace(/ {2}$/, '');
  if (kind === 'status') return text.slice(2).replace(/ {2}$/, '');
  return text;
}

export function parseAiderHistory(lines: RawLine[], file: FileContext, state: ParserState): NormalizedBatch {
  const out = emptyBatch();
  const st = state as AiderState;
  const workspace = path.dirname(file.path);
  let inputs: InputEntry[] | undefined;
  const inputEntries = () => (inputs ??= readInputHistory(path.join(workspace, AIDER_INPUT_HISTORY)));
  // Sessions that got lines in this piece: their rows are written (again) with what is known now.
  let touched = false;
  const closeSession = () => {
    if (st.session && touched) out.sessions.push(sessionRecord(st.session, workspace));
  };

  const flush = () => {
    const block = st.block;
    if (block && st.session) emitBlock(block, st.session, out, inputEntries);
  };

  const blank = () => {
    // Blank lines belong to the reply they sit in; they end a user input or a status block
    // (two inputs in a row are two messages).
    if (st.block?.kind === 'reply') {
      st.block.lines.push('');
      st.block.chars++;
    } else {
      flush();
      st.block = undefined;
    }
  };

  for (const raw of lines) {
    // As many blank lines as the gap (bounded: a reply keeps its paragraphs, not a megabyte of newlines).
    for (let gap = st.lastLine === undefined ? 0 : Math.min(raw.line - st.lastLine - 1, 100); gap > 0; gap--) blank();
    st.lastLine = raw.line;
    const text = raw.text.replace(/\r$/, '');
    if (text.trim() === '') {
      blank();
      continue;
    }
    out.raw.push({ text: raw.text, offset: raw.offset, line: raw.line });
    const header = sessionHeader(text);
    if (header) {
      flush();
      closeSession();
      st.block = undefined;
      st.session = { id: `${shortHash(workspace, 12)}-${header.stamp}`, offset: raw.offset, startedAt: header.startedAt };
      touched = true;
      continue;
    }
    if (!st.session) {
      // Text before the first header (a file started by hand, or cut at its start): nothing to hang it on.
      if (text.trim() !== '') out.problems.push({ line: raw.line, offset: raw.offset, reason: `line ${raw.line}: text before the first "# aider chat started at" header: skipped` });
      continue;
    }
    touched = true;
    const kind = blockKind(text);
    if (st.block && st.block.kind !== kind) {
      flush();
      st.block = undefined;
    }
    st.block ??= { kind, offset: raw.offset, line: raw.line, lines: [], chars: 0 };
    const line = content(kind, text);
    if (kind === 'status') readStatus(line, raw, st.session, out);
    if (st.block.chars < MAX_BLOCK_CHARS) {
      st.block.lines.push(line);
      st.block.chars += line.length + 1;
    }
  }
  flush();
  closeSession();
  return out;
}

function sessionRecord(session: SessionState, workspace: string) {
  return {
    nativeId: session.id,
    workspace,
    startedAt: session.startedAt,
    endedAt: session.lastInputAt ?? session.startedAt,
    models: session.model ? [session.model] : [],
    extra: Object.fromEntries(Object.entries({ aiderVersion: session.version, costUsd: session.costUsd }).filter(([, v]) => v !== undefined)),
  };
}

const ROLE = { user: 'user', status: 'system', reply: 'assistant' } as const;

/** The time of what follows the last prompt (or the session's start). */
function currentTime(session: SessionState): string {
  return session.lastInputAt ?? session.startedAt;
}

function emitBlock(block: OpenBlock, session: SessionState, out: NormalizedBatch, inputs: () => InputEntry[]): void {
  const text = block.lines.join('\n').trim();
  if (text === '') return;
  const id = `${session.id}:${block.offset - session.offset}`;
  if (block.kind === 'user') {
    const submitted = inputTime(inputs(), normalizeInput(block.lines), currentTime(session));
    if (submitted) session.lastInputAt = submitted;
  }
  const message: MessageRecord = {
    id,
    sessionNativeId: session.id,
    role: ROLE[block.kind],
    text,
    time: currentTime(session),
    model: block.kind === 'reply' ? session.model : undefined,
    ordinal: block.offset - session.offset,
    line: block.line,
  };
  if (block.kind === 'status') {
    message.kind = 'event';
    message.isMeta = true;
  }
  if (block.kind === 'reply') session.lastReplyId = id;
  out.messages.push(message);
}

/** Facts in one of Aider's status lines: banner, token report, applied edits and commits. */
function readStatus(status: string, raw: RawLine, session: SessionState, out: NormalizedBatch): void {
  const version = bannerVersion(status);
  if (version) session.version = version;
  const model = bannerModel(status);
  if (model) session.model = model;
  const key = `${session.id}:${raw.offset - session.offset}`;
  const tokens = tokenReport(status);
  if (tokens) {
    out.usage.push({
      key,
      sessionNativeId: session.id,
      messageId: session.lastReplyId,
      time: currentTime(session),
      model: session.model,
      input: tokens.input,
      output: tokens.output,
      cacheRead: tokens.cacheRead,
      cacheCreation: tokens.cacheCreation,
      reasoning: 0,
    });
    if (tokens.sessionCost !== undefined) session.costUsd = tokens.sessionCost;
    return;
  }
  const edited = appliedEdit(status);
  if (edited) {
    out.toolCalls.push({ id: key, sessionNativeId: session.id, messageId: session.lastReplyId, name: 'edit', input: { path: edited }, result: status, time: currentTime(session) });
    return;
  }
  const commit = commitLine(status);
  if (commit) out.toolCalls.push({ id: key, sessionNativeId: session.id, messageId: session.lastReplyId, name: 'git commit', input: commit, result: status, time: currentTime(session) });
}
