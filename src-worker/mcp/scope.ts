import { z } from 'zod';
import type { SessionFilter } from '../../src-shared/contract/index.js';
import { AGENT_IDS } from '../../src-shared/domain.js';

/** Glob characters in a real path are literal: each becomes a one-character class. */
export function literalGlob(path: string): string {
  return path.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}

/** The filter fields every tool shares, with descriptions an agent can act on. */
export const filterShape = {
  agents: z.array(z.enum(AGENT_IDS)).optional().describe(`Only sessions of these agents (${AGENT_IDS.join(', ')}).`),
  workspace: z
    .string()
    .optional()
    .describe('Workspace (project folder) path or glob, e.g. "~/code/api" or "**/api"; a folder includes its subfolders. Overrides the default workspace.'),
  allWorkspaces: z.boolean().optional().describe('Search every workspace, not only the default one this server was started with.'),
  since: z.string().optional().describe('Active since: "30m", "12h", "7d", "2w", "today", "yesterday" or an ISO date/datetime.'),
  until: z.string().optional().describe('Started before: same forms as since; a date alone includes that whole day.'),
  model: z.string().optional().describe('Used a model whose id contains this text, e.g. "sonnet" or "gpt-5".'),
};

type FilterArgs = { agents?: SessionFilter['agents']; workspace?: string; allWorkspaces?: boolean; since?: string; until?: string; model?: string };

/** The store filter for a tool call: hidden and deleted sessions are never included. */
export function toSessionFilter(args: FilterArgs, defaultWorkspace: string | undefined): SessionFilter {
  const workspace = args.workspace ?? (args.allWorkspaces ? undefined : defaultWorkspace);
  return { agents: args.agents, workspace, since: args.since, until: args.until, model: args.model, includeHidden: false };
}
