/**
 * Copilot Chat's transcripts (workspaceStorage/<id>/GitHub.copilot-chat/transcripts) and
 * transferred chat sessions through the collector, with real files and a real store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { copilotChatAdapter } from './index.js';

const SESSION = '0b5e6a1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d';
const entry = (id: string, type: string, timestamp: string, data: unknown, parentId: string | null = null) => JSON.stringify({ type, data, id, timestamp, parentId }) + '\n';

const transcript = [
  entry('e1', 'session.start', '2026-06-01T10:00:00.000Z', { sessionId: SESSION, version: 1, producer: 'copilot-agent', copilotVersion: '0.40.0', vscodeVersion: '1.112.0', startTime: '2026-06-01T10:00:00.000Z', context: { cwd: '/home/me/shop' } }),
  entry('e2', 'user.message', '2026-06-01T10:00:01.000Z', { content: 'run the tests', attachments: [] }, 'e1'),
  entry('e3', 'assistant.turn_start', '2026-06-01T10:00:02.000Z', { turnId: '0' }, 'e2'),
  entry('e4', 'assistant.message', '2026-06-01T10:00:03.000Z', { messageId: 'm1', content: 'Running them.', reasoningText: 'Tests first.', toolRequests: [{ toolCallId: 'call_1', name: 'run_in_terminal', arguments: '{"command":"npm test"}', type: 'function' }] }, 'e3'),
  entry('e5', 'tool.execution_start', '2026-06-01T10:00:04.000Z', { toolCallId: 'call_1', toolName: 'run_in_terminal', arguments: { command: 'npm test' } }, 'e4'),
  entry('e6', 'tool.execution_complete', '2026-06-01T10:00:09.000Z', { toolCallId: 'call_1', success: false, result: { content: '1 failed' } }, 'e5'),
  entry('e7', 'assistant.usage', '2026-06-01T10:00:09.500Z', { model: 'gpt-5', inputTokens: 1200, outputTokens: 80, cacheReadTokens: 1000 }, 'e6'),
  entry('e8', 'assistant.turn_end', '2026-06-01T10:00:10.000Z', { turnId: '0' }, 'e7'),
].join('');

describe('Copilot Chat transcripts and transferred sessions', () => {
  const { tempHome, open } = useTestCollectors();

  function setup() {
    const root = path.join(tempHome(), 'Code', 'User');
    const storage = path.join(root, 'workspaceStorage', 'ws1');
    fs.mkdirSync(path.join(storage, 'GitHub.copilot-chat', 'transcripts'), { recursive: true });
    fs.writeFileSync(path.join(storage, 'workspace.json'), JSON.stringify({ folder: 'file:///home/me/shop' }));
    const { engine, collector } = open([copilotChatAdapter], { 'copilot-chat': [root] });
    const q = (sql: string) => engine.db.prepare(sql).all();
    return { root, storage, engine, collector, q, transcriptFile: path.join(storage, 'GitHub.copilot-chat', 'transcripts', `${SESSION}.jsonl`) };
  }

  it('takes a chat whose session file is gone from its transcript: messages, thinking, tool calls, usage, workspace, times', async () => {
    const { collector, q, transcriptFile } = setup();
    fs.writeFileSync(transcriptFile, transcript);
    await collector.collectOnce();
    expect(q('SELECT native_id, workspace, started_at, ended_at, models, message_count, tool_call_count FROM sessions')).toEqual([
      { native_id: SESSION, workspace: '/home/me/shop', started_at: '2026-06-01T10:00:00.000Z', ended_at: '2026-06-01T10:00:10.000Z', models: '["gpt-5"]', message_count: 3, tool_call_count: 1 },
    ]);
    expect(q('SELECT role, kind, text FROM messages ORDER BY ordinal, id')).toEqual([
      { role: 'user', kind: 'message', text: 'run the tests' },
      { role: 'assistant', kind: 'thinking', text: 'Tests first.' },
      { role: 'assistant', kind: 'message', text: 'Running them.' },
    ]);
    expect(q('SELECT name, input, result, is_error, time, result_time FROM tool_calls')).toEqual([
      { name: 'run_in_terminal', input: '{"command":"npm test"}', result: '1 failed', is_error: 1, time: '2026-06-01T10:00:04.000Z', result_time: '2026-06-01T10:00:09.000Z' },
    ]);
    expect(q('SELECT model, input, output, cache_read, time FROM usage')).toEqual([{ model: 'gpt-5', input: 200, output: 80, cache_read: 1000, time: '2026-06-01T10:00:09.500Z' }]);

    const before = q("SELECT value FROM meta WHERE key = 'next_seq'");
    await collector.collectOnce();
    expect(q("SELECT value FROM meta WHERE key = 'next_seq'")).toEqual(before);
    // Appended entries (the next turn) are read on.
    fs.appendFileSync(transcriptFile, entry('e9', 'user.message', '2026-06-01T10:05:00.000Z', { content: 'and now?' }, 'e8'));
    await collector.collectOnce();
    expect(q("SELECT text FROM messages WHERE role = 'user' ORDER BY ordinal")).toEqual([{ text: 'run the tests' }, { text: 'and now?' }]);
  });

  it('adds only tool calls to a chat whose session file exists: one session, the prompts once, results filled in', async () => {
    const { storage, collector, q, transcriptFile } = setup();
    const chat = {
      version: 3,
      sessionId: SESSION,
      creationDate: Date.parse('2026-06-01T10:00:00.000Z'),
      requests: [
        {
          requestId: 'request_1',
          timestamp: Date.parse('2026-06-01T10:00:01.000Z'),
          message: { text: 'run the tests', parts: [] },
          response: [{ value: 'Running them.' }, { kind: 'toolInvocationSerialized', toolId: 'run_in_terminal', toolCallId: 'call_1', invocationMessage: { value: 'Running `npm test`' }, isComplete: true, resultDetails: { input: '{"command":"npm test"}' } }],
          result: { usage: { promptTokens: 1200, completionTokens: 80, promptTokenDetails: { cachedTokens: 1000 } } },
        },
      ],
    };
    fs.mkdirSync(path.join(storage, 'chatSessions'), { recursive: true });
    fs.writeFileSync(path.join(storage, 'chatSessions', `${SESSION}.json`), JSON.stringify(chat));
    fs.writeFileSync(transcriptFile, transcript);
    await collector.collectOnce();
    expect(q('SELECT native_id FROM sessions')).toEqual([{ native_id: SESSION }]);
    expect((q("SELECT text FROM messages WHERE role = 'user'") as { text: string }[]).map((m) => m.text)).toEqual(['run the tests']);
    expect(q('SELECT count(*) AS n FROM usage')).toEqual([{ n: 1 }]);
    expect(q('SELECT name, input, result, is_error FROM tool_calls')).toEqual([{ name: 'run_in_terminal', input: '{"command":"npm test"}', result: '1 failed', is_error: 1 }]);
  });

  it('reads chats kept in globalStorage/transferredChatSessions like any session file', async () => {
    const { root, collector, q } = setup();
    const dir = path.join(root, 'globalStorage', 'transferredChatSessions');
    fs.mkdirSync(dir, { recursive: true });
    const chat = { version: 3, sessionId: 'moved-1', creationDate: Date.parse('2026-06-02T08:00:00.000Z'), requests: [{ requestId: 'request_9', timestamp: Date.parse('2026-06-02T08:00:01.000Z'), message: { text: 'moved chat prompt' }, response: [{ value: 'ok' }] }] };
    fs.writeFileSync(path.join(dir, 'moved-1.json'), JSON.stringify(chat));
    await collector.collectOnce();
    expect(q('SELECT native_id FROM sessions')).toEqual([{ native_id: 'moved-1' }]);
    expect((q("SELECT text FROM messages WHERE role = 'user'") as { text: string }[]).map((m) => m.text)).toEqual(['moved chat prompt']);
  });

  it('claims transcripts and transferred sessions by their place', () => {
    const kind = (rel: string) => copilotChatAdapter.handlerFor(rel)?.kind;
    expect(kind(`workspaceStorage/ws1/GitHub.copilot-chat/transcripts/${SESSION}.jsonl`)).toBe('append');
    expect(kind('workspaceStorage/ws1/GitHub.copilot-chat/debug-logs/x.jsonl')).toBeUndefined();
    expect(kind('globalStorage/transferredChatSessions/s.jsonl')).toBe('whole');
    expect(kind('globalStorage/transferredChatSessions/s.json')).toBe('whole');
  });

  it('counts an odd token field as 0 with a problem naming its line and field, keeping the rest', async () => {
    const { collector, q, transcriptFile } = setup();
    fs.writeFileSync(transcriptFile, transcript + entry('e9', 'assistant.usage', '2026-06-01T10:00:11.000Z', { model: 'gpt-5', inputTokens: 300, outputTokens: 1.5 }, 'e8'));
    await collector.collectOnce();
    expect(q('SELECT input, output FROM usage ORDER BY time')).toEqual([
      { input: 200, output: 80 },
      { input: 300, output: 0 },
    ]);
    expect(q('SELECT line, reason FROM problems')).toEqual([{ line: 9, reason: 'line 9: outputTokens: 1.5 is not a token count (a whole number from 0 to 2^53-1): counted as 0' }]);
  });

  it('leaves prompts to the session file once it appears, for the lines that follow', async () => {
    const { storage, collector, q, transcriptFile } = setup();
    fs.writeFileSync(transcriptFile, transcript);
    await collector.collectOnce();
    expect(q("SELECT count(*) AS n FROM messages WHERE role = 'user'")).toEqual([{ n: 1 }]);
    fs.mkdirSync(path.join(storage, 'chatSessions'), { recursive: true });
    const chat = { version: 3, sessionId: SESSION, creationDate: Date.parse('2026-06-01T10:00:00.000Z'), requests: [{ requestId: 'request_2', timestamp: Date.parse('2026-06-01T10:05:00.000Z'), message: { text: 'and now?' }, response: [{ value: 'Done.' }] }] };
    fs.writeFileSync(path.join(storage, 'chatSessions', `${SESSION}.json`), JSON.stringify(chat));
    fs.appendFileSync(transcriptFile, entry('e9', 'user.message', '2026-06-01T10:05:00.000Z', { content: 'and now?' }, 'e8'));
    await collector.collectOnce();
    expect((q("SELECT text FROM messages WHERE role = 'user' ORDER BY time") as { text: string }[]).map((m) => m.text)).toEqual(['run the tests', 'and now?']);
  });
});
