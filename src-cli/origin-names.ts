import type { ReadableDb } from '../src-worker/store/database.js';

/**
 * Other machines this store has sessions from (pulled by machine sync): id -> name, as the
 * remote told it (a folder's manifest names its machine; a server's feed gives only the id).
 * This machine is never in it, so a session found here came from elsewhere.
 */
export function otherMachines(db: ReadableDb): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM machines WHERE is_local = 0').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How a machine is shown: its name, with the id's start when the name is not the id itself. */
export function machineLabel(id: string, name: string | undefined): string {
  if (!name || name === id) return id.slice(0, 8);
  return `${name} (${id.slice(0, 8)})`;
}
