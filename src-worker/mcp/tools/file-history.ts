import { z } from 'zod';
import { fileHistory } from '../../query/file-history.js';
import { filterShape, toSessionFilter } from '../scope.js';
import type { ToolContext } from '../tool-context.js';

const MAX_RESULTS = 25;

export function registerFileHistory(ctx: ToolContext): void {
  ctx.server.registerTool(
    'sessions_touching_file',
    {
      title: 'Sessions that touched a file',
      description:
        'Which earlier sessions read or changed a file, and what each did to it (read, edit, write, delete, move, search), newest first. ' +
        'Use it to find why a file looks the way it does ("which session changed db/migrate.ts?"), then read_session for the conversation. ' +
        'The path may be absolute, or relative to the session\'s workspace (src/app.ts); a folder covers the files below it.',
      inputSchema: {
        path: z.string().min(1).describe('The file or folder: absolute, ~/..., or relative to the workspace.'),
        changedOnly: z.boolean().optional().describe('Only sessions that changed it (edit, write, delete, move), not those that only read it.'),
        ...filterShape,
        limit: z.number().int().min(1).max(MAX_RESULTS).optional().describe(`At most this many sessions (default 10, at most ${MAX_RESULTS}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      ctx.answer(() => {
        const filter = toSessionFilter(args, ctx.defaultWorkspace);
        const result = fileHistory(ctx.access.store(), args.path, filter, args.limit ?? 10, { changedOnly: args.changedOnly ?? false });
        const sessions = result.entries.map(({ session: s, files }) => ({
          id: s.id,
          agent: s.agent,
          title: s.title,
          workspace: s.workspace,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          files: files.map((f) => ({ path: f.path, actions: f.actions, toolCalls: f.count, lastTime: f.lastTime })),
        }));
        return ctx.json({ path: args.path, sessions, more: result.hasMore ? 'more sessions touched it: narrow with since/until or raise limit' : undefined }, 'narrow with since/until or lower limit');
      }),
  );
}
