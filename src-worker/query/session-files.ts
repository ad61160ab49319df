import type { FileAction, SessionFile, SessionFilesResult } from '../../src-shared/contract/index.js';
import type { ReadableDb } from '../store/database.js';
import { findSession } from './session-lookup.js';

/** The order actions are listed in, and which of them change the file. */
export const FILE_ACTIONS: readonly FileAction[] = ['read', 'edit', 'write', 'delete', 'move', 'search'];
export const CHANGING_ACTIONS: readonly FileAction[] = ['edit', 'write', 'delete', 'move'];

interface FileRow {
  path: string;
  actions: string;
  count: number;
  first_time: string | null;
  last_time: string | null;
}

/**
 * The files one session's tool calls touched (`id` as `devlog show` takes it): changed files
 * first, then those only read or searched, by path within each. A plain function over a
 * read-only handle, for the RPC, the CLI and the MCP server alike.
 */
export function sessionFiles(db: ReadableDb, id: string): SessionFilesResult {
  const session = findSession(db, id);
  const rows = db
    .prepare(
      `SELECT path, json_group_array(DISTINCT action) AS actions, count(DISTINCT tool_call_rowid) AS count,
              min(time) AS first_time, max(time) AS last_time
         FROM file_touches WHERE session_id = ? GROUP BY path`,
    )
    .all(session.id) as FileRow[];
  const files = rows.map((r): SessionFile => {
    const actions = new Set(JSON.parse(r.actions) as FileAction[]);
    return {
      path: r.path,
      actions: FILE_ACTIONS.filter((a) => actions.has(a)),
      count: r.count,
      firstTime: r.first_time,
      lastTime: r.last_time,
    };
  });
  const changed = (f: SessionFile) => f.actions.some((a) => CHANGING_ACTIONS.includes(a));
  files.sort((a, b) => Number(changed(b)) - Number(changed(a)) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files };
}
