/** Helpers for this adapter's tests: lines as the collector hands them over, and small records. */
import path from 'node:path';
import type { FileContext, NormalizedBatch, ParserState, RawLine } from '../types.js';
import { claudeCodeAdapter } from './index.js';

/** Complete lines only (a trailing partial line waits, as in the collector), 1-based, byte offsets. */
export function splitCompleteLines(bytes: Buffer): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a, start); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    lines.push({ text: bytes.toString('utf8', start, nl), offset: start, line: lines.length + 1 });
    start = nl + 1;
  }
  return lines;
}

export function fileContext(relPath: string, root = '/home/u/.claude'): FileContext {
  return { agent: 'claude-code', path: path.posix.join(root, relPath), relPath, root };
}

export const MAIN_FILE = 'projects/-tmp-demo/s1.jsonl';

/** Parses records (objects, or raw text for broken lines) written as one JSONL file. */
export function parseRecords(records: Array<object | string>, relPath = MAIN_FILE, state: ParserState = {}): NormalizedBatch {
  const text = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
  const handler = claudeCodeAdapter.handlerFor(relPath);
  if (handler?.kind !== 'append') throw new Error(`no append handler for ${relPath}`);
  return handler.parseLines(splitCompleteLines(Buffer.from(text)), fileContext(relPath), state);
}

const BASE = { sessionId: 's1', cwd: '/tmp/demo', gitBranch: 'main', version: '2.1.0', isSidechain: false, userType: 'external' };

export function userLine(uuid: string, content: unknown, extra: object = {}): object {
  return { ...BASE, type: 'user', uuid, parentUuid: null, timestamp: '2026-01-01T10:00:00.000Z', message: { role: 'user', content }, ...extra };
}

export function assistantLine(uuid: string, content: unknown[], extra: object = {}, message: object = {}): object {
  return {
    ...BASE,
    type: 'assistant',
    uuid,
    parentUuid: 'u1',
    timestamp: '2026-01-01T10:00:05.000Z',
    requestId: 'req_1',
    message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content, usage: usageOf(10, 5), ...message },
    ...extra,
  };
}

export function usageOf(input: number, output: number, cacheRead = 0, cacheCreation = 0): object {
  return { input_tokens: input, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheCreation };
}
