import { z } from 'zod';
import type { SearchSnippet, SessionSummary } from '../../../src-shared/contract/index.js';
import { querySessions } from '../../query/sessions.js';
import { filterShape, toSessionFilter } from '../scope.js';
import type { ToolContext } from '../tool-context.js';

const MAX_RESULTS = 25;

/** The matched words in **bold**, so the agent sees why a session came up. */
function markSnippet(s: SearchSnippet): string {
  let out = '';
  let at = 0;
  for (const [start, end] of s.highlights) {
    out += `${s.text.slice(at, start)}**${s.text.slice(start, end)}**`;
    at = end;
  }
  const where = s.source === 'tool_call' ? `tool ${s.toolName ?? ''}`.trim() : s.role;
  return `[${where}] ${out + s.text.slice(at)}`;
}

function summary(s: SessionSummary) {
  return {
    id: s.id,
    agent: s.agent,
    title: s.title,
    workspace: s.workspace,
    gitBranch: s.gitBranch,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    models: s.models,
    messages: s.messageCount,
    toolCalls: s.toolCallCount,
    ...(s.matchCount !== undefined ? { matches: s.matchCount } : {}),
    ...(s.snippets?.length ? { snippets: s.snippets.map(markSnippet) } : {}),
  };
}

export function registerSearchSessions(ctx: ToolContext): void {
  ctx.server.registerTool(
    'search_sessions',
    {
      title: 'Search coding sessions',
      description:
        'Find earlier AI coding sessions (Claude Code, Codex, Copilot, Cursor, Gemini, ...) on this machine by the words in their messages and tool calls, ' +
        'or list recent sessions when no text is given. Returns session ids, titles, workspaces, times and matching snippets with the matched words in **bold**. ' +
        'Use it to recall how something was done before ("flaky migration test", "rate limiter"), then read_session with an id for the details. ' +
        'Every word must occur; "quoted words" are a phrase; word* is a prefix.',
      inputSchema: {
        text: z.string().optional().describe('Words to find. Omit to list the newest sessions.'),
        ...filterShape,
        sort: z.enum(['newest', 'relevance']).optional().describe('newest first (default) or best match first (with text).'),
        limit: z.number().int().min(1).max(MAX_RESULTS).optional().describe(`At most this many sessions (default 10, at most ${MAX_RESULTS}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      ctx.answer(() => {
        const filter = toSessionFilter(args, ctx.defaultWorkspace);
        const result = querySessions(ctx.access.store(), {
          ...filter,
          search: args.text?.trim() || undefined,
          sort: args.sort,
          limit: args.limit ?? 10,
          snippetsPerSession: 2,
        });
        const scope = filter.workspace ? `workspace ${filter.workspace} (pass allWorkspaces: true to search everywhere)` : 'all workspaces';
        return ctx.json(
          { scope, sessions: result.sessions.map(summary), more: result.hasMore ? 'more sessions match: narrow the search or raise limit' : undefined },
          'narrow the search or lower limit',
        );
      }),
  );
}
