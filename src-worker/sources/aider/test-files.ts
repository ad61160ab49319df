/** Test helpers: hand-written Aider chat histories, split into lines as the collector hands them over. */
import { rawLinesOf } from '../codex/test-lines.js';
import type { FileContext, NormalizedBatch, ParserState } from '../types.js';
import { AIDER_CHAT_HISTORY } from './index.js';
import { parseAiderHistory } from './history-parser.js';

export const REPO = '/home/u/src/shop';

export function aiderFile(repo = REPO): FileContext {
  return { agent: 'aider', path: `${repo}/${AIDER_CHAT_HISTORY}`, relPath: AIDER_CHAT_HISTORY, root: repo };
}

/** The lines the collector hands over: complete, with offsets and numbers, blank ones left out. */
export function collectorLines(text: string) {
  return rawLinesOf(text).filter((l) => l.text.trim() !== '');
}

/** Parses the text in pieces cut after the given line counts (one piece when none), keeping the state between them. */
export function parseAider(text: string, cutsAfterLines: number[] = []): NormalizedBatch[] {
  const lines = collectorLines(text);
  const state: ParserState = {};
  const bounds = [0, ...cutsAfterLines, lines.length];
  return bounds.slice(1).map((end, i) => parseAiderHistory(lines.slice(bounds[i], end), aiderFile(), state));
}

/** A session as Aider 0.86 writes it: banner, a prompt, a reply with an edit, the token report, an applied edit and a commit. */
export const SESSION_ONE = [
  '',
  '# aider chat started at 2025-10-23 17:04:56',
  '',
  '> /home/u/.local/bin/aider --model anthropic/claude-sonnet-4  ',
  '> Aider v0.86.1  ',
  '> Main model: anthropic/claude-sonnet-4 with diff edit format, infinite output  ',
  '> Git repo: .git with 12 files  ',
  '',
  '#### Make the title casual  ',
  '#### and keep it short  ',
  '',
  'I will change the title.',
  '',
  'index.html',
  '```',
  '<<<<<<< SEARCH',
  '<title>Shop</title>',
  '=======',
  '<title>Hey, shop</title>',
  '>>>>>>> REPLACE',
  '```',
  '',
  '> Tokens: 3.7k sent, 1.2k cache write, 2.0k cache hit, 512 received. Cost: $0.02 message, $0.02 session.  ',
  '> Applied edit to index.html  ',
  '> Commit a5caaed feat: casual title  ',
  '',
].join('\n');

export const SESSION_TWO = ['', '# aider chat started at 2025-10-24 09:00:00', '', '> Aider v0.86.2  ', '> Model: gpt-4o with whole edit format  ', '', '#### /ask what does main.py do?  ', '', 'It starts the server.', '', '> Tokens: 12k sent, 98 received.  ', ''].join('\n');
