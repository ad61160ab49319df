/**
 * Roots for agents that write into each project (Aider): the workspaces of other agents' sessions
 * in the store, and the git root above each (Aider writes beside `.git`, while another agent's
 * session may have run in a subfolder). Only folders that exist on this machine are returned: a
 * workspace from another machine or a deleted checkout is not watched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReadableDb } from '../store/database.js';
import type { AgentId } from '../../src-shared/domain.js';

/** Folders climbed looking for `.git` (a checkout is rarely deeper below its root). */
const MAX_GIT_CLIMB = 12;

/**
 * Workspaces of other agents' sessions changed after sequence number `afterSeq` (0: all), and the
 * highest sequence number seen, so a later call looks only at sessions changed since.
 */
export function knownWorkspaces(db: ReadableDb, except: AgentId, afterSeq = 0): { workspaces: string[]; seq: number } {
  const rows = db.prepare('SELECT workspace, max(seq) AS seq FROM sessions WHERE seq > ? AND workspace IS NOT NULL AND agent <> ? GROUP BY workspace').all(afterSeq, except) as {
    workspace: string;
    seq: number;
  }[];
  return { workspaces: rows.map((r) => r.workspace), seq: rows.reduce((max, r) => Math.max(max, r.seq), afterSeq) };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The folder holding `.git` at or above `dir` (a folder, or a file in a worktree), or undefined. */
export function gitRootOf(dir: string): string | undefined {
  let current = dir;
  for (let i = 0; i < MAX_GIT_CLIMB; i++) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

/** Each workspace that is a folder here, and its git root, absolute and without repeats. */
export function workspaceRoots(workspaces: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const workspace of workspaces) {
    if (!path.isAbsolute(workspace)) continue;
    const dir = path.resolve(workspace);
    // A session run at a filesystem root is no repository.
    if (path.parse(dir).root === dir || !isDirectory(dir)) continue;
    roots.add(dir);
    const gitRoot = gitRootOf(dir);
    if (gitRoot) roots.add(gitRoot);
  }
  return [...roots];
}
