import { z } from 'zod';
import { getStats } from '../../query/stats.js';
import { currentTimeZone } from '../../query/time-zone.js';
import { filterShape, toSessionFilter } from '../scope.js';
import type { ToolContext } from '../tool-context.js';

/** Days over a year would flood the context; the total always comes whole. */
const MAX_GROUPS = 100;

export function registerUsageStats(ctx: ToolContext): void {
  ctx.server.registerTool(
    'usage_stats',
    {
      title: 'Token usage and cost',
      description:
        'Sessions, messages, tool calls, tokens (input, output, cache read/write, reasoning) and estimated cost in USD, grouped by day, agent, model or workspace, ' +
        'with the same numbers as `devlog stats --json`. Days are local days of this machine. Cost is null where no price is known (see costUnknownTokens).',
      inputSchema: {
        by: z.enum(['day', 'agent', 'model', 'workspace']).optional().describe('Group by (default day).'),
        ...filterShape,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      ctx.answer(() => {
        const filter = toSessionFilter(args, ctx.defaultWorkspace);
        const result = getStats(ctx.access.store(), { ...filter, by: args.by ?? 'day', timeZone: currentTimeZone() }, ctx.access.priceTable());
        const omitted = result.groups.length - MAX_GROUPS;
        // Days keep their newest end (ascending order), other groupings their biggest rows.
        const groups = omitted <= 0 ? result.groups : result.by === 'day' ? result.groups.slice(omitted) : result.groups.slice(0, MAX_GROUPS);
        return ctx.json({ ...result, groups, ...(omitted > 0 ? { omittedGroups: omitted } : {}) }, 'narrow with since/until or another grouping');
      }),
  );
}
