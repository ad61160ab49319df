import { currentTimeZone } from '../query/time-zone.js';
import type { WritableDb } from './database.js';
import { getMeta, setMeta } from './meta.js';

export const DAY_ZONE_KEY = 'stats_day_zone';
const SUMS = 'messages, tool_calls, input, output, cache_read, cache_creation, reasoning';

/**
 * The per-day rollups hold days of the zone the writer ran in (SQLite 'localtime' in the
 * triggers). A writer opening the store in another zone (the user travelled, TZ changed)
 * rebuilds them from the 15-minute rollups, which every zone's days are made of. Returns true
 * if it rebuilt.
 */
export function syncDayRollups(db: WritableDb, zone = currentTimeZone()): boolean {
  if (getMeta(db, DAY_ZONE_KEY) === zone) return false;
  const day = `CASE WHEN bucket < 0 THEN -1 ELSE unixepoch(bucket * 900, 'unixepoch', 'localtime') / 86400 END`;
  db.transaction(() => {
    db.exec(`
      DELETE FROM stats_rollup_day;
      DELETE FROM session_activity_day;
      INSERT INTO stats_rollup_day(day, agent, workspace, model, long, ${SUMS})
        SELECT ${day}, agent, workspace, model, long, ${SUMS.split(', ').map((c) => `sum(${c})`).join(', ')} FROM stats_rollup GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO session_activity_day(day, session_id, model, n)
        SELECT ${day}, session_id, model, sum(n) FROM session_activity GROUP BY 1, 2, 3;
    `);
    setMeta(db, DAY_ZONE_KEY, zone);
  }).immediate();
  return true;
}
