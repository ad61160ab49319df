import os from 'node:os';
import type { FileAction, SessionFilter, SessionSummary } from '../../src-shared/contract/index.js';
import type { ReadableDb } from '../store/database.js';
import { fileMatchSql } from './file-filter.js';
import { sessionFilterSql } from './filters.js';
import { FILE_ACTIONS } from './session-files.js';
import { SESSION_COLUMNS, toSessionSummary, type SessionRow } from './session-row.js';

/** What one session did to the asked-for file (or the files below an asked-for folder). */
export interface FileHistoryEntry {
  session: SessionSummary;
  /** Each path under the asked-for one that this session touched, with what it did. */
  files: Array<{ path: string; actions: FileAction[]; count: number; firstTime: string | null; lastTime: string | null }>;
}

interface TouchRow {
  path: string;
  actions: string;
  count: number;
  first_time: string | null;
  last_time: string | null;
}

/**
 * The sessions whose tool calls touched a file (read, edited, wrote, deleted, moved, searched),
 * newest activity first, with what each did to it: "which session changed this file?". The
 * filter (agents, workspace, time; hidden and deleted never) narrows the sessions.
 */
export function fileHistory(db: ReadableDb, file: string, filter: SessionFilter, limit: number, options: { changedOnly?: boolean; home?: string } = {}): { entries: FileHistoryEntry[]; hasMore: boolean } {
  const match = fileMatchSql(file, options.home ?? os.homedir());
  const sessions = sessionFilterSql(db, filter, { home: options.home });
  const changed = options.changedOnly ? `AND ft.action IN ('edit', 'write', 'delete', 'move')` : '';
  const params = { ...match.params, ...sessions.params, limit: limit + 1 };
  // The page of sessions first (newest touch first, in SQL), then what each did: a folder with
  // many touches costs its page, not every touch below it.
  const page = db
    .prepare(
      `SELECT ft.session_id FROM file_touches ft JOIN sessions s ON s.id = ft.session_id
        WHERE ${match.where} ${changed} AND ${sessions.where}
        GROUP BY ft.session_id ORDER BY max(coalesce(ft.time, '')) DESC, ft.session_id LIMIT @limit`,
    )
    .pluck()
    .all(params) as string[];
  const shown = page.slice(0, limit);
  const touches = db.prepare(
    `SELECT ft.path, json_group_array(DISTINCT ft.action) AS actions, count(DISTINCT ft.tool_call_rowid) AS count,
            min(ft.time) AS first_time, max(ft.time) AS last_time
       FROM file_touches ft WHERE ft.session_id = @session AND ${match.where} ${changed}
      GROUP BY ft.path ORDER BY ft.path`,
  );
  const lookup = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`);
  const entries = shown.map((id) => ({
    session: toSessionSummary(lookup.get(id) as SessionRow),
    files: (touches.all({ ...match.params, session: id }) as TouchRow[]).map((t) => {
      const actions = new Set(JSON.parse(t.actions) as FileAction[]);
      return { path: t.path, actions: FILE_ACTIONS.filter((a) => actions.has(a)), count: t.count, firstTime: t.first_time, lastTime: t.last_time };
    }),
  }));
  return { entries, hasMore: page.length > limit };
}
