import { afterEach, describe, expect, it } from 'vitest';
import { rec, TestStore } from '../../query/test-store.js';

/** Export and sync read rows by seq: a re-read that changes nothing must not look like news. */
describe('sequence numbers are taken only by rows that really changed', () => {
  const stores: TestStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.dispose()));

  const batch = (answer: string) => ({
    sessions: [rec.session('s', { workspace: '/w', startedAt: '2026-01-01T10:00:00.000Z' })],
    messages: [
      rec.message('s', 'm1', 1, { role: 'user', text: 'count the otters', time: '2026-01-01T10:00:00.000Z' }),
      rec.message('s', 'm2', 2, { role: 'assistant', text: answer, time: '2026-01-01T10:00:05.000Z' }),
    ],
    toolCalls: [rec.toolCall('s', 't1', { name: 'shell', input: { command: 'wc otters' }, result: '3' })],
  });
  const seqs = (store: TestStore) =>
    store.engine.db
      .prepare(`SELECT id, seq FROM sessions UNION ALL SELECT id, seq FROM messages UNION ALL SELECT id, seq FROM tool_calls ORDER BY id`)
      .all() as Array<{ id: string; seq: number }>;

  it('takes none on a re-read of the same input, and exactly one per changed row', () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('gemini', 'chat.json', batch('three otters'));
    const first = seqs(store);
    const lastAfterFirst = store.engine.seq.last;
    // Every row has a number of its own.
    expect(new Set(first.map((r) => r.seq)).size).toBe(first.length);

    store.commit('gemini', 'chat.json', batch('three otters'));
    expect(store.engine.seq.last).toBe(lastAfterFirst);
    expect(seqs(store)).toEqual(first);

    store.commit('gemini', 'chat.json', batch('four otters, one was hiding'));
    expect(store.engine.seq.last).toBe(lastAfterFirst + 1);
    expect(seqs(store)).toEqual(first.map((r) => (r.id === 'gemini:m2' ? { id: r.id, seq: lastAfterFirst + 1 } : r)));
  });
});
