import { afterEach, describe, expect, it } from 'vitest';
import type { ReadableDb } from '../store/database.js';
import { sessionFilterSql } from './filters.js';
import { buildMatchExpression } from './fts-query.js';
import { searchSessions, snippetsFor, type SearchOptions } from './search.js';
import { querySessions } from './sessions.js';
import { rec, TestStore } from './test-store.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'migrate', 'migration', 'migrated'];

/**
 * 60 sessions over 60 days, three agents, written in shuffled order (as a history scan finds
 * files), each with messages and tool calls whose words follow its number, so every word
 * occurs in a known, different share of sessions. Two sessions are hidden.
 */
function manySessions(): TestStore {
  const store = new TestStore();
  stores.push(store);
  const agents = ['claude-code', 'codex', 'gemini'] as const;
  const order = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
  for (const n of order) {
    const agent = agents[n % 3]!;
    const day = String(1 + (n % 28)).padStart(2, '0');
    const month = n < 28 ? '10' : '11';
    const sid = `s${n}`;
    const words = WORDS.filter((_, w) => n % (w + 2) === 0);
    store.commit(agent, `${sid}.jsonl`, {
      sessions: [rec.session(sid, { workspace: `/w/p${n % 4}`, startedAt: `2026-${month}-${day}T${String(n % 24).padStart(2, '0')}:00:00Z` })],
      messages: [
        rec.message(sid, `${sid}-m1`, 1, { role: 'user', text: `session ${n} asks about ${words.join(' ')}` }),
        rec.message(sid, `${sid}-m2`, 2, { role: 'assistant', text: `plain answer number ${n}` }),
        rec.message(sid, `${sid}-m3`, 3, { role: 'assistant', text: n % 5 === 0 ? `more ${words.join(' and ')} here` : 'nothing else' }),
      ],
      toolCalls: [rec.toolCall(sid, `${sid}-t1`, { name: 'Bash', input: { command: n % 7 === 0 ? 'echo foxtrot' : 'ls' }, result: `ok ${n}` })],
    });
  }
  // A second pass, as live sessions grow: their rows now lie between other sessions' rows.
  for (const n of order.filter((k) => k % 6 === 0)) {
    store.commit(agents[n % 3]!, `s${n}.jsonl`, { messages: [rec.message(`s${n}`, `s${n}-m4`, 4, { role: 'user', text: 'later alpha bravo question' })] });
  }
  for (const hidden of ['claude-code:s0', 'codex:s10']) {
    store.engine.db.prepare("INSERT INTO session_meta(session_id, hidden, updated_at, updated_by, seq) VALUES (?, 1, 'x', 'x', 1)").run(hidden);
  }
  // Deleted: never listed, not even with includeHidden.
  store.engine.db.prepare("INSERT INTO session_meta(session_id, deleted, updated_at, updated_by, seq) VALUES ('gemini:s20', 1, 'x', 'x', 1)").run();
  return store;
}

/** The plain answer: every session with a match (read from the whole index), newest first. */
function oracle(db: ReadableDb, match: string, where: string, params: Record<string, string>): Array<{ id: string; matches: number }> {
  return db
    .prepare(
      `WITH hits AS (
         SELECT m.session_id AS sid FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH @match
         UNION ALL SELECT t.session_id FROM tool_calls_fts f JOIN tool_calls t ON t.rowid = f.rowid WHERE tool_calls_fts MATCH @match)
       SELECT s.id, count(*) AS matches FROM hits JOIN sessions s ON s.id = hits.sid WHERE ${where}
       GROUP BY s.id ORDER BY s.started_at DESC NULLS LAST, s.id`,
    )
    .all({ ...params, match }) as Array<{ id: string; matches: number }>;
}

