import type { SessionTranscript, TranscriptEntry } from '../../src-shared/contract/index.js';
import { redactJsonOrText } from '../export/redaction/redact-json.js';
import { redactInto, zeroCounts } from '../export/redaction/redact-text.js';

/**
 * A turn starts where the human speaks: a user message they typed (not injected context, not a
 * tool result) opens it, and everything until the next one (answers, thinking, tool calls)
 * belongs to it. Entries before the first prompt form turn 1 of their own.
 */
export function splitIntoTurns(entries: readonly TranscriptEntry[]): TranscriptEntry[][] {
  const turns: TranscriptEntry[][] = [];
  for (const entry of entries) {
    const opens = entry.type === 'message' && entry.role === 'user' && !entry.isMeta && entry.kind === 'message';
    if (opens || turns.length === 0) turns.push([]);
    turns[turns.length - 1]!.push(entry);
  }
  return turns;
}

export interface TranscriptPage {
  transcript: SessionTranscript;
  page: number;
  pages: number;
  turns: { first: number; last: number; total: number };
}

/** Page `page` (1-based) of `turnsPerPage` turns; a page past the end is an empty last page. */
export function transcriptPage(transcript: SessionTranscript, page: number, turnsPerPage: number): TranscriptPage {
  const turns = splitIntoTurns(transcript.entries);
  const pages = Math.max(1, Math.ceil(turns.length / turnsPerPage));
  const start = (page - 1) * turnsPerPage;
  const slice = turns.slice(start, start + turnsPerPage);
  return {
    transcript: { ...transcript, entries: slice.flat() },
    page,
    pages,
    turns: { first: slice.length ? start + 1 : 0, last: start + slice.length, total: turns.length },
  };
}

/** The transcript with secrets replaced in everything people wrote: texts, titles, tool inputs and results. */
export function redactTranscript(t: SessionTranscript): SessionTranscript {
  const counts = zeroCounts();
  const text = (s: string | null) => (s === null ? null : redactInto(s, counts));
  const json = (s: string | null) => (s === null ? null : redactJsonOrText(s, counts));
  const call = <C extends { input: string | null; result: string | null }>(c: C): C => ({ ...c, input: json(c.input), result: json(c.result) });
  return {
    session: { ...t.session, title: text(t.session.title) },
    entries: t.entries.map((e) => (e.type === 'tool_call' ? { ...e, call: call(e.call) } : { ...e, text: redactInto(e.text, counts), toolCalls: e.toolCalls.map(call) })),
  };
}
