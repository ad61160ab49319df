import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DevlogError } from '../../src-shared/errors.js';
import { agentJson, agentText, bounded, type OutputPolicy } from './agent-output.js';
import type { StoreAccess } from './store-access.js';

/** What every tool gets: the server to register on, the store, and how answers must look. */
export interface ToolContext {
  server: McpServer;
  access: StoreAccess;
  policy: OutputPolicy;
  /** The workspace filter used when a call names none (`--workspace-from-cwd`). */
  defaultWorkspace: string | undefined;
  /** Runs a tool body; a DevlogError (bad id, bad date) becomes a readable tool error, not a protocol failure. */
  answer(body: () => CallToolResult): CallToolResult;
  text(text: string, hint: string): CallToolResult;
  json(value: unknown, hint: string): CallToolResult;
}

export function toolContext(server: McpServer, access: StoreAccess, policy: OutputPolicy, defaultWorkspace: string | undefined): ToolContext {
  return {
    server,
    access,
    policy,
    defaultWorkspace,
    answer(body) {
      try {
        return body();
      } catch (err) {
        const message = err instanceof DevlogError || err instanceof Error ? err.message : String(err);
        return { isError: true, content: [{ type: 'text', text: message }] };
      }
    },
    text: (text, hint) => ({ content: [{ type: 'text', text: bounded(agentText(text, policy), hint) }] }),
    json: (value, hint) => ({ content: [{ type: 'text', text: bounded(agentJson(value, policy), hint) }] }),
  };
}
