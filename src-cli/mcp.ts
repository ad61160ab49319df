import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDevlogMcpServer } from '../src-worker/mcp/server.js';
import { literalGlob } from '../src-worker/mcp/scope.js';
import { StoreAccess } from '../src-worker/mcp/store-access.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';

export interface McpOptions {
  /** commander's --no-redact: false turns redaction off. */
  redact: boolean;
  workspaceFromCwd?: boolean;
}

/**
 * `devlog mcp`: an MCP server on stdin/stdout for coding agents. stdout carries only the
 * protocol; anything for a human goes to stderr. Ends when the agent closes stdin.
 */
export async function runMcp(options: McpOptions): Promise<void> {
  const access = new StoreAccess(homePaths(resolveDevlogHome()));
  const defaultWorkspace = options.workspaceFromCwd ? literalGlob(process.cwd()) : undefined;
  const server = createDevlogMcpServer({ access, policy: { redact: options.redact }, defaultWorkspace });
  const transport = new StdioServerTransport();
  transport.onclose = () => access.close();
  process.stdin.on('end', () => {
    void server.close().finally(() => process.exit(0));
  });
  await server.connect(transport);
  if (!options.redact) process.stderr.write('devlog mcp: redaction is OFF (--no-redact): secrets in sessions reach the agent as written\n');
}
