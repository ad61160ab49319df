import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DEVLOG_VERSION } from '../version.js';
import type { OutputPolicy } from './agent-output.js';
import type { StoreAccess } from './store-access.js';
import { toolContext } from './tool-context.js';
import { registerFileHistory } from './tools/file-history.js';
import { registerReadSession } from './tools/read-session.js';
import { registerSearchSessions } from './tools/search-sessions.js';
import { registerUsageStats } from './tools/usage-stats.js';

export interface McpServerOptions {
  access: StoreAccess;
  policy: OutputPolicy;
  defaultWorkspace?: string;
}

/** devlog's MCP server: read-only tools over the local store, for coding agents to recall earlier sessions. */
export function createDevlogMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'devlog', version: DEVLOG_VERSION },
    {
      instructions:
        'devlog holds every AI coding session of this machine (all agents) in one searchable store. ' +
        'Use search_sessions to find earlier work, read_session to read one, sessions_touching_file for the history of a file, and usage_stats for tokens and cost.',
    },
  );
  const ctx = toolContext(server, options.access, options.policy, options.defaultWorkspace);
  registerSearchSessions(ctx);
  registerReadSession(ctx);
  registerFileHistory(ctx);
  registerUsageStats(ctx);
  return server;
}
