/**
 * Stats by the time of use, on a real store: a session resumed weeks later, windows, time
 * zones, and the 15-minute rollups against the exact answer from the raw tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsQuery } from '../../src-shared/contract/index.js';
import { PriceTable } from './prices.js';
import { SAMPLE_HOME, writeSampleSessions } from './sample-sessions.js';
import { getStats, type StatsSource } from './stats.js';
import { currentTimeZone } from './time-zone.js';
import { rec, TestStore } from './test-store.js';

const prices = new PriceTable();
const ctx = { home: SAMPLE_HOME, now: new Date('2026-12-20T12:00:00.000Z') };
let store: TestStore;

/** A session started 2026-11-20 late evening UTC and resumed on 2026-12-15 (same file, new turns). */
function writeResumedSession(s: TestStore): void {
  const turn = (n: number, time: string, output: number) => ({
    message: rec.message('resumed', `r${n}`, n, { role: 'assistant', text: `turn ${n}`, time, model: 'claude-sonnet-4-5' }),
    usage: rec.usage('resumed', `ru${n}`, 'claude-sonnet-4-5', { input: 10 * n, output, time }),
    toolCall: rec.toolCall('resumed', `rt${n}`, { messageId: `r${n}`, name: 'Bash', time }),
  });
  const first = [turn(1, '2026-11-20T23:10:00.000Z', 100), turn(2, '2026-11-20T23:50:00.000Z', 200)];
  s.commit('claude-code', 'resumed.jsonl', {
    sessions: [rec.session('resumed', { workspace: `${SAMPLE_HOME}/code/resumed` })],
    messages: first.map((t) => t.message),
    usage: first.map((t) => t.usage),
    toolCalls: first.map((t) => t.toolCall),
  });
  const later = [turn(3, '2026-12-15T09:00:00.000Z', 300)];
  s.commit('claude-code', 'resumed.jsonl', { messages: later.map((t) => t.message), usage: later.map((t) => t.usage), toolCalls: later.map((t) => t.toolCall) });
}

beforeAll(() => {
  store = new TestStore();
  writeSampleSessions(store);
  writeResumedSession(store);
});
afterAll(() => store.dispose());

const stats = (q: StatsQuery, source?: StatsSource) => getStats(store.reader(), q, prices, { ...ctx, source });
const day = (q: StatsQuery, key: string) => stats({ by: 'day', timeZone: 'UTC', ...q }).groups.find((g) => g.key === key);

