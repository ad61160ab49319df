import { describe, expect, it } from 'vitest';
import { RetryLaterError, type FileContext, type ParserState, type RawLine } from '../types.js';
import { parseCliEventLines } from './cli-events.js';
import { parseCliLegacySession } from './cli-legacy-session.js';

const file: FileContext = { agent: 'copilot-chat', path: '/h/.copilot/session-state/s1/events.jsonl', relPath: 'session-state/s1/events.jsonl', root: '/h/.copilot' };

function lines(events: unknown[], firstLine = 1, firstOffset = 0): RawLine[] {
  let offset = firstOffset;
  return events.map((e, i) => {
    const text = typeof e === 'string' ? e : JSON.stringify(e);
    const line = { text, offset, line: firstLine + i };
    offset += Buffer.byteLength(text) + 1;
    return line;
  });
}

const t = (s: number) => `2026-04-23T17:00:${String(s).padStart(2, '0')}.000Z`;

describe('Copilot CLI events.jsonl', () => {
  it('reads the session, messages, tools and shutdown totals, keeping the model across batches', () => {
    const state: ParserState = {};
    const first = parseCliEventLines(
      lines([
        { type: 'session.start', id: 'e1', timestamp: t(0), data: { sessionId: 's1', copilotVersion: '1.0.34', startTime: t(0), context: { cwd: '/repo', branch: 'main' } } },
        { type: 'session.model_change', id: 'e2', timestamp: t(1), data: { newModel: 'claude-sonnet-4.6' } },
        { type: 'user.message', id: 'e3', timestamp: t(2), data: { content: 'list files', transformedContent: '<ctx/> list files' } },
      ]),
      file,
      state,
    );
    expect(first.sessions[0]).toMatchObject({ nativeId: 's1', workspace: '/repo', gitBranch: 'main', startedAt: t(0), models: ['claude-sonnet-4.6'], extra: { product: 'copilot-cli' } });
    expect(first.messages).toMatchObject([{ id: 'e3', role: 'user', text: 'list files', line: 3 }]);
    expect(state.model).toBe('claude-sonnet-4.6');

    const second = parseCliEventLines(
      lines(
        [
          { type: 'assistant.message', id: 'e4', timestamp: t(3), data: { content: '', reasoningText: 'Look first.', toolRequests: [{ toolCallId: 'c1', name: 'bash', arguments: { command: 'ls' } }] } },
          { type: 'tool.execution_complete', id: 'e5', timestamp: t(4), data: { toolCallId: 'c1', success: false, result: { content: 'boom' } } },
          'not json',
          { type: 'user.message', id: 'e6', timestamp: t(5), data: { content: '', transformedContent: 'keep going' } },
          { type: 'session.shutdown', id: 'e7', timestamp: t(6), data: { modelMetrics: { 'claude-sonnet-4.6': { usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 60, cacheWriteTokens: 5, reasoningTokens: 2 } } } } },
        ],
        4,
        500,
      ),
      file,
      state,
    );
    expect(second.messages.map((m) => [m.id, m.role, m.kind, m.model])).toEqual([
      ['e4:thinking', 'assistant', 'thinking', 'claude-sonnet-4.6'],
      ['e4', 'assistant', undefined, 'claude-sonnet-4.6'],
      ['e6', 'user', 'meta', undefined],
    ]);
    expect(second.toolCalls).toEqual([
      { id: 'c1', sessionNativeId: 's1', messageId: 'e4', name: 'bash', input: { command: 'ls' }, time: t(3) },
      { id: 'c1', sessionNativeId: 's1', result: 'boom', isError: true, resultTime: t(4) },
    ]);
    expect(second.problems).toMatchObject([{ line: 6 }]);
    expect(second.usage).toEqual([
      { key: 'e7:claude-sonnet-4.6', sessionNativeId: 's1', time: t(6), model: 'claude-sonnet-4.6', input: 40, output: 10, cacheRead: 60, cacheCreation: 5, reasoning: 2 },
    ]);
    // Facts from session.start are repeated by later batches, from state.
    expect(second.sessions[0]).toMatchObject({ nativeId: 's1', workspace: '/repo', startedAt: t(0), endedAt: t(6), extra: { product: 'copilot-cli', copilotVersion: '1.0.34' } });
  });
});

describe('Copilot CLI legacy history-session-state JSON', () => {
  const doc = {
    sessionId: 'old-1',
    startTime: t(0),
    chatMessages: [],
    timeline: [
      { id: 'a', timestamp: t(1), type: 'info', text: 'Connected' },
      { id: 'b', timestamp: t(2), type: 'user', text: 'rename it' },
      { id: 'c', timestamp: t(3), type: 'copilot', text: 'On it.' },
      { id: 'd', timestamp: t(3), type: 'tool_call_completed', callId: 'k1', name: 'bash', arguments: { command: 'mv a b' }, result: { type: 'success', log: 'ok' } },
    ],
  };

  it('reads the timeline', () => {
    const batch = parseCliLegacySession(JSON.stringify(doc), 'fallback');
    expect(batch.sessions[0]).toMatchObject({ nativeId: 'old-1', startedAt: t(0), endedAt: t(3), extra: { product: 'copilot-cli' } });
    expect(batch.messages.map((m) => [m.id, m.role, m.isMeta])).toEqual([
      ['a', 'system', true],
      ['b', 'user', undefined],
      ['c', 'assistant', undefined],
    ]);
    expect(batch.toolCalls).toEqual([{ id: 'k1', sessionNativeId: 'old-1', messageId: 'c', name: 'bash', input: { command: 'mv a b' }, result: 'ok', time: t(3) }]);
  });

  it('falls back to chatMessages when there is no timeline', () => {
    const chat = {
      sessionId: 'old-2',
      chatMessages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'k2', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
        { role: 'tool', tool_call_id: 'k2', content: 'a.txt' },
      ],
      timeline: [],
    };
    const batch = parseCliLegacySession(JSON.stringify(chat), 'fallback');
    expect(batch.messages.map((m) => m.id)).toEqual(['old-2:chat:0', 'old-2:chat:1']);
    expect(batch.toolCalls).toEqual([
      { id: 'k2', sessionNativeId: 'old-2', messageId: 'old-2:chat:1', name: 'bash', input: { command: 'ls' } },
      { id: 'k2', sessionNativeId: 'old-2', result: 'a.txt' },
    ]);
  });

  it('asks to retry a half-written file', () => {
    expect(() => parseCliLegacySession(JSON.stringify(doc).slice(0, 50), 'x')).toThrow(RetryLaterError);
  });
});
