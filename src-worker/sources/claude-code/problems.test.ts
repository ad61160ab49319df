import { describe, expect, it } from 'vitest';
import { assistantLine, parseRecords, userLine } from './test-support.js';

describe('claude-code malformed input', () => {
  it('reports a broken line with its number and offset and reads the rest', () => {
    const first = JSON.stringify(userLine('u1', 'hi'));
    const batch = parseRecords([userLine('u1', 'hi'), '{"type":"user","uuid":', assistantLine('a1', [{ type: 'text', text: 'hello' }])]);
    expect(batch.problems).toEqual([{ line: 2, offset: Buffer.byteLength(first) + 1, reason: expect.stringMatching(/^invalid JSON: /) }]);
    expect(batch.raw.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(batch.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
  });

  it('keeps what parsed before a broken tail on the same line', () => {
    const batch = parseRecords([JSON.stringify(userLine('u1', 'hi')) + '{"type":"summ']);
    expect(batch.messages.map((m) => m.id)).toEqual(['u1']);
    expect(batch.problems).toEqual([{ line: 1, offset: 0, reason: expect.stringMatching(/^invalid JSON after 1 readable value\(s\): /) }]);
  });

  it('reports unknown record types and keeps known bookkeeping kinds raw only', () => {
    const batch = parseRecords([
      { type: 'file-history-snapshot', messageId: 'x', snapshot: {} },
      { type: 'progress', data: { type: 'hook_progress' }, uuid: 'p1', sessionId: 's1', timestamp: '2026-01-01T10:00:00.000Z' },
      { type: 'queue-operation', operation: 'enqueue', content: 'next', sessionId: 's1' },
      { type: 'attachment', attachment: { type: 'todo_reminder' }, uuid: 'at1' },
      { type: 'permission-mode', permissionMode: 'default', sessionId: 's1' },
      { type: 'hologram', sessionId: 's1' },
    ]);
    expect(batch.problems).toEqual([{ line: 6, offset: expect.any(Number), reason: 'unknown record type "hologram"' }]);
    expect(batch.raw).toHaveLength(6);
    expect(batch.messages).toEqual([]);
    expect(batch.sessions).toEqual([]);
  });

  it('reports values of the wrong type', () => {
    const batch = parseRecords([
      '[1,2]',
      '"text"',
      JSON.stringify({ uuid: 'x1' }),
      JSON.stringify({ type: 'user', uuid: 'u1', sessionId: 's1', timestamp: '2026-01-01T10:00:00.000Z', message: 'hi' }),
      JSON.stringify(userLine('u2', 42)),
      JSON.stringify(userLine('u3', 'hi', { timestamp: 'yesterday' })),
      JSON.stringify({ type: 'summary', leafUuid: 'u1' }),
      JSON.stringify(userLine('u4', 'no id', { uuid: undefined })),
    ]);
    expect(batch.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'expected a JSON object, got an array'],
      [2, 'expected a JSON object, got string'],
      [3, 'record has no "type" string'],
      [4, 'user record without a "message" object'],
      [5, 'message.content is number, expected a string or an array of blocks'],
      [6, 'user record without a valid ISO-8601 timestamp ("yesterday"): kept without a time'],
      [7, 'summary record without a "summary" string'],
      [8, 'user record has no uuid: no message stored'],
    ]);
    expect(batch.messages.map((m) => [m.id, m.time])).toEqual([
      ['u2', '2026-01-01T10:00:00.000Z'],
      ['u3', undefined],
    ]);
  });

  it('ignores empty lines entirely', () => {
    const batch = parseRecords([userLine('u1', 'hi'), '', '   ', userLine('u2', 'there')]);
    expect(batch.raw.map((r) => r.line)).toEqual([1, 4]);
    expect(batch.problems).toEqual([]);
  });
});