describe('stats by the time of use', () => {
  it('puts a resumed session’s new turns on the day they happened, and counts the session on both days', () => {
    expect(day({ agents: ['claude-code'] }, '2026-11-20')).toMatchObject({ sessions: 1, messages: 2, toolCalls: 2, tokens: { input: 30, output: 300 } });
    expect(day({ agents: ['claude-code'] }, '2026-12-15')).toMatchObject({ sessions: 1, messages: 1, toolCalls: 1, tokens: { input: 30, output: 300 } });
    expect(stats({ agents: ['claude-code'], workspace: '~/code/resumed' }).total).toMatchObject({ sessions: 1, messages: 3, tokens: { output: 600 } });
  });

  it('counts only what happened inside --since/--until, tokens and cost from the same usage rows', () => {
    const window = stats({ by: 'agent', since: '2026-12-01', timeZone: 'UTC' });
    expect(window.groups.map((g) => g.key)).toEqual(['claude-code']);
    expect(window.total).toMatchObject({ sessions: 1, messages: 1, toolCalls: 1, tokens: { input: 30, output: 300 } });
    // claude-sonnet-4-5: 30 x $3 + 300 x $15 per million tokens
    expect(window.total.cost).toBeCloseTo((30 * 3 + 300 * 15) / 1e6, 9);
    const relative = stats({ by: 'agent', since: '7d' }); // 2026-12-13T12:00Z: the resumed turn only
    expect(relative.total).toMatchObject({ sessions: 1, messages: 1, tokens: { output: 300 } });
    const until = stats({ by: 'agent', since: '2026-11-20T23:30:00Z', until: '2026-11-21T00:00:00Z' });
    expect(until.total).toMatchObject({ sessions: 1, messages: 1, tokens: { output: 200 } });
  });

  it('--model keeps the sessions that used the model, every row of theirs in the window', () => {
    const sonnet = stats({ by: 'agent', model: 'sonnet', timeZone: 'UTC' });
    expect(sonnet.groups.map((g) => g.key)).toEqual(['claude-code']);
    expect(sonnet.total).toMatchObject({ sessions: 2, messages: 5 + 1 + 3, tokens: { input: 1100 + 60, output: 550 + 600 } });
    expect(stats({ by: 'agent', model: 'sonnet', since: '2026-12-01', timeZone: 'UTC' }).total).toMatchObject({ sessions: 1, tokens: { input: 30 } });
  });

  it('groups by local day in the asked time zone: +5:30 moves the late turns to the next day', () => {
    const kolkata = stats({ by: 'day', agents: ['claude-code'], workspace: '~/code/resumed', timeZone: 'Asia/Kolkata' });
    expect(kolkata.groups.map((g) => [g.key, g.tokens.output])).toEqual([
      ['2026-11-21', 300], // 23:10Z and 23:50Z are 04:40 and 05:20 on the 21st
      ['2026-12-15', 300],
    ]);
    const la = stats({ by: 'day', agents: ['claude-code'], workspace: '~/code/resumed', timeZone: 'America/Los_Angeles' });
    expect(la.groups.map((g) => [g.key, g.tokens.output])).toEqual([
      ['2026-11-20', 300],
      ['2026-12-15', 300],
    ]);
    // A date window is local to the zone too: in Kolkata the 21st holds both first turns.
    expect(stats({ by: 'agent', since: '2026-11-21', until: '2026-11-21', agents: ['claude-code'], timeZone: 'Asia/Kolkata' }, 'raw').total.tokens.output).toBe(300);
  });

  it('answers from the day and 15-minute rollups exactly what the raw tables give, for every grouping, zone and filter', () => {
    const db = store.engine.db;
    db.prepare("INSERT INTO session_meta(session_id, hidden, updated_at, updated_by, seq) VALUES ('copilot-chat:delta-4', 1, 'x', 'x', 5000)").run();
    db.prepare("INSERT INTO session_meta(session_id, deleted, updated_at, updated_by, seq) VALUES ('codex:gamma-3', 1, 'x', 'x', 5001)").run();
    try {
      // The per-day rollups hold this process's zone (the writer's): it is in the list.
      for (const timeZone of [currentTimeZone(), 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Pacific/Chatham']) {
        for (const by of ['day', 'agent', 'model', 'workspace'] as const) {
          for (const filter of [{}, { agents: ['claude-code' as const] }, { workspace: '~/code/*' }, { since: '2026-11-05' }, { until: '2026-11-30' }, { includeHidden: true }]) {
            const q = { by, timeZone, ...filter };
            const exact = stats(q, 'raw');
            expect(stats(q, 'buckets'), JSON.stringify(q)).toEqual(exact);
            if (timeZone === currentTimeZone()) expect(stats(q, 'days'), JSON.stringify(q)).toEqual(exact);
          }
        }
      }
    } finally {
      db.prepare('DELETE FROM session_meta WHERE seq >= 5000').run();
    }
  });

  it('keeps the rollups right when a session’s workspace changes after its rows were stored', () => {
    const s = new TestStore();
    try {
      s.commit('codex', 'late.jsonl', {
        sessions: [rec.session('late')],
        messages: [rec.message('late', 'l1', 1, { role: 'user', text: 'hi', time: '2026-11-02T10:00:00.000Z' })],
        usage: [rec.usage('late', 'lu1', 'gpt-5', { input: 5, output: 5, time: '2026-11-02T10:00:00.000Z' })],
      });
      s.commit('codex', 'late.jsonl', { sessions: [rec.session('late', { workspace: '/w/late' })] });
      const q = { by: 'workspace' as const, timeZone: 'UTC' };
      const fast = getStats(s.reader(), q, prices, ctx);
      expect(fast.groups.map((g) => [g.key, g.sessions, g.messages, g.tokens.input])).toEqual([['/w/late', 1, 1, 5]]);
      for (const source of ['buckets', 'days'] as const) expect(getStats(s.reader(), { ...q, timeZone: currentTimeZone() }, prices, { ...ctx, source })).toEqual(getStats(s.reader(), { ...q, timeZone: currentTimeZone() }, prices, { ...ctx, source: 'raw' }));
    } finally {
      s.dispose();
    }
  });

  it('keeps the rollups right when rows are changed or deleted, and when a session is deleted', () => {
    const s = new TestStore();
    try {
      writeSampleSessions(s);
      writeResumedSession(s);
      const db = s.engine.db;
      db.prepare("UPDATE messages SET time = '2026-11-03T07:00:00.000Z', model = 'gpt-5' WHERE id = 'claude-code:a2'").run();
      db.prepare("UPDATE usage SET output = 999, time = NULL WHERE key = 'claude-code:u2'").run();
      db.prepare("DELETE FROM tool_calls WHERE id = 'claude-code:tc1'").run();
      db.prepare("DELETE FROM sessions WHERE id = 'codex:gamma-3'").run();
      for (const by of ['day', 'agent', 'model', 'workspace'] as const) {
        const q = { by, timeZone: currentTimeZone() };
        const exact = getStats(s.reader(), q, prices, { ...ctx, source: 'raw' });
        expect(exact.groups.map((g) => g.key)).not.toContain('codex');
        for (const source of ['buckets', 'days'] as const) expect(getStats(s.reader(), q, prices, { ...ctx, source }), `${by} ${source}`).toEqual(exact);
      }
      expect(db.prepare("SELECT count(*) AS n FROM session_activity WHERE session_id = 'codex:gamma-3'").get()).toEqual({ n: 0 });
    } finally {
      s.dispose();
    }
  });

  it('names an unknown time zone', () => {
    expect(() => stats({ by: 'day', timeZone: 'Mars/Olympus' })).toThrow(/timeZone: unknown time zone "Mars\/Olympus"/);
  });
});
