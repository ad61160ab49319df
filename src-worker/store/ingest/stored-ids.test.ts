import { afterEach, describe, expect, it } from 'vitest';
import { querySessions } from '../../query/sessions.js';
import { rec, TestStore } from '../../query/test-store.js';
import { getTranscript } from '../../query/transcript.js';
import { checkFulltextIntegrity } from '../testing/fulltext-integrity.js';
import { nativeIdOf, storedId } from './stored-id.js';

/**
 * Agents' ids are arbitrary JSON strings. SQLite stores a lone surrogate as bytes that read back
 * as U+FFFD (so two ids read back equal) and NUL cuts text in SQL functions and PostgreSQL; such
 * ids are stored escaped, reversibly, and every other id is stored exactly as the agent wrote it.
 */
describe('ids keep every character', () => {
  const stores: TestStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.dispose()));

  const odd = ['a\u0000b', 'a\u0000c', 'a', 'x\uD800', 'x\uDC00', 'x\uFFFD', 'x\uFFFD\uFFFD\uFFFD', '\uFFFFx', 'p\\u0000'];

  it('keeps messages with such ids apart and gives back the ids the agent wrote', () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('gemini', 'chat.json', { messages: odd.map((id, i) => rec.message('s', id, i, { role: 'user', text: `number ${i}` })) });
    store.commit('gemini', 'chat.json', { messages: odd.map((id, i) => rec.message('s', id, i, { role: 'user', text: `number ${i}` })) });
    const rows = store.reader().prepare('SELECT id, text FROM messages ORDER BY ordinal').all() as Array<{ id: string; text: string }>;
    expect(rows.map((r) => r.text)).toEqual(odd.map((_, i) => `number ${i}`));
    expect(new Set(rows.map((r) => r.id)).size).toBe(odd.length);
    expect(rows.map((r) => nativeIdOf(r.id.slice('gemini:'.length)))).toEqual(odd);
    checkFulltextIntegrity(store.engine.db);
  });

  it('finds each session by the id the store gives back, with its own messages', () => {
    const store = new TestStore();
    stores.push(store);
    const sessions = ['s\uD83D', 's\uDE00', 's\u0000'];
    store.commit('gemini', 'chat.json', {
      messages: sessions.map((sid, i) => rec.message(sid, `m${i}`, i, { role: 'user', text: `prompt ${i}` })),
      toolCalls: sessions.map((sid, i) => rec.toolCall(sid, `t\uD800${i}`, { messageId: `m${i}`, name: 'shell', result: `result ${i}` })),
    });
    const reader = store.reader();
    const listed = querySessions(reader, {}).sessions;
    expect(new Set(listed.map((s) => s.id)).size).toBe(3);
    for (const s of listed) {
      const entries = getTranscript(reader, s.id).entries;
      const texts = entries.flatMap((e) => (e.type === 'message' ? [e.text, ...e.toolCalls.map((c) => c.result)] : [e.call.result]));
      const i = sessions.indexOf(nativeIdOf(s.nativeId));
      expect(i, `session ${JSON.stringify(s.nativeId)}`).toBeGreaterThanOrEqual(0);
      expect(texts).toEqual([`prompt ${i}`, `result ${i}`]);
    }
  });

  it('stores well-formed ids unchanged and escapes the others reversibly', () => {
    for (const id of ['3f2a9c1e-uuid', 'msg_01:req_9', 'café ☕ 😀', '', 'back\\slash']) expect(storedId(id)).toBe(id);
    for (const id of odd) {
      expect(nativeIdOf(storedId(id))).toBe(id);
      expect(() => encodeURIComponent(storedId(id)), JSON.stringify(id)).not.toThrow(); // well-formed UTF-16
      expect(storedId(id)).not.toContain('\u0000');
    }
    expect(new Set(odd.map(storedId)).size).toBe(odd.length);
  });
});
