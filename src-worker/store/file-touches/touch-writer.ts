import type { WritableDb } from '../database.js';
import { extractFileTouches, FILE_TOOL_NAMES } from './extract.js';
import { resolveTouchPath } from './touch-path.js';

interface CallRow {
  rowid: number;
  session_id: string;
  name: string;
  input: string | null;
  time: string | null;
  workspace: string | null;
}

const SELECT_CALLS = `SELECT t.rowid, t.session_id, t.name, t.input, coalesce(t.time, t.result_time) AS time, s.workspace
  FROM tool_calls t JOIN sessions s ON s.id = t.session_id`;
/** Only calls of tools that can name files (extract.ts) are read back: a Bash call's 64 KB input is not. */
const FILE_TOOLS_ONLY = `lower(t.name) IN (${FILE_TOOL_NAMES.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ')})`;

/**
 * Keeps `file_touches` in step with tool calls: the rows of each inserted or changed call are
 * replaced once per commit, after its sessions are final (a relative path needs the workspace).
 * Deleted calls take their rows with them (trigger in migration 0008).
 */
export class FileTouchWriter {
  private readonly stmts;
  private changed: number[] = [];

  constructor(db: WritableDb) {
    this.stmts = {
      calls: db.prepare(`${SELECT_CALLS} WHERE t.rowid IN (SELECT value FROM json_each(?)) AND ${FILE_TOOLS_ONLY}`),
      clear: db.prepare('DELETE FROM file_touches WHERE tool_call_rowid IN (SELECT value FROM json_each(?))'),
      insert: db.prepare(
        `INSERT OR IGNORE INTO file_touches(tool_call_rowid, session_id, path, rel_path, action, time) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  toolCallChanged(rowid: number | bigint): void {
    this.changed.push(Number(rowid));
  }

  /** Call at the end of the commit that wrote the calls, inside its transaction. */
  flush(): void {
    if (!this.changed.length) return;
    const ids = JSON.stringify(this.changed);
    this.changed = [];
    this.stmts.clear.run(ids);
    // all(), not iterate(): better-sqlite3 cannot write on a connection while a read is open.
    for (const call of this.stmts.calls.all(ids) as CallRow[]) this.writeCall(call);
  }

  reset(): void {
    this.changed = [];
  }

  private writeCall(call: CallRow): void {
    for (const touch of extractFileTouches(call.name, call.input)) {
      const where = resolveTouchPath(touch.path, call.workspace);
      if (where) this.stmts.insert.run(call.rowid, call.session_id, where.path, where.relPath, touch.action, call.time);
    }
  }

  /** Fills the table from every stored tool call (a store from before migration 0008). */
  static backfill(db: WritableDb): void {
    const writer = new FileTouchWriter(db);
    const page = db.prepare(`${SELECT_CALLS} WHERE t.rowid > ? AND ${FILE_TOOLS_ONLY} ORDER BY t.rowid LIMIT 2000`);
    for (let after = 0; ; ) {
      const calls = page.all(after) as CallRow[];
      if (!calls.length) return;
      for (const call of calls) writer.writeCall(call);
      after = calls[calls.length - 1]!.rowid;
    }
  }
}
