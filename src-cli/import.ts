import path from 'node:path';
import type { ImportResult } from '../src-shared/contract/index.js';
import { AGENT_IDS, isAgentId, type AgentId } from '../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { expandHome } from '../src-worker/config/expand-home.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { importPath } from '../src-worker/import/importer.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { SOURCE_ADAPTERS } from '../src-worker/sources/registry.js';
import { connectToDaemon, DAEMON_CONNECT_TIMEOUT_MS } from './daemon-client.js';
import { formatCount } from './format.js';
import { openStoreOwner } from './store-owner.js';

export interface ImportOptions {
  agent?: string;
  json?: boolean;
}

/** A large copied history takes a while; the engine answers when every file is in. */
const ANSWER_TIMEOUT_MS = 60 * 60_000;

/** Through the running engine (it owns the store), or undefined when none answers. */
async function importViaEngine(target: string, agent: AgentId | undefined): Promise<ImportResult | undefined> {
  const paths = homePaths(resolveDevlogHome());
  const daemon = readDaemonInfo(paths.daemon);
  if (!daemon) return undefined;
  const client = await connectToDaemon(paths, daemon, { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs: ANSWER_TIMEOUT_MS }).catch((err: unknown) => {
    // A refused connection is a daemon file left by an engine that died: import here.
    if (err instanceof DevlogError && err.code === ErrorCodes.Timeout) throw err;
    return undefined;
  });
  if (!client) return undefined;
  try {
    return await client.call('sources.import', { path: target, ...(agent ? { agent } : {}) });
  } finally {
    client.dispose();
  }
}

/** `devlog import PATH [--agent A]`: copied agent files collected as if found in place, once. */
export async function runImport(target: string, options: ImportOptions): Promise<void> {
  if (options.agent !== undefined && !isAgentId(options.agent)) {
    throw new DevlogError(ErrorCodes.BadRequest, `unknown agent "${options.agent}" (one of ${AGENT_IDS.join(', ')})`);
  }
  const agent = options.agent as AgentId | undefined;
  const absolute = path.resolve(expandHome(target));
  let result = await importViaEngine(absolute, agent);
  if (!result) {
    const engine = openStoreOwner('import');
    try {
      result = await importPath(engine, { path: absolute, adapters: SOURCE_ADAPTERS, ...(agent ? { agent } : {}) });
    } finally {
      engine.dispose();
    }
  }
  if (options.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const byAgent = Object.entries(result.agents).map(([a, n]) => `${a} ${formatCount(n)}`).join(', ');
  const lines = [
    `imported ${formatCount(result.files)} files${byAgent ? ` (${byAgent})` : ''}: ${formatCount(result.sessionsAdded)} new sessions, ${formatCount(result.messagesAdded)} new messages` +
      (result.problems ? `; ${formatCount(result.problems)} problems (devlog status shows where)` : ''),
  ];
  if (result.skipped.length) lines.push(`skipped ${formatCount(result.skipped.length)} files:`, ...result.skipped.slice(0, 10).map((s) => `  ${s.path}: ${s.reason}`));
  if (result.skipped.length > 10) lines.push(`  … and ${formatCount(result.skipped.length - 10)} more (--json lists them all)`);
  process.stdout.write(lines.join('\n') + '\n');
}
