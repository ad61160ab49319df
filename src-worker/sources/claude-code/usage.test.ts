import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../types.js';
import { assistantLine, parseRecords, usageOf } from './test-support.js';

/** What the store keeps for each key under the records' own onConflict rule. */
function dedupe(usage: UsageRecord[]): UsageRecord[] {
  const byKey = new Map<string, UsageRecord>();
  for (const u of usage) if (!byKey.has(u.key) || u.onConflict === 'replace') byKey.set(u.key, u);
  return [...byKey.values()];
}

describe('claude-code usage', () => {
  it('counts a response split over lines once, keeping the first copy as ccusage does', () => {
    const batch = parseRecords([
      assistantLine('a1', [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }], {}, { usage: usageOf(3, 1, 100, 20) }),
      assistantLine('a2', [{ type: 'text', text: 'Looking.' }], {}, { usage: usageOf(3, 1, 100, 20) }),
      assistantLine('a3', [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }], {}, { usage: usageOf(3, 250, 100, 20) }),
    ]);
    expect(batch.messages.map((m) => m.id)).toEqual(['a1', 'a2', 'a3']);
    expect(batch.usage).toHaveLength(3);
    expect(new Set(batch.usage.map((u) => u.key))).toEqual(new Set(['msg_1:req_1']));
    expect(batch.usage.every((u) => u.onConflict === 'keep-first')).toBe(true);
    expect(dedupe(batch.usage)).toEqual([
      { key: 'msg_1:req_1', sessionNativeId: 's1', messageId: 'a1', time: '2026-01-01T10:00:05.000Z', model: 'claude-sonnet-4-5', input: 3, output: 1, cacheRead: 100, cacheCreation: 20, reasoning: 0, onConflict: 'keep-first' },
    ]);
  });

  it('never merges lines lacking message.id or requestId (ccusage counts each)', () => {
    const batch = parseRecords([
      assistantLine('a1', [], { requestId: undefined }, { usage: usageOf(1, 1) }),
      assistantLine('a2', [], { requestId: undefined }, { usage: usageOf(2, 2) }),
      assistantLine('a3', [], {}, { id: undefined, usage: usageOf(4, 4) }),
    ]);
    expect(dedupe(batch.usage).map((u) => u.input)).toEqual([1, 2, 4]);
    expect(batch.usage[0]!.key).toMatch(/^line:-tmp-demo\/s1\.jsonl@0$/);
  });

  it('counts <synthetic> replies but keeps them out of the session models', () => {
    const batch = parseRecords([
      assistantLine('a1', [{ type: 'text', text: 'API Error' }], { requestId: undefined }, { model: '<synthetic>', usage: usageOf(0, 0) }),
      assistantLine('a2', [{ type: 'text', text: 'ok' }], {}, { id: 'msg_2' }),
    ]);
    expect(batch.usage.map((u) => u.model)).toEqual(['<synthetic>', 'claude-sonnet-4-5']);
    expect(batch.messages[0]!.model).toBe('<synthetic>');
    expect(batch.sessions[0]!.models).toEqual(['claude-sonnet-4-5']);
  });

  it('reports usage without token counts instead of counting zeros', () => {
    const batch = parseRecords([assistantLine('a1', [], {}, { usage: { input_tokens: '12' } })]);
    expect(batch.usage).toEqual([]);
    expect(batch.problems).toEqual([{ line: 1, offset: 0, reason: expect.stringContaining('usage without numeric') }]);
  });

  it('takes no usage from user lines', () => {
    const batch = parseRecords([{ type: 'user', uuid: 'u1', sessionId: 's1', timestamp: '2026-01-01T10:00:00.000Z', message: { role: 'user', content: 'hi', usage: usageOf(5, 5) } }]);
    expect(batch.usage).toEqual([]);
  });
});
