import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../types.js';
import { parseLegacyRollout } from './legacy-rollout.js';
import { codexFile } from './test-lines.js';

const items = [
  { role: 'user', type: 'message', content: [{ type: 'input_text', text: 'explain this repo' }] },
  { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Looking around' }] },
  { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
  { type: 'function_call_output', call_id: 'call_1', output: '{"output":"README.md\\n","metadata":{"exit_code":0,"duration_seconds":0.1}}' },
  { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is a CLI.' }] },
];

/** What the TypeScript CLI wrote on one save: a fresh uuid and time every time. */
function save(uuid: string, time: string, count: number): string {
  return JSON.stringify({ session: { timestamp: time, id: uuid, instructions: '' }, items: items.slice(0, count) }, null, 2);
}

const parse = (content: string) => parseLegacyRollout(content, codexFile('sessions/rollout-2025-04-20-x.json'), {});

describe('Codex TypeScript CLI rollouts (.json)', () => {
  it('gives growing copies of one conversation the same session and message ids', () => {
    const early = parse(save('11111111-1111-4111-8111-111111111111', '2025-04-20T10:00:02.000Z', 2));
    const late = parse(save('22222222-2222-4222-8222-222222222222', '2025-04-20T10:05:00.000Z', 5));
    expect(late.sessions[0]!.nativeId).toBe(early.sessions[0]!.nativeId);
    expect(late.messages.slice(0, 2).map((m) => m.id)).toEqual(early.messages.map((m) => m.id));
    expect(late.messages.map((m) => [m.role, m.kind ?? 'message', m.text])).toEqual([
      ['user', 'message', 'explain this repo'],
      ['assistant', 'thinking', 'Looking around'],
      ['assistant', 'tool_use', ''],
      ['assistant', 'message', 'It is a CLI.'],
    ]);
    expect(late.toolCalls.map((c) => [c.name, c.result])).toEqual([
      ['shell', undefined],
      [undefined, 'README.md\n'],
    ]);
    expect(late.sessions[0]).toMatchObject({ startedAt: '2025-04-20T10:05:00.000Z', endedAt: '2025-04-20T10:05:00.000Z' });
    expect(late.raw).toHaveLength(6);
  });

  it('asks to retry a file cut off mid-save, and reports one broken in the middle', () => {
    const whole = save('11111111-1111-4111-8111-111111111111', '2025-04-20T10:00:02.000Z', 5);
    expect(() => parse(whole.slice(0, whole.length / 2))).toThrow(RetryLaterError);
    expect(() => parse('')).toThrow(RetryLaterError);
    const broken = parse(whole.replace('"items"', '"items" oops'));
    expect(broken.problems).toEqual([{ reason: expect.stringMatching(/^invalid JSON/) }]);
    expect(broken.raw).toHaveLength(1);
    expect(parse('{"session":{}}').problems).toEqual([{ reason: 'wrong shape: expected {session, items[]}' }]);
  });
});
