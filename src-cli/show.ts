import type { SessionFile, SessionTranscript, ToolCallView, TranscriptMessage } from '../src-shared/contract/index.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { toolCallHint, transcriptToMarkdown } from '../src-worker/query/markdown.js';
import { openStoreReadOnly } from '../src-worker/query/open-store.js';
import { shellWord } from '../src-worker/query/resume-command.js';
import { sessionFiles } from '../src-worker/query/session-files.js';
import { billableTokens } from '../src-worker/query/prices.js';
import { DEFAULT_MAX_RESULT_CHARS, getTranscript } from '../src-worker/query/transcript.js';
import { compactNumber, localTime } from './table.js';
import { tildePath } from './query.js';
import { machineLabel, otherMachines } from './origin-names.js';

export type { ShowFormat } from './option-parsers.js';
import type { ShowFormat } from './option-parsers.js';

export interface ShowOptions {
  format: ShowFormat;
  /** Tool results in full instead of cut at DEFAULT_MAX_RESULT_CHARS. */
  full?: boolean;
  /** Also thinking, injected context and events. */
  meta?: boolean;
}

export { parseFormat } from './option-parsers.js';

/** Lines of a tool result shown in the text view, and characters per line; the rest is counted, not printed. */
const TEXT_RESULT_LINES = 12;
const TEXT_LINE_CHARS = 200;

function indent(text: string, by: string): string {
  return text.replace(/\n$/, '').replace(/^/gm, by);
}

function toolCallText(call: ToolCallView, bold: (s: string) => string): string[] {
  const out = [`  ${bold('▸')} ${toolCallHint(call)}${call.isError ? '  [error]' : ''}`];
  if (call.input) out.push(indent(call.input.length > 400 ? `${call.input.slice(0, 399)}…` : call.input, '      in  '));
  if (call.result !== null) {
    const lines = call.result.replace(/\n$/, '').split('\n');
    const shownLines = lines.slice(0, TEXT_RESULT_LINES).map((l) => (l.length > TEXT_LINE_CHARS ? `${l.slice(0, TEXT_LINE_CHARS - 1)}…` : l));
    const hidden = lines.length - shownLines.length;
    const more = hidden > 0 || call.resultTruncated ? `… (${hidden > 0 ? `${hidden} more lines, ` : ''}${call.resultChars} characters in all)` : '';
    out.push(indent([...shownLines, more].filter(Boolean).join('\n'), '      out '));
  }
  return out;
}

function messageHeader(m: TranscriptMessage): string {
  const kind = m.kind !== 'message' && m.kind !== 'tool_result' ? ` (${m.kind.replace(/_/g, ' ')})` : '';
  return `${m.role}${kind}${m.isSidechain ? ' [subagent]' : ''} · ${localTime(m.time)}`;
}

/** `cd WORKSPACE && claude --resume ID`: one line to paste into a terminal. */
export function resumeLine(t: SessionTranscript): string | null {
  const r = t.resumeCommand;
  if (!r) return null;
  return r.cwd ? `cd ${shellWord(r.cwd)} && ${r.command}` : r.command;
}

/** One line per file: its actions and how many tool calls touched it. */
export function filesText(files: SessionFile[]): string[] {
  if (!files.length) return [];
  return [`files (${files.length}):`, ...files.map((f) => `  ${f.actions.join(',').padEnd(11)} ${tildePath(f.path)}${f.count > 1 ? `  (${f.count} calls)` : ''}`)];
}

/** The plain-text transcript for a terminal. */
export function transcriptToText(t: SessionTranscript, options: { meta: boolean; tty: boolean; from?: string; files?: SessionFile[] }): string {
  const bold = (s: string) => (options.tty ? `\x1b[1m${s}\x1b[22m` : s);
  const s = t.session;
  const out = [
    bold(`${s.starred ? '★ ' : ''}${s.title ?? '(untitled)'}`),
    ...(s.tags.length ? [`tags: ${s.tags.join(', ')}`] : []),
    [s.agent, tildePath(s.workspace), s.gitBranch, `${localTime(s.startedAt)} → ${localTime(s.endedAt)}`, `${s.messageCount} messages`, `${compactNumber(billableTokens(s.tokens))} tokens`]
      .filter(Boolean)
      .join(' · '),
    `id: ${s.id}`,
    ...(options.from ? [`from: ${options.from} (collected there, pulled by machine sync)`] : []),
  ];
  const resume = resumeLine(t);
  if (resume) out.push(`resume: ${resume}`);
  out.push(...filesText(options.files ?? []));
  for (const entry of t.entries) {
    if (entry.type === 'tool_call') {
      out.push('', ...toolCallText(entry.call, bold));
      continue;
    }
    if (!options.meta && (entry.isMeta || entry.kind === 'thinking' || entry.kind === 'event')) continue;
    out.push('', bold(`── ${messageHeader(entry)}`));
    if (entry.text.trim()) out.push(entry.isSidechain ? indent(entry.text.trim(), '│ ') : entry.text.trim());
    for (const call of entry.toolCalls) out.push(...toolCallText(call, bold));
  }
  return out.join('\n') + '\n';
}

/** `devlog show ID`: one session's transcript as text, Markdown or JSON. */
export async function runShow(id: string, options: ShowOptions): Promise<void> {
  const db = openStoreReadOnly(homePaths(resolveDevlogHome()));
  try {
    const transcript = getTranscript(db, id, options.full ? 0 : DEFAULT_MAX_RESULT_CHARS);
    const { files } = sessionFiles(db, transcript.session.id);
    if (options.format === 'json') process.stdout.write(JSON.stringify({ ...transcript, files }, null, 2) + '\n');
    else if (options.format === 'md') process.stdout.write(transcriptToMarkdown(transcript, { includeMeta: Boolean(options.meta) }));
    else {
      const others = otherMachines(db);
      const origin = transcript.session.originMachine;
      const from = others.has(origin) ? machineLabel(origin, others.get(origin)) : undefined;
      process.stdout.write(transcriptToText(transcript, { meta: Boolean(options.meta), tty: Boolean(process.stdout.isTTY), files, ...(from ? { from } : {}) }));
    }
  } finally {
    db.close();
  }
}
