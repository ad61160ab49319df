import type { AgentId } from '../../src-shared/domain.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { sessionMatchesRemote } from '../export/routing.js';
import type { ReadableDb } from '../store/database.js';

export interface RoutingMatch {
  matchingSessions: number;
  /** Most sessions first; a session without a workspace counts under "(none)". */
  workspaces: { workspace: string; sessions: number }[];
}

/**
 * How many local sessions a remote's routing sends, and from which workspaces: what `remote
 * test` shows before anything leaves. Asked once per (workspace, agent) pair, not per session.
 * Only sessions collected on this machine and not deleted: the others' content is not ours to
 * send (see changedSessions).
 */
export function matchingSessions(db: ReadableDb, remote: RemoteConfig, localMachine: string): RoutingMatch {
  const groups = db
    .prepare(
      `SELECT workspace, agent, count(*) AS n FROM sessions s
       WHERE s.origin_machine = ? AND NOT EXISTS (SELECT 1 FROM session_meta sm WHERE sm.session_id = s.id AND sm.deleted = 1)
       GROUP BY workspace, agent`,
    )
    .all(localMachine) as { workspace: string | null; agent: AgentId; n: number }[];
  const byWorkspace = new Map<string, number>();
  let total = 0;
  for (const g of groups) {
    if (!sessionMatchesRemote({ workspace: g.workspace, agent: g.agent }, remote)) continue;
    total += g.n;
    const key = g.workspace ?? '(none)';
    byWorkspace.set(key, (byWorkspace.get(key) ?? 0) + g.n);
  }
  const workspaces = [...byWorkspace].map(([workspace, sessions]) => ({ workspace, sessions })).sort((a, b) => b.sessions - a.sessions || a.workspace.localeCompare(b.workspace));
  return { matchingSessions: total, workspaces };
}
