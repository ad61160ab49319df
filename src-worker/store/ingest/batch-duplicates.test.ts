import { afterEach, describe, expect, it } from 'vitest';
import { rec, TestStore } from '../../query/test-store.js';
import { checkFulltextIntegrity, countMatches } from '../testing/fulltext-integrity.js';

/**
 * One batch can carry the same id twice (Gemini appends a message again when its tokens or
 * tool calls arrive; a Claude Code fork repeats a uuid). The last copy wins, resolved before
 * any SQL, and the file is still collected.
 */
describe('the same id twice in one batch', () => {
  const stores: TestStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.dispose()));
  const open = () => {
    const store = new TestStore();
    stores.push(store);
    return store;
  };

  it('commits, keeps the last copy of a message, and indexes it once', () => {
    const store = open();
    store.commit('gemini', 'chat.json', {
      messages: [
        rec.message('s', 'm1', 1, { role: 'assistant', text: 'thinking about the pelican' }),
        rec.message('s', 'm2', 2, { role: 'user', text: 'and the heron?' }),
        rec.message('s', 'm1', 1, { role: 'assistant', text: 'the pelican and the flamingo', model: 'gemini-2.5-pro' }),
      ],
    });
    const db = store.engine.db;
    expect(db.prepare('SELECT id, text, model FROM messages ORDER BY id').all()).toEqual([
      { id: 'gemini:m1', text: 'the pelican and the flamingo', model: 'gemini-2.5-pro' },
      { id: 'gemini:m2', text: 'and the heron?', model: null },
    ]);
    expect(db.prepare("SELECT message_count FROM sessions WHERE id = 'gemini:s'").pluck().get()).toBe(2);
    expect(countMatches(db, 'messages_fts', 'flamingo')).toBe(1);
    expect(countMatches(db, 'messages_fts', 'thinking')).toBe(0);
    expect(countMatches(db, 'messages_fts', 'pelican')).toBe(1);
    checkFulltextIntegrity(db);
  });

  it('commits a batch that repeats a message already stored, with new text each time', () => {
    const store = open();
    store.commit('gemini', 'chat.json', { messages: [rec.message('s', 'm1', 1, { role: 'assistant', text: 'first draft' })] });
    store.commit('gemini', 'chat.json', {
      messages: [
        rec.message('s', 'm1', 1, { role: 'assistant', text: 'second draft' }),
        rec.message('s', 'm1', 1, { role: 'assistant', text: 'final answer' }),
      ],
    });
    const db = store.engine.db;
    expect(db.prepare('SELECT text FROM messages').pluck().all()).toEqual(['final answer']);
    expect(countMatches(db, 'messages_fts', 'draft')).toBe(0);
    expect(countMatches(db, 'messages_fts', 'final')).toBe(1);
    checkFulltextIntegrity(db);
  });

  it('folds tool call parts with the same id: the later part fills what the earlier lacked', () => {
    const store = open();
    store.commit('gemini', 'chat.json', {
      toolCalls: [
        rec.toolCall('s', 't1', { name: 'shell', input: { command: 'ls marmot' } }),
        rec.toolCall('s', 't1', { result: 'marmot.txt', isError: false }),
      ],
    });
    const db = store.engine.db;
    expect(db.prepare('SELECT name, input, result FROM tool_calls').all()).toEqual([{ name: 'shell', input: '{"command":"ls marmot"}', result: 'marmot.txt' }]);
    expect(db.prepare("SELECT tool_call_count FROM sessions WHERE id = 'gemini:s'").pluck().get()).toBe(1);
    checkFulltextIntegrity(db);
  });
});
