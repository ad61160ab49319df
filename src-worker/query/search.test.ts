import { afterEach, describe, expect, it } from 'vitest';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { openWritableDb } from '../store/database.js';
import { MIGRATIONS, migrate } from '../store/migrations/index.js';
import { buildMatchExpression, parseSnippet } from './fts-query.js';
import { writeSampleSessions } from './sample-sessions.js';
import { querySessions } from './sessions.js';
import { rec, TestStore } from './test-store.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

function sampleStore(): TestStore {
  const store = new TestStore();
  stores.push(store);
  writeSampleSessions(store);
  return store;
}

const ids = (store: TestStore, search: string, syntax?: 'words' | 'fts') =>
  querySessions(store.reader(), { search, ...(syntax ? { searchSyntax: syntax } : {}) }).sessions.map((s) => s.id);

function badRequest(fn: () => unknown): DevlogError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DevlogError);
    expect((err as DevlogError).code).toBe(ErrorCodes.BadRequest);
    return err as DevlogError;
  }
  throw new Error('expected a BAD_REQUEST');
}

describe('buildMatchExpression', () => {
  it('quotes every term as a phrase, keeps "phrases" and word* prefixes', () => {
    expect(buildMatchExpression('login bug')).toBe('"login" AND "bug"');
    expect(buildMatchExpression('"menu renderer" café')).toBe('"menu renderer" AND "café"');
    expect(buildMatchExpression('pass*')).toBe('"pass"*');
    expect(buildMatchExpression('foo(bar "unbalanced')).toBe('"foo(bar" AND "unbalanced"');
    expect(buildMatchExpression('say "hi""')).toBe('"say" AND "hi"');
    expect(buildMatchExpression('AND OR NOT')).toBe('"AND" AND "OR" AND "NOT"');
  });

  it('rejects input with nothing to look for', () => {
    expect(badRequest(() => buildMatchExpression('  ')).message).toMatch(/nothing to search/);
    expect(badRequest(() => buildMatchExpression('( * -')).message).toMatch(/no letters or digits/);
  });
});

describe('parseSnippet', () => {
  it('gives plain one-line text and highlight offsets', () => {
    expect(parseSnippet('…the \u0002login\u0003 page\n\nthrows \u0002TypeError\u0003')).toEqual({
      text: '…the login page throws TypeError',
      highlights: [[5, 10], [23, 32]],
    });
  });
});

