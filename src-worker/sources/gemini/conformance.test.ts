/**
 * Every shared Gemini sample parses: nothing throws, every record is kept raw and is either
 * normalized or reported, every message id of the file comes out once, and the stored tokens
 * add up to Gemini's own per-message total.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import { parseGemini, PROJECT_HASH } from './test-files.js';

const available = sharedFixturesAvailable();
const files = available ? sharedFixtureFiles('gemini') : [];

type Message = { id?: unknown; tokens?: { total?: number } | null };

/** The file's messages by id, last copy winning, read independently of the adapter. */
function lastCopies(text: string, isJsonl: boolean): Map<string, Message> {
  const byId = new Map<string, Message>();
  const add = (m: Message) => typeof m.id === 'string' && byId.set(m.id, m);
  if (!isJsonl) {
    (JSON.parse(text) as { messages: Message[] }).messages.forEach(add);
    return byId;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Message & { $set?: { messages?: Message[] } };
    add(record);
    record.$set?.messages?.forEach(add);
  }
  return byId;
}

describe.skipIf(!available)('gemini adapter on the shared samples', () => {
  it('has samples to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const isJsonl = name.endsWith('.jsonl');
    const relPath = `tmp/${PROJECT_HASH}/chats/session-2026-01-01T00-00-${name}`;

    it(`${name}: parses and accounts for every record`, () => {
      const batch = parseGemini(text, relPath);
      const copies = lastCopies(text, isJsonl);
      const records = isJsonl ? text.split('\n').filter((l) => l.trim() !== '').length : 1 + copies.size;
      expect(batch.raw).toHaveLength(records);
      for (const problem of batch.problems) expect(problem.reason).not.toBe('');
      expect(batch.sessions).toHaveLength(1);
      const sessionId = batch.sessions[0]!.nativeId;

      const ids = batch.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      const replies = batch.messages.filter((m) => m.kind !== 'thinking').map((m) => m.id);
      expect(replies.sort()).toEqual([...copies.keys()].map((id) => `${sessionId}:${id}`).sort());
      const callIds = batch.toolCalls.map((c) => c.id);
      expect(new Set(callIds).size).toBe(callIds.length);
    });

    it(`${name}: tokens add up to Gemini's total for each message`, () => {
      const batch = parseGemini(text, relPath);
      const copies = lastCopies(text, isJsonl);
      const sessionId = batch.sessions[0]!.nativeId;
      for (const usage of batch.usage) {
        const total = copies.get(usage.key.slice(sessionId.length + 1))?.tokens?.total;
        expect(usage.input + usage.cacheRead + usage.output).toBe(total);
      }
    });
  }
});
