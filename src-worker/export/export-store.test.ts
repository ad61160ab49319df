import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../native.js';
import type { WritableDb } from '../store/database.js';
import { migrate } from '../store/migrations/index.js';
import { ExportStore, readOutboundLog } from './export-store.js';

function store(): { db: WritableDb; s: ExportStore } {
  const db = new (loadSqlite())(':memory:') as unknown as WritableDb;
  migrate(db);
  return { db, s: new ExportStore(db) };
}

const entry = (at: string, remote = 'team') => ({ at, remote, sessions: 2, records: 9, bytes: 1234, redactions: { 'aws-key': 1 } });

describe('ExportStore', () => {
  it('keeps a cursor per remote, and reads 0 once the rules changed or the remote was removed', () => {
    const { s } = store();
    expect(s.cursor('team', 'r1')).toEqual({ seq: 0, lastSuccessAt: null });
    s.acknowledged('team', 'r1', 42, entry('2026-01-02T00:00:00.000Z'));
    expect(s.cursor('team', 'r1')).toEqual({ seq: 42, lastSuccessAt: '2026-01-02T00:00:00.000Z' });
    expect(s.cursor('team', 'r2').seq).toBe(0);
    s.reset('team');
    expect(s.cursor('team', 'r1').seq).toBe(0);
    s.skipTo('team', 'r1', 50);
    s.forget('team');
    expect(s.cursor('team', 'r1').seq).toBe(0);
  });

  it('logs every acknowledged batch, newest first, per remote, and prunes entries older than 90 days', () => {
    const { db, s } = store();
    const now = Date.parse('2026-06-01T00:00:00Z');
    s.acknowledged('team', 'r', 1, entry('2026-01-01T00:00:00.000Z'));
    s.acknowledged('team', 'r', 2, entry('2026-05-30T00:00:00.000Z'));
    s.acknowledged('home', 'r', undefined, entry('2026-05-31T00:00:00.000Z', 'home'));
    expect(readOutboundLog(db).map((e) => e.at)).toEqual(['2026-05-31T00:00:00.000Z', '2026-05-30T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    expect(readOutboundLog(db, { remote: 'home' })).toEqual([entry('2026-05-31T00:00:00.000Z', 'home')]);
    expect(s.prune(now)).toBe(1);
    expect(readOutboundLog(db, { remote: 'team' }).map((e) => e.at)).toEqual(['2026-05-30T00:00:00.000Z']);
  });
});
