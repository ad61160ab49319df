import type { SearchSyntax } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

/** Something the tokenizer keeps: a term without letters or digits would match nothing. */
const HAS_TOKEN = /[\p{L}\p{N}]/u;
/** A "quoted phrase" (the closing quote may be missing) or a run of non-space characters. */
const TERM = /"([^"]*)"?|(\S+)/g;

function phrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Turns what the user typed into a safe FTS5 MATCH expression: every word or "quoted phrase"
 * becomes a quoted FTS5 phrase (so `foo(bar`, `"unbalanced`, `AND`, `-x` are just text), all
 * of them required; a bare word ending in `*` is a prefix. With syntax 'fts' the text is passed
 * through as FTS5 query syntax, and SQLite's complaint becomes a BAD_REQUEST (see runMatch).
 */
export function buildMatchExpression(search: string, syntax: SearchSyntax = 'words'): string {
  const text = search.trim();
  if (text === '') throw new DevlogError(ErrorCodes.BadRequest, '--search: nothing to search for', 'search');
  if (syntax === 'fts') return text;
  const parts: string[] = [];
  for (const m of text.matchAll(TERM)) {
    if (m[1] !== undefined) {
      if (HAS_TOKEN.test(m[1])) parts.push(phrase(m[1]));
      continue;
    }
    const word = m[2]!;
    const prefix = word.length > 1 && word.endsWith('*');
    const body = prefix ? word.replace(/\*+$/, '') : word;
    if (!HAS_TOKEN.test(body)) continue;
    parts.push(prefix ? `${phrase(body)}*` : phrase(body));
  }
  if (!parts.length) {
    throw new DevlogError(ErrorCodes.BadRequest, `--search: "${search}" has no letters or digits to look for`, 'search');
  }
  return parts.join(' AND ');
}

/** True for the errors SQLite raises about a MATCH expression (as opposed to real failures). */
function isQueryError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  return /fts5|syntax error|no such column|unterminated|unknown special query/i.test(err.message);
}

/** Runs a statement that uses a MATCH expression, turning FTS5 syntax errors into BAD_REQUEST. */
export function runMatch<T>(search: string, syntax: SearchSyntax, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (syntax === 'fts' && isQueryError(err)) {
      throw new DevlogError(
        ErrorCodes.BadRequest,
        `--search: not a valid FTS5 query: ${JSON.stringify(search)} (${err.message}); leave out --fts to search for the words as typed`,
        'search',
      );
    }
    throw err;
  }
}

/** The marks snippet() puts around matches: control characters that never occur in text we show. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/**
 * Turns snippet() output into one line of plain text plus the [start, end) offsets of the
 * matches, so no client ever has to parse or escape markup.
 */
export function parseSnippet(marked: string): { text: string; highlights: Array<[number, number]> } {
  let text = '';
  const highlights: Array<[number, number]> = [];
  let start = -1;
  let pendingSpace = false;
  for (const ch of marked) {
    if (ch === MARK_START) {
      if (pendingSpace && text) text += ' ';
      pendingSpace = false;
      start = text.length;
    } else if (ch === MARK_END) {
      if (start >= 0 && text.length > start) highlights.push([start, text.length]);
      start = -1;
    } else if (/\s/.test(ch)) {
      pendingSpace = true;
    } else {
      if (pendingSpace && text) text += ' ';
      pendingSpace = false;
      text += ch;
    }
  }
  return { text, highlights };
}
