import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';

/** Shorter prefixes would match too much to be what the user meant. */
const MIN_PREFIX = 4;

/**
 * Finds a session by what the user typed: the full id (`claude-code:<uuid>`), the agent's own
 * id, or an unambiguous prefix of either (the short ids `devlog query` prints). A session the
 * user deleted is gone (not found) unless `includeDeleted` (metadata edits say "already deleted").
 */
export function findSession(db: ReadableDb, typed: string, options: { includeDeleted?: boolean } = {}): SessionRow {
  const id = typed.trim();
  if (!id) throw new DevlogError(ErrorCodes.BadRequest, 'a session id is required', 'id');
  const live = options.includeDeleted ? '' : 'AND NOT EXISTS (SELECT 1 FROM session_meta sm WHERE sm.session_id = s.id AND sm.deleted = 1)';
  const select = `SELECT ${SESSION_COLUMNS} FROM sessions s`;
  const exact = db.prepare(`${select} WHERE s.id = ? ${live}`).get(id) as SessionRow | undefined;
  if (exact) return exact;
  let rows = db.prepare(`${select} WHERE s.native_id = ? ${live} LIMIT 6`).all(id) as SessionRow[];
  if (!rows.length && id.length >= MIN_PREFIX) {
    rows = db
      .prepare(`${select} WHERE (substr(s.id, 1, length(@p)) = @p OR substr(s.native_id, 1, length(@p)) = @p) ${live} ORDER BY s.started_at DESC LIMIT 6`)
      .all({ p: id }) as SessionRow[];
  }
  if (rows.length === 1) return rows[0]!;
  if (rows.length > 1) {
    const some = rows.slice(0, 5).map((r) => r.id).join(', ');
    throw new DevlogError(ErrorCodes.BadRequest, `session id "${id}" is ambiguous: it matches ${some}${rows.length > 5 ? ', …' : ''}`, 'id');
  }
  throw new DevlogError(ErrorCodes.NotFound, `no session with id "${id}" (devlog query lists sessions and their ids)`, 'id');
}
