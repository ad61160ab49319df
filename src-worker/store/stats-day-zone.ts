import { currentTimeZone, offsetAt } from '../query/time-zone.js';
import type { WritableDb } from './database.js';
import { getMeta, setMeta } from './meta.js';

export const DAY_ZONE_KEY = 'stats_day_zone';
const SUMS = 'messages, tool_calls, input, output, cache_read, cache_creation, reasoning';

/**
 * The per-day rollups hold days of SQLite's 'localtime' in the writer (the triggers use it),
 * which is meant to be the zone JavaScript sees (`zone`). meta stats_day_zone names the zone
 * they hold, and stats use them only for that zone. A writer opening the store in another zone
 * (the user travelled, TZ changed) rebuilds them from the 15-minute rollups, which every zone's
 * days are made of. Where SQLite's localtime and the zone disagree (a TZ that the C library and
 * ICU read differently), the tables are marked as no zone's and never used. Returns true if it
 * rebuilt.
 */
export function syncDayRollups(db: WritableDb, zone = currentTimeZone()): boolean {
  const tag = localtimeAgrees(db, zone) ? zone : `(sqlite localtime differs from ${zone})`;
  if (getMeta(db, DAY_ZONE_KEY) === tag) return false;
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
    setMeta(db, DAY_ZONE_KEY, tag);
  }).immediate();
  return true;
}

/** Whether SQLite's localtime has the zone's offset twice a month over the stored data and the year ahead. */
function localtimeAgrees(db: WritableDb, zone: string): boolean {
  const first = (db.prepare('SELECT min(bucket) FROM stats_rollup WHERE bucket >= 0').pluck().get() as number | null) ?? null;
  const now = Math.floor(Date.now() / 1000);
  const from = Math.min(first !== null ? first * 900 : now, now - 365 * 86_400);
  const localOffset = db.prepare("SELECT unixepoch(?, 'unixepoch', 'localtime') - ?").pluck();
  for (let t = from; t < now + 365 * 86_400; t += 15 * 86_400) {
    if ((localOffset.get(t, t) as number) !== offsetAt(zone, t)) return false;
  }
  return true;
}
