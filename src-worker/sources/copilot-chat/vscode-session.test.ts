import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryLaterError, type FileContext, type NormalizedBatch, type WholeFileHandler } from '../types.js';
import { copilotChatAdapter } from './index.js';
import { EXPORTED_CHAT_REASON } from './session-file.js';

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-copilot-'));
  const ws = path.join(root, 'workspaceStorage', 'ws1');
  fs.mkdirSync(path.join(ws, 'chatSessions'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'workspace.json'), JSON.stringify({ folder: 'file:///home/me/my%20project' }));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function parse(relPath: string, content: string): NormalizedBatch {
  const handler = copilotChatAdapter.handlerFor(relPath) as WholeFileHandler;
  expect(handler?.kind).toBe('whole');
  const file: FileContext = { agent: 'copilot-chat', path: path.join(root, relPath), relPath, root };
  return handler.parseFile(content, file, {});
}

const md = (value: string) => ({ value, supportThemeIcons: false });

const request1 = {
  requestId: 'request_1',
  timestamp: 1_760_000_000_000,
  modelId: 'copilot/claude-sonnet-4',
  message: { text: 'Fix the bug', parts: [] },
  variableData: { variables: [{ name: 'main.ts', id: 'file:///x/main.ts' }] },
  response: [
    { kind: 'thinking', value: 'Let me ', id: 't1' },
    { kind: 'thinking', value: ['look', '.'], id: 't1' },
    md('I changed '),
    { kind: 'inlineReference', inlineReference: { $mid: 1, fsPath: '/home/me/my project/main.ts', path: '/home/me/my project/main.ts', scheme: 'file' } },
    md('.\n```\n'),
    { kind: 'codeblockUri', uri: { fsPath: '/home/me/my project/main.ts', scheme: 'file' } },
    md('\n```\n'),
    {
      kind: 'toolInvocationSerialized',
      toolId: 'run_in_terminal',
      toolCallId: 'tc-1',
      invocationMessage: { value: 'Running `npm test`' },
      pastTenseMessage: 'Ran `npm test`',
      isComplete: true,
      resultDetails: { input: '{"command":"npm test"}', output: [{ type: 'embed', isText: true, value: '1 failed' }], isError: true },
    },
    { kind: 'undoStop', id: 'u1' },
  ],
  result: { timings: { totalElapsed: 5000 }, usage: { promptTokens: 1000, completionTokens: 50, promptTokenDetails: { cachedTokens: 400 } } },
};

const request2 = {
  requestId: 'request_2',
  timestamp: 1_760_000_100_000,
  message: { text: 'Thanks' },
  response: [md('You are welcome.')],
  result: { details: 'GPT-4o • 0x' },
};

const session = {
  version: 3,
  sessionId: 'sess-1',
  creationDate: 1_759_999_990_000,
  lastMessageDate: 1_760_000_100_000,
  customTitle: 'Fixing the bug',
  initialLocation: 'panel',
  requests: [request1, request2],
};

