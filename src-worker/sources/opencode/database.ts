/**
 * OpenCode's SQLite database (`opencode.db`, or `opencode-<channel>.db` for other release
 * channels) in its data folder: tables `session`, `message` and `part`, the latter two with the
 * message info / part as JSON in `data` (packages/opencode/src/session/session.sql.ts), and in
 * the newest builds `session_message`, which replaces message/part for a session (records-v2.ts).
 *
 * It grows with every session, so only sessions that changed since the last read are read:
 * state.sessions[id] is a fingerprint of the session row and, for sessions active in the last
 * week, of its messages and parts (found through OpenCode's session indexes). Of a changed
 * session only the messages changed since its last read (state.marks[id], the newest
 * `time_updated` seen) are read again, each with all its parts: a long session streaming its
 * next reply is not re-read whole on every write. One call reads at most about READ_BUDGET_BYTES;
 * the rest is left for the next call (state.incomplete).
 *
 * Raw records are the rows read, keyed by table and id, so the rows can be re-derived from the
 * store alone: re-derivation rebuilds each table as (key, value) rows, which this reader also reads.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { isObject, str, type JsonObject } from '../json-read.js';
import type { FileContext, NormalizedBatch, ParserState } from '../types.js';
import { addSession, sessionRecord, type OpencodeMessage, type OpencodeSession } from './records.js';
import { addV2Message } from './records-v2.js';

export const READ_BUDGET_BYTES = 16 * 1024 * 1024;
const ACTIVE_WINDOW_MS = 7 * 24 * 3600 * 1000;

interface SessionRow {
  id: string;
  project_id: string | null;
  parent_id: string | null;
  directory: string | null;
  title: string | null;
  version: string | null;
  time_created: number | null;
  time_updated: number | null;
}

interface ChildRow {
  id: string;
  session_id: string;
  message_id?: string;
  time_updated?: number | null;
  data: string;
}

/** A row of the newer `session_message` table (records-v2.ts). */
interface V2ChildRow {
  id: string;
  session_id: string;
  type: string;
  time_created: number | null;
  time_updated?: number | null;
  data: string;
}

/** Reads the rows of OpenCode's own schema, or of the (key, value) tables re-derivation rebuilds. */
interface RowSource {
  /** The session's rows in the newer `session_message` table ([] when it has none); `since` as for messages. */
  v2(sessionId: string, since?: number): V2ChildRow[];
  hasV2(sessionId: string): boolean;
  sessions(): SessionRow[];
  fingerprint(row: SessionRow, now: number): string;
  /** The session's messages; with `since`, only those changed (or with a part changed) at or after it. */
  messages(sessionId: string, since?: number): ChildRow[];
  /** The parts of the messages `messages` returned for the same arguments. */
  parts(sessionId: string, since?: number): ChildRow[];
}

function columns(db: BetterSqlite3.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
}

function liveSource(db: BetterSqlite3.Database): RowSource {
  const messages = db.prepare('SELECT id, session_id, time_updated, data FROM message WHERE session_id = ? ORDER BY time_created, id');
  const parts = db.prepare('SELECT id, session_id, message_id, time_updated, data FROM part WHERE session_id = ? ORDER BY message_id, id');
  const changed = `SELECT id FROM message WHERE session_id = @session AND time_updated >= @since
    UNION SELECT message_id FROM part WHERE session_id = @session AND time_updated >= @since`;
  const changedMessages = db.prepare(`SELECT id, session_id, time_updated, data FROM message WHERE id IN (${changed}) ORDER BY time_created, id`);
  const changedParts = db.prepare(`SELECT id, session_id, message_id, time_updated, data FROM part WHERE message_id IN (${changed}) ORDER BY message_id, id`);
  const messageStamp = db.prepare('SELECT count(*) AS n, max(time_updated) AS at FROM message WHERE session_id = ?');
  const partStamp = db.prepare('SELECT count(*) AS n, max(time_updated) AS at FROM part WHERE session_id = ?');
  const hasV2Table = columns(db, 'session_message').size > 0;
  const v2All = hasV2Table ? db.prepare('SELECT id, session_id, type, time_created, time_updated, data FROM session_message WHERE session_id = ? ORDER BY seq') : undefined;
  const v2Since = hasV2Table ? db.prepare('SELECT id, session_id, type, time_created, time_updated, data FROM session_message WHERE session_id = ? AND time_updated >= ? ORDER BY seq') : undefined;
  const v2Any = hasV2Table ? db.prepare('SELECT 1 FROM session_message WHERE session_id = ? LIMIT 1') : undefined;
  const v2Stamp = hasV2Table ? db.prepare('SELECT count(*) AS n, max(time_updated) AS at FROM session_message WHERE session_id = ?') : undefined;
  return {
    v2: (id, since) => ((since === undefined ? v2All?.all(id) : v2Since?.all(id, since)) ?? []) as V2ChildRow[],
    hasV2: (id) => v2Any?.get(id) !== undefined,
    sessions: () => db.prepare('SELECT id, project_id, parent_id, directory, title, version, time_created, time_updated FROM session').all() as SessionRow[],
    fingerprint(row, now) {
      const base = `${row.time_updated ?? ''}`;
      if (row.time_updated === null || now - row.time_updated > ACTIVE_WINDOW_MS) return base;
      const m = messageStamp.get(row.id) as { n: number; at: number | null };
      const p = partStamp.get(row.id) as { n: number; at: number | null };
      const v = (v2Stamp?.get(row.id) as { n: number; at: number | null } | undefined) ?? { n: 0, at: null };
      return `${base}|${m.n}:${m.at ?? ''}|${p.n}:${p.at ?? ''}|${v.n}:${v.at ?? ''}`;
    },
    messages: (id, since) => (since === undefined ? messages.all(id) : changedMessages.all({ session: id, since })) as ChildRow[],
    parts: (id, since) => (since === undefined ? parts.all(id) : changedParts.all({ session: id, since })) as ChildRow[],
  };
}

