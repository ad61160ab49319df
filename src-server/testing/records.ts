import type { IngestBatch, WireMessage, WireSessionMeta, WireSession, WireToolCall, WireUsage, WireRecord } from '../../src-shared/sync-wire.js';

/** Small valid records for tests; override any field. */
export function session(nativeId: string, over: Partial<WireSession> = {}): WireSession {
  return {
    kind: 'session',
    id: `claude-code:${nativeId}`,
    hash: 'h1',
    agent: 'claude-code',
    nativeId,
    originMachine: 'machine-1',
    workspace: '/home/ada/work/project',
    agentTitle: `Session ${nativeId}`,
    firstPrompt: 'fix the flaky test',
    startedAt: '2025-01-02T10:00:00.000Z',
    endedAt: '2025-01-02T11:00:00.000Z',
    models: ['claude-sonnet-4'],
    messageCount: 1,
    toolCallCount: 1,
    tokens: { input: 10, output: 20, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
    ...over,
  };
}

export function message(sessionNativeId: string, id: string, text: string, over: Partial<WireMessage> = {}): WireMessage {
  return { kind: 'message', id, sessionId: `claude-code:${sessionNativeId}`, hash: `m-${text.length}`, role: 'user', text, time: '2025-01-02T10:00:01.000Z', ordinal: 0, ...over };
}

export function toolCall(sessionNativeId: string, id: string, over: Partial<WireToolCall> = {}): WireToolCall {
  return { kind: 'tool_call', id, sessionId: `claude-code:${sessionNativeId}`, hash: 't1', name: 'Bash', input: '{"command":"npm test"}', result: 'all green', ...over };
}

export function usage(sessionNativeId: string, id: string, over: Partial<WireUsage> = {}): WireUsage {
  return { kind: 'usage', id, sessionId: `claude-code:${sessionNativeId}`, hash: 'u1', input: 10, output: 20, cacheRead: 0, cacheCreation: 0, reasoning: 0, ...over };
}

export function meta(sessionNativeId: string, version: number, over: Partial<WireSessionMeta> = {}): WireSessionMeta {
  return {
    kind: 'session_meta',
    id: `claude-code:${sessionNativeId}`,
    version,
    updatedAt: '2025-01-03T00:00:00.000Z',
    updatedBy: 'machine-1',
    title: `title v${version}`,
    tags: ['work'],
    starred: false,
    hidden: false,
    deleted: false,
    ...over,
  };
}

/** A whole session as one batch: the session, two messages, a tool call and a usage row. */
export function sessionBatch(nativeId: string, machineId = 'machine-1', extra: Partial<IngestBatch> = {}): IngestBatch {
  const records: WireRecord[] = [
    session(nativeId, { originMachine: machineId }),
    message(nativeId, `${nativeId}-m1`, `please fix the flaky test in ${nativeId}`),
    message(nativeId, `${nativeId}-m2`, 'I ran the suite and found a race condition', { role: 'assistant', ordinal: 1 }),
    toolCall(nativeId, `${nativeId}-t1`),
    usage(nativeId, `${nativeId}-u1`),
  ];
  return { machineId, records, ...extra };
}
