import crypto from 'node:crypto';
import os from 'node:os';
import type { AgentId } from '../../src-shared/domain.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { workspaceMatcher } from '../query/workspace-glob.js';

type Rules = Pick<RemoteConfig, 'include' | 'exclude' | 'agents'>;

/**
 * Whether a session goes to a remote: its workspace matches an include glob (or there is none),
 * no exclude glob, and its agent is listed (or none is). `~` is the home folder. A session
 * without a workspace matches only a remote with no include globs. Sessions go whole: this is
 * asked once per session, never per message.
 */
export function sessionMatchesRemote(session: { workspace: string | null; agent: AgentId | string }, remote: Rules, home: string = os.homedir()): boolean {
  return compileRouting(remote, home)(session);
}

/** The same predicate compiled once, for checking many sessions against one remote. */
export function compileRouting(remote: Rules, home: string = os.homedir()): (session: { workspace: string | null; agent: string }) => boolean {
  const include = remote.include.map((g) => workspaceMatcher(g, home));
  const exclude = remote.exclude.map((g) => workspaceMatcher(g, home));
  const agents = new Set<string>(remote.agents);
  return (session) => {
    if (agents.size > 0 && !agents.has(session.agent)) return false;
    const ws = session.workspace;
    if (include.length > 0 && (ws === null || !include.some((m) => m(ws)))) return false;
    if (ws !== null && exclude.some((m) => m(ws))) return false;
    return true;
  };
}

/** A digest of the rules: when it changes, the remote's cursor starts over (see migration 0006). */
export function routingDigest(remote: Rules): string {
  const canonical = JSON.stringify([[...remote.include].sort(), [...remote.exclude].sort(), [...remote.agents].sort()]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
