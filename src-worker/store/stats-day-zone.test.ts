/** The per-day rollups are used only for the zone SQLite's localtime really is. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceTable } from '../query/prices.js';
import { writeSampleSessions } from '../query/sample-sessions.js';
import { getStats } from '../query/stats.js';
import { TestStore } from '../query/test-store.js';
import { currentTimeZone, offsetAt } from '../query/time-zone.js';
import { getMeta } from './meta.js';
import { DAY_ZONE_KEY, syncDayRollups } from './stats-day-zone.js';

let store: TestStore;
beforeAll(() => {
  store = new TestStore();
  writeSampleSessions(store);
});
afterAll(() => store.dispose());

// A zone whose offsets differ from this process's (SQLite's localtime follows the process).
const nowSec = Math.floor(Date.now() / 1000);
const other = ['Asia/Kolkata', 'America/New_York'].find((z) => offsetAt(z, nowSec) !== offsetAt(currentTimeZone(), nowSec))!;

describe('per-day rollups and the writer’s zone', () => {
  it('are tagged with the process zone when the engine opens the store', () => {
    expect(getMeta(store.engine.db, DAY_ZONE_KEY)).toBe(currentTimeZone());
    expect(syncDayRollups(store.engine.db)).toBe(false); // nothing to do the second time
  });

  it('are marked as no zone’s when SQLite’s localtime is not the zone JavaScript names, and stats then do without them', () => {
    expect(syncDayRollups(store.engine.db, other)).toBe(true);
    expect(getMeta(store.engine.db, DAY_ZONE_KEY)).toBe(`(sqlite localtime differs from ${other})`);
    const prices = new PriceTable();
    for (const timeZone of [other, currentTimeZone()]) {
      const q = { by: 'day' as const, timeZone };
      expect(getStats(store.reader(), q, prices)).toEqual(getStats(store.reader(), q, prices, { source: 'raw' }));
    }
    expect(syncDayRollups(store.engine.db)).toBe(true);
    expect(getMeta(store.engine.db, DAY_ZONE_KEY)).toBe(currentTimeZone());
  });
});
