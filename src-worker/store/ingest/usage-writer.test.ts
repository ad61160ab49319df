/** Usage rows through the real write path (IngestWriter on a real SQLite store). */
import { afterEach, describe, expect, it } from 'vitest';
import { rec, TestStore } from '../../query/test-store.js';

let store: TestStore | undefined;
afterEach(() => store?.dispose());

function open(): TestStore {
  store = new TestStore();
  return store;
}

const sessionTokens = (s: TestStore, id: string) =>
  s.reader().prepare('SELECT input_tokens AS input, output_tokens AS output, cache_read_tokens AS cacheRead FROM sessions WHERE id = ?').get(id);
const usageRows = (s: TestStore) => s.reader().prepare('SELECT key, session_id, time, input, output, cache_read FROM usage ORDER BY key').all();

describe('usage rows in the store', () => {
  it('keeps the largest of each count over copies read in different commits, and the session counts it once', () => {
    const s = open();
    const copy = (output: number, time: string) => ({ ...rec.usage('s1', 'msg_1:req_1', 'claude-sonnet-4-5', { input: 3, output, cacheRead: 100, time }), onConflict: 'max-per-field' as const });
    s.commit('claude-code', 'a.jsonl', { sessions: [rec.session('s1')], usage: [copy(1, '2026-01-01T10:00:00.000Z'), copy(40, '2026-01-01T10:00:01.000Z')] });
    s.commit('claude-code', 'a.jsonl', { usage: [copy(250, '2026-01-01T10:00:02.000Z')] });
    s.commit('claude-code', 'a.jsonl', { usage: [copy(1, '2026-01-01T10:00:00.000Z')] }); // re-read of an early copy
    expect(usageRows(s)).toEqual([{ key: 'claude-code:msg_1:req_1', session_id: 'claude-code:s1', time: '2026-01-01T10:00:02.000Z', input: 3, output: 250, cache_read: 100 }]);
    expect(sessionTokens(s, 'claude-code:s1')).toEqual({ input: 3, output: 250, cacheRead: 100 });
  });

  it('moves a replaced row out of the session that held it', () => {
    const s = open();
    const copy = (session: string, input: number) => ({ ...rec.usage(session, 'req-7', 'gpt-4o', { input, output: 1 }), onConflict: 'replace' as const });
    s.commit('copilot-chat', 'a.json', { sessions: [rec.session('A'), rec.session('B')], usage: [copy('A', 10)] });
    s.commit('copilot-chat', 'a.json', { usage: [copy('B', 30)] });
    expect(sessionTokens(s, 'copilot-chat:A')).toEqual({ input: 0, output: 0, cacheRead: 0 });
    expect(sessionTokens(s, 'copilot-chat:B')).toEqual({ input: 30, output: 1, cacheRead: 0 });
  });

  it('stores an impossible count as 0 with a problem naming the file, and keeps the commit', () => {
    const s = open();
    s.commit('gemini', 'chat.json', {
      sessions: [rec.session('g1')],
      messages: [rec.message('g1', 'm1', 0, { role: 'assistant', text: 'hi' })],
      usage: [rec.usage('g1', 'm1', 'gemini-2.5-pro', { input: 1.5, output: -3, cacheRead: 7 })],
    });
    expect(usageRows(s)).toEqual([{ key: 'gemini:m1', session_id: 'gemini:g1', time: null, input: 0, output: 0, cache_read: 7 }]);
    expect(s.reader().prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 1 });
    const problems = s.reader().prepare('SELECT path, reason FROM problems ORDER BY reason').all() as { path: string; reason: string }[];
    expect(problems.map((p) => p.reason)).toEqual(['usage m1: input 1.5 is not a token count: counted as 0', 'usage m1: output -3 is not a token count: counted as 0']);
    expect(problems[0]!.path).toMatch(/chat\.json$/);
  });
});
