import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { WritableDb } from './database.js';
import type { SeqAllocator } from './seq.js';

/**
 * Stars or unstars a session: the user's own metadata row (session_meta), with a new sequence
 * number and version so exports and sync carry the change (last writer wins). Setting the value
 * it already has changes nothing.
 */
export function setSessionStarred(db: WritableDb, seq: SeqAllocator, machineId: string, id: string, starred: boolean): boolean {
  return seq.transaction(() => {
    if (!db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw new DevlogError(ErrorCodes.NotFound, `no session ${id}`, 'id');
    const current = db.prepare('SELECT starred FROM session_meta WHERE session_id = ?').get(id) as { starred: number } | undefined;
    if ((current?.starred ?? 0) === (starred ? 1 : 0)) return starred;
    db.prepare(
      `INSERT INTO session_meta (session_id, starred, version, updated_at, updated_by, seq) VALUES (@id, @starred, 1, @now, @machine, @seq)
       ON CONFLICT(session_id) DO UPDATE SET starred = excluded.starred, version = version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by, seq = excluded.seq`,
    ).run({ id, starred: starred ? 1 : 0, now: new Date().toISOString(), machine: machineId, seq: seq.take() });
    return starred;
  });
}
