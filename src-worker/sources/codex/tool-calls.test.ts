import { describe, expect, it } from 'vitest';
import { parseRolloutLines } from './rollout-parser.js';
import { codexFile, jsonl, rawLinesOf, rollout, sessionMeta, THREAD } from './test-lines.js';

const FILE = codexFile(`sessions/2026/03/01/rollout-2026-03-01T10-00-00-${THREAD}.jsonl`);

function parse(...records: unknown[]) {
  const text = jsonl(sessionMeta(), ...records);
  return { batch: parseRolloutLines(rawLinesOf(text), FILE, {}), lines: rawLinesOf(text) };
}

describe('Codex tool calls', () => {
  it('links a function_call to its output by call_id and parses the JSON arguments', () => {
    const { batch, lines } = parse(
      rollout('response_item', { type: 'function_call', name: 'shell', arguments: '{"command":["bash","-lc","ls"]}', call_id: 'call_A' }),
      rollout('response_item', { type: 'function_call_output', call_id: 'call_A', output: '{"output":"ls: x: No such file\\n","metadata":{"exit_code":2}}' }),
    );
    const callMessage = batch.messages[0]!;
    expect(callMessage).toMatchObject({ id: `${THREAD}:${lines[1]!.offset}`, role: 'assistant', kind: 'tool_use', text: '' });
    expect(batch.toolCalls).toEqual([
      expect.objectContaining({ id: `${THREAD}:call_A`, messageId: callMessage.id, name: 'shell', input: { command: ['bash', '-lc', 'ls'] } }),
      expect.objectContaining({ id: `${THREAD}:call_A`, result: 'ls: x: No such file\n', isError: true }),
    ]);
    expect(batch.toolCalls[1]!.resultTime).toBeDefined();
  });

  it('keeps arguments that are not JSON, and apply_patch input, as strings', () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const { batch } = parse(
      rollout('response_item', { type: 'function_call', name: 'shell', arguments: '{"command": [', call_id: 'call_B' }),
      rollout('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'call_C', status: 'completed' }),
      rollout('response_item', { type: 'custom_tool_call_output', call_id: 'call_C', output: 'Success. Updated the following files:\nA a.txt' }),
    );
    expect(batch.toolCalls.map((c) => [c.name, c.input, c.result])).toEqual([
      ['shell', '{"command": [', undefined],
      ['apply_patch', patch, undefined],
      [undefined, undefined, 'Success. Updated the following files:\nA a.txt'],
    ]);
  });

  it('normalizes local shell, web search and output content arrays', () => {
    const { batch } = parse(
      rollout('response_item', { type: 'local_shell_call', call_id: 'call_D', status: 'completed', action: { type: 'exec', command: ['pwd'] } }),
      rollout('response_item', { type: 'function_call_output', call_id: 'call_D', output: [{ type: 'input_text', text: '/home/u' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] }),
      rollout('response_item', { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'vitest skipIf' } }),
    );
    expect(batch.toolCalls.map((c) => [c.id, c.name, c.input, c.result])).toEqual([
      [`${THREAD}:call_D`, 'local_shell', { type: 'exec', command: ['pwd'] }, undefined],
      [`${THREAD}:call_D`, undefined, undefined, '/home/u\n[image]'],
      [`${THREAD}:ws_1`, 'web_search', { type: 'search', query: 'vitest skipIf' }, undefined],
    ]);
  });

  it('does not store inline image data in message content', () => {
    const { batch } = parse(
      rollout('response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo' }],
      }),
    );
    expect(batch.messages[0]!.text).toBe('what is this?');
    expect(JSON.stringify(batch.messages[0]!.content)).not.toContain('base64');
  });
});
