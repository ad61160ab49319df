import { afterEach, describe, expect, it } from 'vitest';
import { RemoteSchema } from '../config/remote-schema.js';
import { changedSessions, WireRecordReader } from '../export/wire-records.js';
import { writeSampleSessions } from '../query/sample-sessions.js';
import { querySessions } from '../query/sessions.js';
import { findSession } from '../query/session-lookup.js';
import { PriceTable } from '../query/prices.js';
import { getStats } from '../query/stats.js';
import { rec, TestStore } from '../query/test-store.js';
import { matchingSessions } from '../remotes/matching-sessions.js';
import { checkFulltextIntegrity, countMatches } from '../store/testing/fulltext-integrity.js';
import { applyLocalEdit, applyRemoteMeta, readSessionMeta } from './index.js';
import { PURGE_AFTER_DAYS, purgeDeletedSessions } from './purge-deleted.js';
import { PurgeService } from './purge-service.js';

const ALPHA = 'claude-code:alpha-1';
const DAY = 86_400_000;
const prices = new PriceTable();

describe('tombstones (real store, the collector write path)', () => {
  let store: TestStore;
  afterEach(() => store?.dispose());

  function setup() {
    store = new TestStore();
    writeSampleSessions(store);
    const { db, seq, machineId } = store.engine;
    return { db, seq, machineId, ids: () => querySessions(db, { includeHidden: true }).sessions.map((s) => s.id) };
  }
  const rows = (table: string, id = ALPHA) => store.engine.db.prepare(`SELECT count(*) FROM ${table} WHERE session_id = ?`).pluck().get(id) as number;

  it('a delete hides the session at once and a later collection of its file does not bring it back', () => {
    const { db, seq, machineId, ids } = setup();
    const tokensBefore = getStats(db, {}, prices).total.tokens.input;
    applyLocalEdit(db, seq, ALPHA, { deleted: true }, machineId);
    expect(ids()).not.toContain(ALPHA);
    expect(querySessions(db, { search: 'TypeError' }).sessions).toEqual([]);
    expect(getStats(db, {}, prices).total.tokens.input).toBe(tokensBefore - 1100);
    expect(() => findSession(db, 'alpha-1')).toThrow('no session with id "alpha-1"');

    // The agent writes on in the session's file; the collector stores it, still deleted.
    store.commit('claude-code', 'alpha/alpha-1.jsonl', {
      sessions: [rec.session('alpha-1', { title: 'Fix the login bug' })],
      messages: [rec.message('alpha-1', 'a9', 90, { role: 'user', text: 'zebra crossing resurrected', time: '2026-11-20T10:00:00.000Z' })],
    });
    expect(ids()).not.toContain(ALPHA);
    expect(querySessions(db, { search: 'zebra' }).sessions).toEqual([]);
    expect(readSessionMeta(db, ALPHA)?.deleted).toBe(true);
  });

  it('an older or concurrent edit from another machine does not undelete it', () => {
    const { db, seq, machineId, ids } = setup();
    const tombstone = applyLocalEdit(db, seq, ALPHA, { deleted: true }, machineId);
    const other = (version: number) => ({ ...tombstone, version, updatedBy: 'other-machine', updatedAt: new Date(Date.now() + DAY).toISOString(), deleted: false, title: 'renamed meanwhile' });
    expect(applyRemoteMeta(db, seq, other(tombstone.version - 1))).toBe('stale');
    expect(applyRemoteMeta(db, seq, other(tombstone.version + 5))).toBe('stale'); // made without seeing the delete
    expect(applyRemoteMeta(db, seq, tombstone)).toBe('duplicate');
    expect(ids()).not.toContain(ALPHA);
  });

  it('export sends the tombstone alone, our own sessions and our own edits only', () => {
    const { db, seq, machineId } = setup();
    const reader = new WireRecordReader(db, machineId);
    const kinds = (id: string) => reader.read(id)!.records.map((r) => r.kind);
    expect(kinds(ALPHA)).toEqual(expect.arrayContaining(['session', 'message', 'tool_call', 'usage']));

    applyLocalEdit(db, seq, ALPHA, { deleted: true }, machineId);
    expect(reader.read(ALPHA)!.records).toEqual([expect.objectContaining({ kind: 'session_meta', id: ALPHA, deleted: true, updatedBy: machineId })]);

    // A session that came from another machine (as a pull stores it): not ours to send...
    const wouldSend = () => matchingSessions(db, RemoteSchema.parse({ name: 'nas', url: 'file:///tmp/nas' }), machineId).matchingSessions;
    expect(wouldSend()).toBe(3); // four sessions, one deleted
    db.prepare("UPDATE sessions SET origin_machine = 'other-machine' WHERE id = 'codex:gamma-3'").run();
    expect(changedSessions(db, 0, machineId).map((s) => s.id)).not.toContain('codex:gamma-3');
    expect(wouldSend()).toBe(2); // what `remote test` counts
    // ...until we edit it: then only our edit goes.
    applyLocalEdit(db, seq, 'codex:gamma-3', { starred: true }, machineId);
    expect(changedSessions(db, 0, machineId).map((s) => s.id)).toContain('codex:gamma-3');
    expect(kinds('codex:gamma-3')).toEqual(['session_meta']);
    // Another machine's edit of our session: our content goes, its edit is its own to send.
    applyRemoteMeta(db, seq, { kind: 'session_meta', id: 'claude-code:beta-2', version: 3, updatedAt: new Date().toISOString(), updatedBy: 'other-machine', title: 'theirs', tags: [], starred: false, hidden: false, deleted: false });
    expect(kinds('claude-code:beta-2')).not.toContain('session_meta');
    expect(kinds('claude-code:beta-2')).toContain('message');
  });

  it(`purges the content ${PURGE_AFTER_DAYS} days after the delete; the tombstone stays and keeps it gone`, () => {
    const { db, seq, machineId, ids } = setup();
    const deletedAt = new Date('2026-11-21T00:00:00.000Z');
    applyLocalEdit(db, seq, ALPHA, { deleted: true }, machineId, deletedAt);
    const statsBefore = getStats(db, {}, prices).total;
    const seqBefore = seq.last;

    expect(purgeDeletedSessions(db, new Date(deletedAt.getTime() + (PURGE_AFTER_DAYS - 1) * DAY))).toEqual({ sessions: 0, rows: 0 });
    expect(rows('messages')).toBe(6);

    const purged = purgeDeletedSessions(db, new Date(deletedAt.getTime() + (PURGE_AFTER_DAYS + 1) * DAY));
    expect(purged.sessions).toBe(1);
    expect([rows('messages'), rows('tool_calls'), rows('usage')]).toEqual([0, 0, 0]);
    expect(countMatches(db, 'messages_fts', 'TypeError')).toBe(0);
    checkFulltextIntegrity(db);
    expect(db.prepare('SELECT agent_title, first_prompt, message_count, input_tokens FROM sessions WHERE id = ?').get(ALPHA)).toEqual({ agent_title: null, first_prompt: null, message_count: 0, input_tokens: 0 });
    expect(readSessionMeta(db, ALPHA)).toMatchObject({ deleted: true });
    // The stats did not count it before and do not now; other sessions' rows are untouched.
    expect(getStats(db, {}, prices).total).toEqual(statsBefore);
    expect(rows('messages', 'claude-code:beta-2')).toBe(2);
    expect(seq.last).toBe(seqBefore); // housekeeping: nothing new to export

    // The agent's file read again (a reparse, a rewrite): back in the store, still deleted, purged again.
    store.commit('claude-code', 'alpha/alpha-1.jsonl', { messages: [rec.message('alpha-1', 'a1', 10, { role: 'user', text: 'The login page throws a TypeError', time: '2026-11-01T10:00:00.000Z' })] });
    expect(ids()).not.toContain(ALPHA);
    expect(purgeDeletedSessions(db, new Date(deletedAt.getTime() + (PURGE_AFTER_DAYS + 2) * DAY)).sessions).toBe(1);
    expect(rows('messages')).toBe(0);
  });
});

describe('PurgeService (the engine timer)', () => {
  it('purges a session deleted more than 30 days ago on its first run', async () => {
    const store = new TestStore();
    try {
      writeSampleSessions(store);
      const { db, seq, machineId } = store.engine;
      applyLocalEdit(db, seq, ALPHA, { deleted: true }, machineId, new Date(Date.now() - (PURGE_AFTER_DAYS + 1) * DAY));
      applyLocalEdit(db, seq, 'claude-code:beta-2', { deleted: true }, machineId); // today: kept for now
      const count = (id: string) => db.prepare('SELECT count(*) FROM messages WHERE session_id = ?').pluck().get(id) as number;
      store.engine.register(new PurgeService(store.engine)).start(0);
      for (let i = 0; i < 200 && count(ALPHA) > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(count(ALPHA)).toBe(0);
      expect(count('claude-code:beta-2')).toBe(2);
    } finally {
      store.dispose();
    }
  });
});
