/** Test helpers: hand-written Gemini session files. */
import type { FileContext, NormalizedBatch, WholeFileHandler } from '../types.js';
import { geminiAdapter } from './index.js';

export const SESSION = '5b1a7c3e-0d4f-4a8b-9c2d-1e3f5a7b9c0d';
export const PROJECT_HASH = '9da8b3dfb8655182ac1f0e66601c367e34f8d18447a29759eeba4d7e45dc60ea';

export function geminiFile(relPath: string, root = '/home/u/.gemini'): FileContext {
  return { agent: 'gemini', path: `${root}/${relPath}`, relPath, root };
}

export const MAIN_JSONL = `tmp/${PROJECT_HASH}/chats/session-2026-04-23T12-52-5b1a7c3e.jsonl`;
export const MAIN_JSON = `tmp/${PROJECT_HASH}/chats/session-2026-03-27T10-19-5b1a7c3e.json`;

/** Parses a file's content with the handler the adapter picks for its path. */
export function parseGemini(content: string, relPath = MAIN_JSONL): NormalizedBatch {
  const handler = geminiAdapter.handlerFor(relPath) as WholeFileHandler;
  return handler.parseFile(content, geminiFile(relPath), {});
}

export function jsonl(...records: unknown[]): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

export const metadata = { sessionId: SESSION, projectHash: PROJECT_HASH, startTime: '2026-04-23T12:52:52.759Z', lastUpdated: '2026-04-23T12:52:52.759Z', kind: 'main' };

export function user(id: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, timestamp: '2026-04-23T12:53:05.283Z', type: 'user', content: [{ text }], ...extra };
}

export function gemini(id: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, timestamp: '2026-04-23T12:53:11.257Z', type: 'gemini', content: text, model: 'gemini-2.5-pro', ...extra };
}

export const tokens = { input: 13906, output: 185, cached: 8000, thoughts: 306, tool: 10, total: 14407 };
