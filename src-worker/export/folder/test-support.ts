import type { IngestBatch, WireRecord } from '../../../src-shared/sync-wire.js';
import { readSegments, type FolderBatch, type FolderProblem, type ReadSegmentsOptions } from './read-segments.js';

/** A small, valid export batch: one session with messages, a tool call, usage and user metadata. `tag` makes its ids and texts unique. */
export function sampleBatch(machineId: string, tag: string, messages = 3): IngestBatch {
  const sessionId = `claude-code:${tag}`;
  const time = '2026-11-30T05:00:00.000Z';
  const records: WireRecord[] = [
    {
      kind: 'session',
      id: sessionId,
      hash: `h-${tag}`,
      agent: 'claude-code',
      nativeId: tag,
      originMachine: machineId,
      workspace: '/home/ada/src/app',
      firstPrompt: `find the flaky test (${tag})`,
      startedAt: time,
      models: ['claude-sonnet-4-5'],
      messageCount: messages,
      toolCallCount: 1,
      tokens: { input: 120, output: 45, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
    },
    ...Array.from({ length: messages }, (_, i): WireRecord => ({
      kind: 'message',
      id: `${tag}-m${i}`,
      sessionId,
      hash: `hm-${tag}-${i}`,
      role: i % 2 ? 'assistant' : 'user',
      time,
      text: `message ${i} of ${tag}: the retry loop in the watcher swallows the error ✓`,
      ordinal: i,
    })),
    { kind: 'tool_call', id: `${tag}-t0`, sessionId, hash: `ht-${tag}`, name: 'Bash', input: '{"command":"npm test"}', result: 'ok', isError: false, time },
    { kind: 'usage', id: `${tag}-u0`, sessionId, hash: `hu-${tag}`, time, model: 'claude-sonnet-4-5', input: 120, output: 45, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
    { kind: 'session_meta', id: sessionId, version: 1, updatedAt: time, updatedBy: machineId, title: `about ${tag}`, tags: ['flaky'], starred: false, hidden: false, deleted: false },
  ];
  return { machineId, machineName: `${machineId}-laptop`, records };
}

/** Everything readSegments yields, split into batches and problems. */
export async function readAll(folder: string, opts: ReadSegmentsOptions = {}): Promise<{ batches: FolderBatch[]; problems: FolderProblem[] }> {
  const batches: FolderBatch[] = [];
  const problems: FolderProblem[] = [];
  for await (const item of readSegments(folder, opts)) {
    if (item.type === 'batch') batches.push(item);
    else problems.push(item);
  }
  return { batches, problems };
}
