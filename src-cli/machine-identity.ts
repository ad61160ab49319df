import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { openStoreReadOnly } from '../src-worker/query/open-store.js';
import { getMeta } from '../src-worker/store/meta.js';

/**
 * This install's machine id and name, read from the store (beside a running engine too). The
 * store exists once any command opened the data folder; `devlog login` asks after `remote list`.
 */
export function localMachine(): { id: string; name: string } {
  const db = openStoreReadOnly(homePaths(resolveDevlogHome()));
  try {
    const id = getMeta(db, 'machine_id');
    if (!id) throw new DevlogError(ErrorCodes.Internal, 'this data folder has no machine id yet: run `devlog collect` once, then try again');
    const row = db.prepare('SELECT name FROM machines WHERE id = ?').get(id) as { name: string | null } | undefined;
    return { id, name: row?.name || id };
  } finally {
    db.close();
  }
}
