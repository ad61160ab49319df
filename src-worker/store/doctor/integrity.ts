import type { ReadableDb } from '../database.js';
import { check, MAX_EXAMPLES, type DoctorCheck } from './check.js';

/** SQLite's own check of every page, index and constraint of the store file. */
export function checkIntegrity(db: ReadableDb): DoctorCheck {
  const rows = db.pragma(`integrity_check(${MAX_EXAMPLES * 4})`, { simple: false }) as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return check('integrity', 'store file', problems.length, `${problems.length} problems reported by SQLite's integrity_check`, problems);
}