describe('search at scale: the session walk gives what reading every match gives', () => {
  const searches = ['alpha', 'echo', 'foxtrot', 'charlie delta', '"asks about alpha"', 'migr*', 'plain', 'nomatchatall'];
  const filters = [{}, { agents: ['codex' as const] }, { workspace: '/w/p1' }, { since: '2026-11-01', until: '2026-11-20' }, { includeHidden: true }];

  it('finds the same sessions, in the same order, with the same match counts, for every limit', () => {
    const store = manySessions();
    const db = store.reader();
    for (const search of searches) {
      for (const f of filters) {
        const filter = sessionFilterSql(db, f, { now: new Date('2026-12-01T00:00:00Z') });
        const match = buildMatchExpression(search);
        const expected = oracle(db, match, filter.where, filter.params);
        expect(expected.map((e) => e.id)).not.toContain('gemini:s20');
        for (const limit of [1, 3, 10, 100]) {
          const base: SearchOptions = { match, search, syntax: 'words', sort: 'newest', limit };
          for (const variant of [{}, { fewHits: 0 }, { fewHits: 0, maxWalk: 5 }]) {
            const page = searchSessions(db, filter, { ...base, ...variant });
            const label = `${search} ${JSON.stringify(f)} limit ${limit} ${JSON.stringify(variant)}`;
            expect(page.sessions.map((s) => ({ id: s.row.id, matches: s.matchCount })), label).toEqual(expected.slice(0, limit));
            expect(page.hasMore, label).toBe(expected.length > limit);
          }
        }
      }
    }
  });

  it('snippets of walked sessions highlight the words, from the sessions\' own rows', () => {
    const store = manySessions();
    const db = store.reader();
    const options: SearchOptions = { match: buildMatchExpression('foxtrot'), search: 'foxtrot', syntax: 'words', sort: 'newest', limit: 5, fewHits: 0 };
    const page = searchSessions(db, sessionFilterSql(db, {}), options);
    const snippets = snippetsFor(db, page.sessions, options, 3);
    expect(page.sessions.length).toBe(5);
    for (const s of page.sessions) {
      const list = snippets.get(s.row.id)!;
      expect(list.length).toBeGreaterThan(0);
      for (const snip of list) {
        expect(snip.id.startsWith(`${s.row.agent}:${s.row.native_id}-`)).toBe(true);
        expect(snip.highlights.map(([a, b]) => snip.text.slice(a, b).toLowerCase())).toContain('foxtrot');
      }
    }
  });

  it('ranks by how often sessions match when there are many, and by bm25 when few', () => {
    const store = manySessions();
    const db = store.reader();
    const options: SearchOptions = { match: buildMatchExpression('alpha'), search: 'alpha', syntax: 'words', sort: 'relevance', limit: 4 };
    const walked = searchSessions(db, sessionFilterSql(db, {}), { ...options, fewHits: 0 }).sessions;
    const counts = walked.map((s) => s.matchCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(walked[0]!.matchCount).toBe(3); // s30: "alpha" in its first, third and later message
    const scored = querySessions(db, { search: 'alpha', sort: 'relevance', limit: 4 });
    expect(scored.sessions).toHaveLength(4);
    expect(scored.sessions.every((s) => (s.matchCount ?? 0) > 0)).toBe(true);
  });

  it('answers a prefix of many words while its matches are few, and asks for more letters when they are many', () => {
    const store = new TestStore();
    stores.push(store);
    const words = Array.from({ length: 70 }, (_, i) => `prefixword${i}`).join(' ');
    store.commit('codex', 'p.jsonl', { sessions: [rec.session('p1')], messages: [rec.message('p1', 'p1-m', 1, { role: 'user', text: words })] });
    const db = store.reader();
    const options: SearchOptions = { match: buildMatchExpression('prefixw*'), search: 'prefixw*', syntax: 'words', sort: 'newest', limit: 5 };
    expect(searchSessions(db, sessionFilterSql(db, {}), options).sessions.map((s) => s.row.id)).toEqual(['codex:p1']);
    expect(() => searchSessions(db, sessionFilterSql(db, {}), { ...options, fewHits: 0 })).toThrow(/prefixw\* stands for more than 64 different words in many messages: add letters/);
    // A prefix of few words is rewritten to them and walked like any word.
    const narrow = { ...options, match: buildMatchExpression('prefixword6*'), search: 'prefixword6*', fewHits: 0 };
    expect(searchSessions(db, sessionFilterSql(db, {}), narrow).sessions.map((s) => [s.row.id, s.matchCount])).toEqual([['codex:p1', 1]]);
  });
});
