import { describe, expect, it } from 'vitest';
import { gemini, jsonl, metadata, PROJECT_HASH, parseGemini, SESSION, tokens, user } from './test-files.js';

describe('Gemini records', () => {
  it('maps message types to roles and keeps the CLI notices as meta', () => {
    const batch = parseGemini(
      jsonl(
        metadata,
        { id: 'i1', timestamp: '2026-04-23T12:53:02.597Z', type: 'info', content: 'Empty GEMINI.md created.' },
        user('u1', 'long expanded /init prompt', { displayContent: [{ text: '/init' }] }),
        gemini('g1', 'Done.'),
        { id: 'e1', timestamp: '2026-04-23T12:54:00.000Z', type: 'error', content: 'Quota exceeded' },
        { id: 'w1', timestamp: '2026-04-23T12:54:01.000Z', type: 'warning', content: [{ text: 'Loop detected' }] },
        user('u2', 'System: Please continue.', { displayContent: [{ functionResponse: { id: 'x', name: 'update_topic', response: { output: 'ok' } } }] }),
      ),
    );
    expect(batch.messages.map((m) => [m.role, m.kind ?? 'message', m.text, m.isMeta ?? false, m.model])).toEqual([
      ['system', 'info', 'Empty GEMINI.md created.', true, undefined],
      ['user', 'message', '/init', false, undefined],
      ['assistant', 'message', 'Done.', false, 'gemini-2.5-pro'],
      ['system', 'error', 'Quota exceeded', true, undefined],
      ['system', 'warning', 'Loop detected', true, undefined],
      ['user', 'meta', 'System: Please continue.', true, undefined],
    ]);
    expect(batch.messages.map((m) => m.ordinal)).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('turns thoughts into a thinking message just before the reply', () => {
    const thoughts = [
      { subject: 'Planning', description: 'Read the README first.', timestamp: '2026-04-23T12:53:07.916Z' },
      { subject: 'Checking', description: 'Now the Makefile.', timestamp: '2026-04-23T12:53:09.000Z' },
    ];
    const batch = parseGemini(jsonl(metadata, user('u1', 'hi'), gemini('g1', 'Hello!', { thoughts })));
    const [, thinking, reply] = batch.messages;
    expect(thinking).toMatchObject({
      id: `${SESSION}:g1:thoughts`,
      kind: 'thinking',
      role: 'assistant',
      text: 'Planning\nRead the README first.\n\nChecking\nNow the Makefile.',
      time: '2026-04-23T12:53:07.916Z',
      parentId: `${SESSION}:u1`,
      ordinal: 2,
    });
    expect(reply).toMatchObject({ id: `${SESSION}:g1`, parentId: thinking!.id, ordinal: 3 });
  });

  it('stores tokens like the other agents: input without cache, output with thinking', () => {
    const [usage] = parseGemini(jsonl(metadata, gemini('g1', 'x', { tokens }))).usage;
    expect(usage).toMatchObject({ input: 13906 - 8000 + 10, cacheRead: 8000, output: 185 + 306, reasoning: 306, cacheCreation: 0, model: 'gemini-2.5-pro' });
    expect(usage!.input + usage!.cacheRead + usage!.output).toBe(tokens.total);
    expect(parseGemini(jsonl(metadata, gemini('g1', 'x', { tokens: null }))).usage).toEqual([]);
  });

  it('gives tool calls their args, result text and error status', () => {
    const toolCalls = [
      {
        id: 'read-1',
        name: 'read_file',
        args: { file_path: 'a.py' },
        result: [{ functionResponse: { id: 'read-1', name: 'read_file', response: { output: 'print(1)' } } }],
        status: 'success',
        timestamp: '2026-04-23T12:53:11.357Z',
      },
      { id: 'shell-1', name: 'run_shell_command', args: { command: 'make' }, result: [{ functionResponse: { id: 'shell-1', name: 'run_shell_command', response: { error: 'exit 2' } } }], status: 'error' },
      { id: 'edit-1', name: 'replace', args: { old_string: 'a' }, status: 'cancelled', resultDisplay: 'Cancelled by user' },
    ];
    const batch = parseGemini(jsonl(metadata, gemini('g1', '', { toolCalls })));
    expect(batch.toolCalls.map((c) => [c.id, c.name, c.input, c.result, c.isError, c.time])).toEqual([
      [`${SESSION}:read-1`, 'read_file', { file_path: 'a.py' }, 'print(1)', undefined, '2026-04-23T12:53:11.357Z'],
      [`${SESSION}:shell-1`, 'run_shell_command', { command: 'make' }, 'exit 2', true, undefined],
      [`${SESSION}:edit-1`, 'replace', { old_string: 'a' }, 'Cancelled by user', undefined, undefined],
    ]);
  });

  it('takes the workspace from recorded directories only, and keeps the project hash', () => {
    const withoutDirs = parseGemini(jsonl(metadata, user('u1', 'hi'))).sessions[0];
    expect(withoutDirs).toMatchObject({ nativeId: SESSION, startedAt: metadata.startTime, extra: { projectHash: PROJECT_HASH, projectDir: PROJECT_HASH, kind: 'main' } });
    expect(withoutDirs!.workspace).toBeUndefined();
    const withDirs = parseGemini(jsonl(metadata, { $set: { directories: ['/home/u/bot', '/home/u/lib'], summary: 'Write GEMINI.md' } }, user('u1', 'hi'))).sessions[0];
    expect(withDirs).toMatchObject({ workspace: '/home/u/bot', title: 'Write GEMINI.md' });
  });

  it('links a subagent session to its parent from the folder it is in', () => {
    const sub = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const batch = parseGemini(
      jsonl({ ...metadata, sessionId: sub, kind: 'subagent', directories: ['/home/u/bot'] }, user('u1', 'investigate')),
      `tmp/${PROJECT_HASH}/chats/${SESSION}/${sub}.jsonl`,
    );
    expect(batch.sessions[0]).toMatchObject({ nativeId: sub, parentNativeId: SESSION, workspace: '/home/u/bot', extra: { kind: 'subagent' } });
    expect(batch.messages[0]!.id).toBe(`${sub}:u1`);
  });

  it('does not store inline data in content', () => {
    const batch = parseGemini(jsonl(metadata, user('u1', 'see image', { content: [{ text: 'see image' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo' } }] })));
    expect(batch.messages[0]!.text).toBe('see image');
    expect(JSON.stringify(batch.messages[0]!.content)).not.toContain('iVBOR');
  });

  it('counts an odd token field as 0 with a problem naming the message, field and line', () => {
    const batch = parseGemini(jsonl(metadata, user('u1', 'hi'), gemini('g1', 'Hello!', { tokens: { ...tokens, output: 1.5 } }), gemini('g2', 'Again.', { tokens })));
    expect(batch.messages.map((m) => m.text)).toEqual(['hi', 'Hello!', 'Again.']);
    expect(batch.usage.map((u) => u.output)).toEqual([306, 185 + 306]);
    expect(batch.problems).toEqual([{ line: 3, reason: 'message g1: tokens.output: 1.5 is not a token count (a whole number from 0 to 2^53-1): counted as 0' }]);
  });
});
