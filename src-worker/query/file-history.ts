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
  session_id: string;
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
  const rows = db
    .prepare(
      `SELECT ft.session_id, ft.path, json_group_array(DISTINCT ft.action) AS actions, count(DISTINCT ft.tool_call_rowid) AS count,
              min(ft.time) AS first_time, max(ft.time) AS last_time
         FROM file_touches ft JOIN sessions s ON s.id = ft.session_id
        WHERE ${match.where} ${changed} AND ${sessions.where}
        GROUP BY ft.session_id, ft.path`,
    )
    .all({ ...match.params, ...sessions.params }) as TouchRow[];
  const bySession = new Map<string, TouchRow[]>();
  for (const row of rows) bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row]);
  const latest = (touches: TouchRow[]) => touches.reduce((max, t) => (t.last_time && t.last_time > max ? t.last_time : max), '');
  const ordered = [...bySession.entries()].sort(([, a], [, b]) => (latest(b) > latest(a) ? 1 : latest(b) < latest(a) ? -1 : 0));
  const shown = ordered.slice(0, limit);
  const lookup = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`);
  const entries = shown.map(([id, touches]) => ({
    session: toSessionSummary(lookup.get(id) as SessionRow),
    files: touches.map((t) => {
      const actions = new Set(JSON.parse(t.actions) as FileAction[]);
      return { path: t.path, actions: FILE_ACTIONS.filter((a) => actions.has(a)), count: t.count, firstTime: t.first_time, lastTime: t.last_time };
    }),
  }));
  return { entries, hasMore: ordered.length > limit };
}