/** Tables rebuilt from raw records: each value is the JSON the live reader kept for that row. */
function rebuiltSource(db: BetterSqlite3.Database): RowSource {
  const read = <T>(table: string): T[] =>
    columns(db, table).size === 0 ? [] : (db.prepare(`SELECT value FROM "${table}"`).all() as { value: string }[]).map((r) => JSON.parse(String(r.value)) as T);
  const messages = read<ChildRow>('message');
  const parts = read<ChildRow>('part');
  const v2 = read<V2ChildRow>('session_message');
  return {
    v2: (id) => v2.filter((m) => m.session_id === id),
    hasV2: (id) => v2.some((m) => m.session_id === id),
    sessions: () => read<SessionRow>('session'),
    fingerprint: (row) => `${row.time_updated ?? ''}`,
    messages: (id) => messages.filter((m) => m.session_id === id),
    parts: (id) => parts.filter((p) => p.session_id === id),
  };
}

export function readOpencodeDb(db: BetterSqlite3.Database, file: FileContext, state: ParserState, batch: NormalizedBatch, now = Date.now(), budget = READ_BUDGET_BYTES): void {
  const sessionColumns = columns(db, 'session');
  if (sessionColumns.size === 0) return; // A database OpenCode has not set up yet.
  const source = sessionColumns.has('project_id') ? liveSource(db) : rebuiltSource(db);
  const previous = isObject(state.sessions) ? (state.sessions as Record<string, string>) : {};
  const marks = isObject(state.marks) ? (state.marks as Record<string, number>) : {};
  const next: Record<string, string> = {};
  const nextMarks: Record<string, number> = {};
  let spent = 0;
  let incomplete = false;
  for (const row of source.sessions()) {
    const fingerprint = source.fingerprint(row, now);
    const mark = marks[row.id];
    if (previous[row.id] === fingerprint) {
      next[row.id] = fingerprint;
      if (mark !== undefined) nextMarks[row.id] = mark;
      continue;
    }
    if (spent >= budget) {
      incomplete = true;
      if (previous[row.id] !== undefined) next[row.id] = previous[row.id]!;
      if (mark !== undefined) nextMarks[row.id] = mark;
      continue;
    }
    const read = readSession(source, row, file, batch, previous[row.id] !== undefined ? mark : undefined);
    spent += read.bytes;
    next[row.id] = fingerprint;
    if (read.mark !== undefined) nextMarks[row.id] = read.mark;
  }
  state.sessions = next;
  state.marks = nextMarks;
  if (incomplete) state.incomplete = true;
  else delete state.incomplete;
}

/**
 * Reads one session (with `since`, only its messages changed since then) with their parts into
 * the batch; returns the bytes read and the newest `time_updated` seen.
 */
function readSession(source: RowSource, row: SessionRow, file: FileContext, batch: NormalizedBatch, since?: number): { bytes: number; mark?: number } {
  const where = `${file.path} session ${row.id}`;
  batch.raw.push({ table: 'session', key: row.id, text: JSON.stringify(row) });
  let bytes = 0;
  let mark = since;
  const seen = (at: number | null | undefined) => {
    if (typeof at === 'number' && (mark === undefined || at > mark)) mark = at;
  };
  const session: OpencodeSession = {
    id: row.id,
    parentId: str(row.parent_id),
    projectId: str(row.project_id),
    directory: str(row.directory),
    title: str(row.title),
    version: str(row.version),
    created: row.time_created ?? undefined,
    updated: row.time_updated ?? undefined,
  };
  // A session OpenCode has moved to its newer message table is read from there alone.
  if (source.hasV2(row.id)) {
    const models = new Set<string>();
    for (const m of source.v2(row.id, since)) {
      seen(m.time_updated);
      bytes += m.data.length;
      batch.raw.push({ table: 'session_message', key: m.id, text: JSON.stringify(m) });
      const data = parseData(m.data, `${where}: session_message ${m.id}`, batch);
      const model = data ? addV2Message(row.id, { id: m.id, type: m.type, created: m.time_created ?? 0, data }, batch, where) : undefined;
      if (model) models.add(model);
    }
    batch.sessions.push(sessionRecord(session, models));
    return { bytes, mark };
  }
  const byMessage = new Map<string, OpencodeMessage>();
  for (const m of source.messages(row.id, since)) {
    seen(m.time_updated);
    bytes += m.data.length;
    batch.raw.push({ table: 'message', key: m.id, text: JSON.stringify(m) });
    const info = parseData(m.data, `${where}: message ${m.id}`, batch);
    if (info) byMessage.set(m.id, { id: m.id, info, parts: [] });
  }
  for (const p of source.parts(row.id, since)) {
    seen(p.time_updated);
    bytes += p.data.length;
    batch.raw.push({ table: 'part', key: p.id, text: JSON.stringify(p) });
    const data = parseData(p.data, `${where}: part ${p.id}`, batch);
    const owner = byMessage.get(p.message_id ?? '');
    if (data && owner) owner.parts.push({ id: p.id, data });
    else if (data) batch.problems.push({ reason: `${where}: part ${p.id} belongs to message ${p.message_id} that is not in the session: skipped` });
  }
  addSession(session, [...byMessage.values()], batch, where);
  return { bytes, mark };
}

function parseData(text: string, where: string, batch: NormalizedBatch): JsonObject | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (isObject(value)) return value;
    batch.problems.push({ reason: `${where}: data is not a JSON object` });
  } catch (err) {
    batch.problems.push({ reason: `${where}: data is not JSON (${(err as Error).message})` });
  }
  return undefined;
}
