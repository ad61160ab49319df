import { afterEach, describe, expect, it } from 'vitest';
import { getTranscript } from '../../query/transcript.js';
import { TestStore } from '../../query/test-store.js';
import { assistantLine, parseRecords, userLine } from '../../sources/claude-code/test-support.js';
import { checkFulltextIntegrity } from '../testing/fulltext-integrity.js';

/**
 * Claude Code can resume or fork a session into a new file with a new sessionId that repeats
 * the earlier lines with their uuids. Rule: a message (and a tool call) belongs to the first
 * session that wrote its id; a copy in another session is not moved, so every session's counts
 * always equal the rows it owns.
 */
describe('a message id repeated by another session', () => {
  const stores: TestStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.dispose()));

  const original = [
    userLine('u1', 'rename the wombat module'),
    assistantLine('a1', [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'git mv wombat' } }]),
    userLine('r1', [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'renamed' }], { parentUuid: 'a1' }),
  ];
  // The fork: the same lines under a new sessionId, then its own new prompt.
  const fork = [...original.map((line) => ({ ...line, sessionId: 's2' })), userLine('u2', 'now the koala module', { sessionId: 's2' })];

  const counts = (store: TestStore) =>
    store.engine.db
      .prepare(
        `SELECT s.native_id AS session, s.message_count AS messageCount, s.tool_call_count AS toolCallCount,
                (SELECT count(*) FROM messages m WHERE m.session_id = s.id) AS messagesOwned,
                (SELECT count(*) FROM tool_calls t WHERE t.session_id = s.id) AS toolCallsOwned
           FROM sessions s ORDER BY s.native_id`,
      )
      .all();

  it('stays with the session that wrote it first, and every count matches the rows owned', () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('claude-code', 'projects/-tmp-demo/s1.jsonl', parseRecords(original));
    store.commit('claude-code', 'projects/-tmp-demo/s2.jsonl', parseRecords(fork, 'projects/-tmp-demo/s2.jsonl'));

    expect(counts(store)).toEqual([
      { session: 's1', messageCount: 3, toolCallCount: 1, messagesOwned: 3, toolCallsOwned: 1 },
      { session: 's2', messageCount: 1, toolCallCount: 0, messagesOwned: 1, toolCallsOwned: 0 },
    ]);
    // The original transcript stays whole; the fork shows what it added.
    const reader = store.reader();
    const s1 = getTranscript(reader, 'claude-code:s1').entries.map((e) => (e.type === 'message' ? { text: e.text, results: e.toolCalls.map((c) => c.result) } : e));
    expect(s1).toEqual([
      { text: 'rename the wombat module', results: [] },
      { text: '', results: ['renamed'] },
    ]);
    expect(getTranscript(reader, 'claude-code:s2').entries.map((e) => e.type === 'message' && e.text)).toEqual(['now the koala module']);
    checkFulltextIntegrity(store.engine.db);
  });

  it('fills in a tool result that only the fork carries, without moving the call', () => {
    const store = new TestStore();
    stores.push(store);
    // The original session stopped before the tool answered; the resumed one has the answer.
    store.commit('claude-code', 'projects/-tmp-demo/s1.jsonl', parseRecords(original.slice(0, 2)));
    store.commit('claude-code', 'projects/-tmp-demo/s2.jsonl', parseRecords(fork, 'projects/-tmp-demo/s2.jsonl'));
    expect(store.engine.db.prepare('SELECT session_id, result FROM tool_calls').all()).toEqual([{ session_id: 'claude-code:s1', result: 'renamed' }]);
    expect(counts(store)).toEqual([
      { session: 's1', messageCount: 2, toolCallCount: 1, messagesOwned: 2, toolCallsOwned: 1 },
      { session: 's2', messageCount: 2, toolCallCount: 0, messagesOwned: 2, toolCallsOwned: 0 },
    ]);
    checkFulltextIntegrity(store.engine.db);
  });

  it('keeps the counts right when the fork is read again or grows', () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('claude-code', 'projects/-tmp-demo/s1.jsonl', parseRecords(original));
    store.commit('claude-code', 'projects/-tmp-demo/s2.jsonl', parseRecords(fork, 'projects/-tmp-demo/s2.jsonl'));
    // Read again from 0 (the file was replaced) and a later line repeats an old uuid once more.
    store.commit('claude-code', 'projects/-tmp-demo/s2.jsonl', parseRecords([...fork, userLine('u1', 'rename the wombat module', { sessionId: 's2' })], 'projects/-tmp-demo/s2.jsonl'));
    expect(counts(store)).toEqual([
      { session: 's1', messageCount: 3, toolCallCount: 1, messagesOwned: 3, toolCallsOwned: 1 },
      { session: 's2', messageCount: 1, toolCallCount: 0, messagesOwned: 1, toolCallsOwned: 0 },
    ]);
  });
});
