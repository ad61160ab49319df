import { describe, expect, it } from 'vitest';
import { assistantLine, parseRecords, userLine } from './test-support.js';

describe('claude-code tool calls', () => {
  it('links a tool_use to its tool_result by id', () => {
    const batch = parseRecords([
      assistantLine('a1', [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }]),
      userLine('u2', [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt\nb.txt', is_error: false }], {
        timestamp: '2026-01-01T10:00:07.000Z',
        toolUseResult: { stdout: 'a.txt\nb.txt', stderr: '' },
      }),
    ]);
    expect(batch.toolCalls).toEqual([
      { id: 'toolu_1', sessionNativeId: 's1', messageId: 'a1', name: 'Bash', input: { command: 'ls' }, time: '2026-01-01T10:00:05.000Z' },
      { id: 'toolu_1', sessionNativeId: 's1', result: 'a.txt\nb.txt', isError: false, resultTime: '2026-01-01T10:00:07.000Z' },
    ]);
  });

  it('reads errors, block results and a plain-string toolUseResult', () => {
    const batch = parseRecords([
      userLine('u1', [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '<tool_use_error>File does not exist.</tool_use_error>', is_error: true }], {
        toolUseResult: 'Error: File does not exist.',
      }),
      userLine('u2', [{ type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'line 1' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } }] }]),
      userLine('u3', [{ type: 'tool_result', tool_use_id: 'toolu_3', content: [] }], { toolUseResult: 'Error: user rejected' }),
    ]);
    expect(batch.toolCalls.map((t) => [t.id, t.result, t.isError])).toEqual([
      ['toolu_1', '<tool_use_error>File does not exist.</tool_use_error>', true],
      ['toolu_2', 'line 1\n[image image/jpeg, 3 B]', undefined],
      ['toolu_3', 'Error: user rejected', undefined],
    ]);
  });

  it('records server tool calls and reports blocks without ids', () => {
    const batch = parseRecords([
      assistantLine('a1', [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'vitest' } },
        { type: 'tool_use', name: 'Bash', input: {} },
      ]),
      userLine('u2', [{ type: 'tool_result', content: 'orphan' }]),
    ]);
    expect(batch.toolCalls.map((t) => t.id)).toEqual(['srvtoolu_1']);
    expect(batch.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'tool_use block without an id: tool call not recorded'],
      [2, 'tool_result block without a tool_use_id: result not recorded'],
    ]);
    expect(batch.messages).toHaveLength(2);
  });
});