describe('Copilot Chat .json sessions', () => {
  it('maps a session, its requests, tools and usage', () => {
    const batch = parse('workspaceStorage/ws1/chatSessions/sess-1.json', JSON.stringify(session));
    expect(batch.problems).toEqual([]);
    expect(batch.sessions).toEqual([
      {
        nativeId: 'sess-1',
        workspace: '/home/me/my project',
        title: 'Fixing the bug',
        startedAt: '2025-10-09T08:53:10.000Z',
        endedAt: '2025-10-09T08:55:00.000Z',
        models: ['claude-sonnet-4', 'GPT-4o'],
        extra: { initialLocation: 'panel' },
      },
    ]);
    expect(batch.messages.map((m) => [m.id, m.role, m.kind, m.ordinal, m.model])).toEqual([
      ['request_1', 'user', undefined, 0, undefined],
      ['request_1:thinking', 'assistant', 'thinking', 1, 'claude-sonnet-4'],
      ['request_1:response', 'assistant', undefined, 2, 'claude-sonnet-4'],
      ['request_2', 'user', undefined, 10, undefined],
      ['request_2:response', 'assistant', undefined, 12, 'GPT-4o'],
    ]);
    const [user, thinking, response] = batch.messages;
    expect(user!.text).toBe('Fix the bug');
    expect(user!.time).toBe('2025-10-09T08:53:20.000Z');
    expect(thinking!.text).toBe('Let me look.');
    expect(response!.text).toBe('I changed main.ts.\n');
    expect(response!.time).toBe('2025-10-09T08:53:25.000Z');
    expect(response!.parentId).toBe('request_1');
    expect(batch.toolCalls).toEqual([
      { id: 'tc-1', sessionNativeId: 'sess-1', messageId: 'request_1:response', name: 'run_in_terminal', input: { command: 'npm test' }, result: '1 failed', isError: true },
    ]);
    expect(batch.usage).toEqual([
      {
        key: 'request_1',
        sessionNativeId: 'sess-1',
        messageId: 'request_1:response',
        time: '2025-10-09T08:53:25.000Z',
        model: 'claude-sonnet-4',
        input: 600,
        output: 50,
        cacheRead: 400,
        cacheCreation: 0,
        reasoning: 0,
        onConflict: 'replace',
      },
    ]);
    expect(batch.raw).toHaveLength(3);
  });

  it('uses the model tool calls arguments when they pair one to one with the UI parts', () => {
    const request = {
      requestId: 'r',
      message: { text: 'x' },
      response: [{ kind: 'toolInvocationSerialized', toolId: 'copilot_readFile', toolCallId: 'ui-1', invocationMessage: 'Reading', isComplete: true }],
      result: {
        metadata: {
          toolCallRounds: [{ toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"filePath":"/a.ts"}' }] }],
          toolCallResults: { call_1: { content: [{ value: { node: { children: [{ text: 'file ' }, { text: 'body' }] } } }] } },
        },
      },
    };
    const batch = parse('workspaceStorage/ws1/chatSessions/s.json', JSON.stringify({ sessionId: 's', creationDate: 1, requests: [request] }));
    expect(batch.toolCalls[0]).toMatchObject({ id: 'ui-1', name: 'copilot_readFile', input: { filePath: '/a.ts' }, result: 'file body' });
  });

  it('skips a request still waiting for its response, and keeps the user message', () => {
    const pending = { ...session, requests: [{ requestId: 'r9', message: { text: 'hello' }, response: [] }] };
    const batch = parse('workspaceStorage/ws1/chatSessions/sess-1.json', JSON.stringify(pending));
    expect(batch.messages.map((m) => m.id)).toEqual(['r9']);
  });

  it('asks to retry a file cut off mid-write or empty, and reports one broken in the middle', () => {
    const full = JSON.stringify(session);
    expect(() => parse('workspaceStorage/ws1/chatSessions/sess-1.json', full.slice(0, full.length / 2))).toThrow(RetryLaterError);
    expect(() => parse('workspaceStorage/ws1/chatSessions/sess-1.json', '')).toThrow(RetryLaterError);
    const broken = parse('workspaceStorage/ws1/chatSessions/sess-1.json', '{"sessionId": "x",, "requests": []}');
    expect(broken.sessions).toEqual([]);
    expect(broken.problems[0]!.reason).toMatch(/invalid JSON/);
  });

  it('gives no session for a chat that was opened but never sent to', () => {
    const batch = parse('workspaceStorage/ws1/chatSessions/sess-0.json', JSON.stringify({ ...session, requests: [] }));
    expect(batch.sessions).toEqual([]);
    expect(batch.problems).toEqual([]);
  });

  it('does not take an exported chat for a session', () => {
    const exported = { requesterUsername: 'me', responderUsername: 'GitHub Copilot', requests: [request2] };
    const batch = parse('workspaceStorage/ws1/chatSessions/exported.json', JSON.stringify(exported));
    expect(batch.sessions).toEqual([]);
    expect(batch.problems).toEqual([{ reason: EXPORTED_CHAT_REASON }]);
  });

  it('has no workspace for empty windows or a missing workspace.json', () => {
    const body = JSON.stringify(session);
    expect(parse('globalStorage/emptyWindowChatSessions/sess-1.json', body).sessions[0]!.workspace).toBeUndefined();
    expect(parse('workspaceStorage/no-workspace/chatSessions/sess-1.json', body).sessions[0]!.workspace).toBeUndefined();
    expect(parse('workspaceStorage/gone/chatSessions/sess-1.json', body).sessions[0]!.workspace).toBeUndefined();
  });
});

describe('Copilot Chat .jsonl operation logs', () => {
  const initial = { ...session, customTitle: undefined, requests: [{ ...request1, response: [md('draft')], result: undefined }] };
  const lines = [
    { kind: 0, v: initial },
    { kind: 1, k: ['customTitle'], v: 'Fixing the bug' },
    { kind: 2, k: ['requests', 0, 'response'], v: request1.response, i: 0 },
    { kind: 1, k: ['requests', 0, 'result'], v: request1.result },
    { kind: 2, k: ['requests'], v: [request2] },
    { kind: 1, k: ['inputState'], v: { inputText: 'draft' } },
    { kind: 3, k: ['inputState'] },
  ];
  const asLog = (entries: unknown[]) => entries.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';

  it('gives the same records as the .json copy, so the two dedupe', () => {
    const fromLog = parse('workspaceStorage/ws1/chatSessions/sess-1.jsonl', asLog(lines));
    const fromJson = parse('workspaceStorage/ws1/chatSessions/sess-1.json', JSON.stringify(session));
    expect(fromLog.problems).toEqual([]);
    expect(fromLog.sessions).toEqual(fromJson.sessions);
    expect(fromLog.messages).toEqual(fromJson.messages);
    expect(fromLog.toolCalls).toEqual(fromJson.toolCalls);
    expect(fromLog.usage).toEqual(fromJson.usage);
  });

  it('leaves a .json alone when the .jsonl of the same session is beside it', () => {
    const dir = path.join(root, 'workspaceStorage', 'ws1', 'chatSessions');
    fs.writeFileSync(path.join(dir, 'both.jsonl'), asLog([{ kind: 0, v: session }]));
    try {
      expect(parse('workspaceStorage/ws1/chatSessions/both.json', JSON.stringify(session)).messages).toEqual([]);
      expect(parse('workspaceStorage/ws1/chatSessions/both.jsonl', asLog([{ kind: 0, v: session }])).messages).toHaveLength(5);
    } finally {
      fs.rmSync(path.join(dir, 'both.jsonl'));
    }
  });

  it('reads a log compacted into a single kind-0 line the same way', () => {
    const compacted = parse('workspaceStorage/ws1/chatSessions/sess-1.jsonl', asLog([{ kind: 0, v: session }]));
    const replayed = parse('workspaceStorage/ws1/chatSessions/sess-1.jsonl', asLog(lines));
    expect(compacted.messages).toEqual(replayed.messages);
  });

  it('reports a broken line with its number and keeps the rest', () => {
    const withBroken = [...lines.slice(0, 2), '{"kind":2,"k":["requests"],"v":[{"reque', ...lines.slice(2)];
    const batch = parse('workspaceStorage/ws1/chatSessions/sess-1.jsonl', asLog(withBroken));
    expect(batch.problems).toHaveLength(1);
    expect(batch.problems[0]!.line).toBe(3);
    expect(batch.messages.map((m) => m.id)).toContain('request_2:response');
  });

  it('asks to retry while the last line is being written', () => {
    const partial = asLog(lines.slice(0, 4)) + JSON.stringify(lines[4]).slice(0, 30);
    expect(() => parse('workspaceStorage/ws1/chatSessions/sess-1.jsonl', partial)).toThrow(RetryLaterError);
  });
});

describe('copilotChatAdapter', () => {
  it('claims only chat session files and Copilot CLI sessions', () => {
    const claimed = (p: string) => copilotChatAdapter.handlerFor(p)?.kind;
    expect(claimed('workspaceStorage/abc/chatSessions/x.json')).toBe('whole');
    expect(claimed('workspaceStorage/abc/chatSessions/x.jsonl')).toBe('whole');
    expect(claimed('globalStorage/emptyWindowChatSessions/x.jsonl')).toBe('whole');
    expect(claimed('session-state/abc/events.jsonl')).toBe('append');
    expect(claimed('history-session-state/abc.json')).toBe('whole');
    expect(claimed('workspaceStorage/abc/state.vscdb')).toBeUndefined();
    expect(claimed('workspaceStorage/abc/chatEditingSessions/x/state.json')).toBeUndefined();
    expect(claimed('workspaceStorage/abc/workspace.json')).toBeUndefined();
  });

  it('looks in the VS Code family user dirs and the Copilot CLI home', () => {
    const roots = copilotChatAdapter.defaultRoots({ platform: 'linux', home: '/home/me', env: {} });
    expect(roots).toEqual([
      '/home/me/.config/Code/User',
      '/home/me/.config/Code - Insiders/User',
      '/home/me/.config/VSCodium/User',
      '/home/me/.vscode-server/data/User',
      '/home/me/.vscode-server-insiders/data/User',
      '/home/me/.copilot',
    ]);
  });
});