describe('full-text search', () => {
  it('finds exactly the session a phrase occurs in, with highlighted snippets', () => {
    const store = sampleStore();
    const result = querySessions(store.reader(), { search: '"password field is empty"' });
    expect(result.sessions.map((s) => s.id)).toEqual(['claude-code:alpha-1']);
    const [snippet] = result.sessions[0]!.snippets!;
    expect(snippet).toMatchObject({ source: 'message', id: 'claude-code:a1', role: 'user' });
    const marked = snippet!.highlights.map(([a, b]) => snippet!.text.slice(a, b));
    expect(marked.join(' ')).toBe('password field is empty');
  });

  it('searches tool call names, inputs and results', () => {
    const store = sampleStore();
    const result = querySessions(store.reader(), { search: 'hashPassword' });
    expect(result.sessions.map((s) => s.id)).toEqual(['claude-code:alpha-1']);
    expect(result.sessions[0]!.matchCount).toBe(2); // the tool result and the subagent's message
    expect(result.sessions[0]!.snippets!.map((s) => s.source).sort()).toEqual(['message', 'tool_call']);
    expect(ids(store, '"npm test"')).toEqual(['claude-code:alpha-1']);
  });

  it('ignores diacritics and supports prefixes; every word must occur', () => {
    const store = sampleStore();
    expect(ids(store, 'cafe')).toEqual(['claude-code:beta-2']);
    expect(ids(store, 'regress*')).toEqual(['claude-code:alpha-1']);
    expect(ids(store, 'login')).toEqual(['codex:gamma-3', 'claude-code:alpha-1']);
    expect(ids(store, 'login docs')).toEqual(['codex:gamma-3']);
  });

  it('gives every session snippets of its own messages', () => {
    const store = sampleStore();
    const { sessions } = querySessions(store.reader(), { search: 'login' });
    const gamma = sessions.find((s) => s.id === 'codex:gamma-3')!;
    expect(gamma.snippets!.map((s) => [s.id, s.text])).toEqual([
      ['codex:g1', 'Write docs for the login flow'],
      ['codex:g2', 'Docs written to docs/login.md'],
    ]);
    for (const s of sessions) for (const snip of s.snippets!) expect(snip.id.split(':')[0]).toBe(s.agent);
  });

  it('never fails on what users type', () => {
    const store = sampleStore();
    for (const text of ['foo(bar', '"unbalanced', 'AND', 'NEAR(', 'login:', '^x', 'a-b', 'col:value', '"" login']) {
      expect(() => ids(store, text)).not.toThrow();
    }
    expect(ids(store, 'AND')).toEqual(['claude-code:alpha-1']); // the word "and", not an operator
  });

  it('passes raw FTS5 syntax through with --fts, and turns its errors into BAD_REQUEST', () => {
    const store = sampleStore();
    expect(ids(store, 'cafe OR docs', 'fts').sort()).toEqual(['claude-code:beta-2', 'codex:gamma-3']);
    expect(ids(store, 'login NOT docs', 'fts')).toEqual(['claude-code:alpha-1']);
    for (const bad of ['login AND (', '"unbalanced', 'nosuchcolumn:login']) {
      expect(badRequest(() => ids(store, bad, 'fts')).message).toMatch(/not a valid FTS5 query/);
    }
  });

  it('keeps the index in step with inserts, updates and deletes', () => {
    const store = sampleStore();
    store.commit('claude-code', 'beta/beta-2.jsonl', {
      messages: [rec.message('beta-2', 'b2', 2, { role: 'assistant', text: 'Rewritten answer about zeppelins', time: '2026-11-05T09:30:00.000Z' })],
    });
    expect(ids(store, 'zeppelins')).toEqual(['claude-code:beta-2']);
    expect(ids(store, '"split in three"')).toEqual([]);
    store.commit('claude-code', 'alpha/alpha-1.jsonl', {
      toolCalls: [rec.toolCall('alpha-1', 'tc1', { result: 'all green now' })],
    });
    expect(ids(store, '"all green"')).toEqual(['claude-code:alpha-1']);
    expect(ids(store, 'hashPassword')).toEqual(['claude-code:alpha-1']); // still in the subagent message
    store.engine.db.prepare("DELETE FROM sessions WHERE id = 'claude-code:beta-2'").run();
    expect(ids(store, 'zeppelins')).toEqual([]);
    expect(store.engine.db.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
  });

  it('combines search with filters and sorts by relevance on request', () => {
    const store = sampleStore();
    expect(querySessions(store.reader(), { search: 'login', agents: ['codex'] }).sessions.map((s) => s.id)).toEqual(['codex:gamma-3']);
    const byRelevance = querySessions(store.reader(), { search: 'login', sort: 'relevance' }).sessions;
    expect(byRelevance).toHaveLength(2);
  });

  it('indexes rows written before the full-text migration', () => {
    const store = new TestStore();
    stores.push(store);
    const file = `${store.home}/old.db`;
    const db = openWritableDb(file);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO sessions(id, agent, native_id, origin_machine, seq) VALUES ('codex:old', 'codex', 'old', 'm', 1);
             INSERT INTO messages(id, session_id, role, text, hash, seq) VALUES ('codex:m1', 'codex:old', 'user', 'an ancient xylophone', 'h', 2);`);
    migrate(db);
    const hits = db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'xylophone'").all();
    db.close();
    expect(hits).toHaveLength(1);
  });
});
