/** Parsing Cline's API history: the shapes of older and newer builds, and odd input. */
import { describe, expect, it } from 'vitest';
import type { WholeFileHandler } from '../types.js';
import { currentTime, workingDirectory } from './environment.js';
import { clineAdapter } from './index.js';

const relPath = 'tasks/t1/api_conversation_history.json';
const parse = (items: unknown[]) => (clineAdapter.handlerFor(relPath) as WholeFileHandler).parseFile(JSON.stringify(items), { agent: 'cline', path: `/x/${relPath}`, relPath, root: '/x' }, {});

describe('Cline API history', () => {
  it('reads tool calls written as XML in the text (older builds) and answers them from the result text', () => {
    const batch = parse([
      { role: 'user', content: [{ type: 'text', text: '<task>\nfix a.ts\n</task>' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Reading it.\n\n<read_file>\n<path>src/a.ts</path>\n</read_file>' }] },
      { role: 'user', content: [{ type: 'text', text: "[read_file for 'src/a.ts'] Result:\nexport const a = 1;" }] },
      { role: 'assistant', content: 'Uses <div> tags, which are not tools.' },
    ]);
    expect(batch.toolCalls).toEqual([
      { id: 't1:1:xml0', sessionNativeId: 't1', messageId: 't1:1', name: 'read_file', input: { path: 'src/a.ts' }, time: undefined, result: 'export const a = 1;', isError: undefined, resultTime: undefined },
    ]);
    expect(batch.messages.map((m) => m.text)).toEqual(['fix a.ts', 'Reading it.', 'Uses <div> tags, which are not tools.']);
    expect(batch.problems).toEqual([]);
  });

  it('reads tool_result blocks (native tool calling), errors included', () => {
    const batch = parse([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'execute_command', input: { command: 'npm test' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '2 failing' }], is_error: true }] },
    ]);
    expect(batch.toolCalls).toMatchObject([{ id: 'toolu_1', name: 'execute_command', result: '2 failing', isError: true }]);
    // The user turn only carried the result: no message of its own.
    expect(batch.messages.map((m) => m.role)).toEqual(['assistant']);
  });

  it('marks resumption notices as not typed by the user, and reports what is not a message', () => {
    const batch = parse([{ role: 'user', content: [{ type: 'text', text: '[TASK RESUMPTION] This task was interrupted 2 hours ago.' }] }, 'junk', { role: 'robot', content: [] }]);
    expect(batch.messages[0]).toMatchObject({ isMeta: true });
    expect(batch.problems.map((p) => p.reason)).toEqual([
      'api_conversation_history[1]: not a message with role user or assistant',
      'api_conversation_history[2]: not a message with role user or assistant',
    ]);
  });

  it('counts unknown content blocks and message fields as format drift', () => {
    const batch = parse([{ role: 'assistant', content: [{ type: 'hologram', data: 1 }, { type: 'text', text: 'hi' }], sparkle: 1 }]);
    expect(batch.drift).toEqual([
      { version: null, item: 'field message.sparkle', count: 1 },
      { version: null, item: 'kind block hologram', count: 1 },
    ]);
  });

  it('reads the working directory and the local time with its offset from the environment details', () => {
    const env = '<environment_details>\n# Current Time\n1/22/2026, 3:48:05 PM (America/New_York, UTC-5:00)\n\n# Current Working Directory (C:\\Users\\ada\\app) Files\nmain.py\n</environment_details>';
    expect(currentTime(env)).toBe('2026-01-22T20:48:05.000Z');
    expect(workingDirectory(env)).toBe('C:\\Users\\ada\\app');
    expect(currentTime('# Current Time\nsometime yesterday')).toBeUndefined();
    expect(currentTime('# Current Time\n12/1/2025, 12:05:00 AM (UTC, UTC+0:00)')).toBe('2025-12-01T00:05:00.000Z');
  });

  it('waits for a file cut off mid-save instead of reporting it', () => {
    const handler = clineAdapter.handlerFor(relPath) as WholeFileHandler;
    expect(() => handler.parseFile('[{"role":"user","content":[{"type":"te', { agent: 'cline', path: '/x', relPath, root: '/x' }, {})).toThrow(/ends early/);
  });
});
