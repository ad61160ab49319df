import { z } from 'zod';
import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import { transcriptToMarkdown } from '../../query/markdown.js';
import { findSession } from '../../query/session-lookup.js';
import { getTranscript } from '../../query/transcript.js';
import type { ReadableDb } from '../../store/database.js';
import { redactTranscript, transcriptPage } from '../transcript-pages.js';
import type { ToolContext } from '../tool-context.js';

/** Hidden and deleted sessions answer exactly like unknown ones: they never appear. */
function visibleSessionId(db: ReadableDb, typed: string): string {
  const unknown = () => new DevlogError(ErrorCodes.NotFound, `no session with id "${typed}" (search_sessions lists sessions and their ids)`, 'id');
  let id: string;
  try {
    id = findSession(db, typed).id;
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.NotFound) throw unknown();
    throw err;
  }
  const meta = db.prepare('SELECT hidden, deleted FROM session_meta WHERE session_id = ?').get(id) as { hidden: number; deleted: number } | undefined;
  if (meta && (meta.hidden || meta.deleted)) throw unknown();
  return id;
}

export function registerReadSession(ctx: ToolContext): void {
  ctx.server.registerTool(
    'read_session',
    {
      title: 'Read a coding session',
      description:
        'Read one earlier session as Markdown, a few turns per page (a turn = one prompt of the user and everything the agent did for it: ' +
        'answers, tool calls with input and result). Long tool results are cut with a marker saying how much was left out. ' +
        'The first page shows the session header; the end of each page says how to get the next one.',
      inputSchema: {
        id: z.string().min(1).describe('Session id from search_sessions (a unique prefix is enough).'),
        page: z.number().int().min(1).optional().describe('Page number, from 1 (default 1).'),
        turnsPerPage: z.number().int().min(1).max(50).optional().describe('Turns per page (default 6).'),
        maxToolResultChars: z.number().int().min(0).max(20000).optional().describe('Cut each tool result after this many characters (default 600; 0 leaves results out).'),
        includeThinking: z.boolean().optional().describe('Also show thinking, injected context and events (default false).'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      ctx.answer(() => {
        const db = ctx.access.store();
        const id = visibleSessionId(db, args.id);
        const maxResult = args.maxToolResultChars ?? 600;
        let transcript = getTranscript(db, id, Math.max(maxResult, 1));
        if (maxResult === 0) {
          const drop = <C extends { result: string | null; resultTruncated: boolean }>(c: C): C => ({ ...c, result: null, resultTruncated: c.result !== null });
          transcript = {
            ...transcript,
            entries: transcript.entries.map((e) => (e.type === 'tool_call' ? { ...e, call: drop(e.call) } : { ...e, toolCalls: e.toolCalls.map(drop) })),
          };
        }
        if (ctx.policy.redact) transcript = redactTranscript(transcript);
        const page = transcriptPage(transcript, args.page ?? 1, args.turnsPerPage ?? 6);
        const where =
          page.turns.total === 0
            ? 'This session has no turns.'
            : page.turns.first === 0
              ? `Page ${page.page} is past the end: the session has ${page.pages} page(s).`
              : `Page ${page.page} of ${page.pages} (turns ${page.turns.first}-${page.turns.last} of ${page.turns.total}).`;
        const next = page.page < page.pages ? ` Next: read_session with id "${id}" and page ${page.page + 1}.` : '';
        const markdown = transcriptToMarkdown(page.transcript, { includeMeta: args.includeThinking ?? false });
        // The session header once, on the first page: later pages spend the budget on turns.
        const header = transcriptToMarkdown({ ...page.transcript, entries: [] }).trimEnd();
        const body = page.page > 1 && markdown.startsWith(header) ? markdown.slice(header.length).trimStart() : markdown;
        return ctx.text(`${where}${next}\n\n${body}`, 'read a later page, or fewer turnsPerPage, or a smaller maxToolResultChars');
      }),
  );
}
