import { describe, expect, it } from 'vitest';
import { keptUsage } from './ccusage-harness.js';
import { assistantLine, parseRecords, usageOf } from './test-support.js';

describe('claude-code usage', () => {
  it('counts a streamed response once, with its final usage (the largest of each count)', () => {
    const batch = parseRecords([
      assistantLine('a1', [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }], {}, { usage: usageOf(3, 1, 100, 20) }),
      assistantLine('a2', [{ type: 'text', text: 'Looking.' }], {}, { usage: usageOf(3, 1, 100, 20) }),
      assistantLine('a3', [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }], {}, { usage: usageOf(3, 250, 100, 20) }),
    ]);
    expect(batch.messages.map((m) => m.id)).toEqual(['a1', 'a2', 'a3']);
    expect(batch.usage).toHaveLength(3);
    expect(new Set(batch.usage.map((u) => u.key))).toEqual(new Set(['msg_1:req_1']));
    expect(batch.usage.every((u) => u.onConflict === 'max-per-field')).toBe(true);
    expect(keptUsage(batch.usage)).toEqual([
      { key: 'msg_1:req_1', sessionNativeId: 's1', messageId: 'a3', time: '2026-01-01T10:00:05.000Z', model: 'claude-sonnet-4-5', input: 3, output: 250, cacheRead: 100, cacheCreation: 20, reasoning: 0, onConflict: 'max-per-field' },
    ]);
  });

  it('keeps the final counts when the copies arrive out of order', () => {
    const batch = parseRecords([
      assistantLine('a3', [], {}, { usage: usageOf(3, 250, 100, 20) }),
      assistantLine('a1', [], {}, { usage: usageOf(3, 1, 100, 20) }),
    ]);
    expect(keptUsage(batch.usage).map((u) => [u.input, u.output, u.messageId])).toEqual([[3, 250, 'a3']]);
  });

  it('merges copies without requestId by message id, never lines without a message id (as ccusage 20)', () => {
    const batch = parseRecords([
      assistantLine('a1', [], { requestId: undefined }, { usage: usageOf(1, 1) }),
      assistantLine('a2', [], { requestId: undefined }, { usage: usageOf(1, 2) }),
      assistantLine('a3', [], {}, { id: undefined, usage: usageOf(4, 4) }),
      assistantLine('a4', [], {}, { id: undefined, usage: usageOf(4, 4) }),
    ]);
    expect(keptUsage(batch.usage).map((u) => [u.key, u.output])).toEqual([
      ['msg_1:', 2],
      [expect.stringMatching(/^line:-tmp-demo\/s1\.jsonl@\d+$/), 4],
      [expect.stringMatching(/^line:-tmp-demo\/s1\.jsonl@\d+$/), 4],
    ]);
  });

  it('takes cache writes from the cache_creation breakdown when present', () => {
    const usage = { ...usageOf(1, 1, 0, 999), cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 12 } };
    expect(parseRecords([assistantLine('a1', [], {}, { usage })]).usage[0]!.cacheCreation).toBe(42);
  });

  it('reads the usage of subagent lines mirrored as agent_progress, keyed like the subagent file', () => {
    const inner = assistantLine('sub-1', [{ type: 'text', text: 'ok' }], {}, { id: 'msg_sub', usage: usageOf(5, 7, 10, 0) });
    const batch = parseRecords([{ type: 'progress', sessionId: 's1', uuid: 'p1', timestamp: '2026-01-01T10:00:06.000Z', data: { type: 'agent_progress', message: inner } }]);
    expect(batch.messages).toEqual([]);
    expect(batch.usage).toEqual([expect.objectContaining({ key: 'msg_sub:req_1', sessionNativeId: 's1', input: 5, output: 7, cacheRead: 10, time: '2026-01-01T10:00:05.000Z' })]);
  });

  it('counts <synthetic> replies but keeps them out of the session models', () => {
    const batch = parseRecords([
      assistantLine('a1', [{ type: 'text', text: 'API Error' }], { requestId: undefined }, { id: 'msg_s', model: '<synthetic>', usage: usageOf(0, 0) }),
      assistantLine('a2', [{ type: 'text', text: 'ok' }], {}, { id: 'msg_2' }),
    ]);
    expect(batch.usage.map((u) => u.model)).toEqual(['<synthetic>', 'claude-sonnet-4-5']);
    expect(batch.messages[0]!.model).toBe('<synthetic>');
    expect(batch.sessions[0]!.models).toEqual(['claude-sonnet-4-5']);
  });

  it('counts an odd token field as 0 with a problem naming the field and line, and keeps the rest', () => {
    const odd = [1.5, 1e308, -3, '12', 'NaN', true];
    const batch = parseRecords(odd.map((v, i) => assistantLine(`a${i}`, [{ type: 'text', text: `reply ${i}` }], {}, { id: `msg_${i}`, usage: { ...usageOf(10, 5, 100), output_tokens: v } })));
    expect(batch.messages).toHaveLength(odd.length);
    expect(batch.usage.map((u) => [u.input, u.output, u.cacheRead])).toEqual(odd.map(() => [10, 0, 100]));
    expect(batch.problems.map((p) => [p.line, p.reason])).toEqual(
      ['1.5', '1e+308', '-3', '"12"', '"NaN"', 'true'].map((shown, i) => [i + 1, `message.usage.output_tokens: ${shown} is not a token count (a whole number from 0 to 2^53-1): counted as 0`]),
    );
  });

  it('reports usage without token counts instead of counting zeros', () => {
    const batch = parseRecords([assistantLine('a1', [], {}, { usage: { cache_read_input_tokens: 12 } })]);
    expect(batch.usage).toEqual([]);
    expect(batch.problems).toEqual([{ line: 1, offset: 0, reason: expect.stringContaining('without input_tokens/output_tokens') }]);
  });

  it('takes no usage from user lines', () => {
    const batch = parseRecords([{ type: 'user', uuid: 'u1', sessionId: 's1', timestamp: '2026-01-01T10:00:00.000Z', message: { role: 'user', content: 'hi', usage: usageOf(5, 5) } }]);
    expect(batch.usage).toEqual([]);
  });
});
