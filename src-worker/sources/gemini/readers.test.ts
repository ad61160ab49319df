import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../types.js';
import { gemini, jsonl, MAIN_JSON, metadata, parseGemini, SESSION, tokens, user } from './test-files.js';

const ids = (batch: ReturnType<typeof parseGemini>) => batch.messages.filter((m) => m.kind !== 'thinking').map((m) => m.id.slice(SESSION.length + 1));

describe('Gemini session files', () => {
  it('lets the last copy of a message id win (tokens and tool calls arrive in later copies)', () => {
    const batch = parseGemini(
      jsonl(
        metadata,
        user('u1', 'read the README'),
        gemini('g1', ''),
        { $set: { lastUpdated: '2026-04-23T12:53:11.300Z' } },
        gemini('g1', '', { tokens, toolCalls: [{ id: 'call-1', name: 'read_file', args: { file_path: 'README.md' }, status: 'success', timestamp: '2026-04-23T12:53:11.357Z' }] }),
        gemini('g2', 'It is a bot.'),
      ),
    );
    expect(ids(batch)).toEqual(['u1', 'g1', 'g2']);
    const g1 = batch.messages.find((m) => m.id === `${SESSION}:g1`)!;
    expect(g1.line).toBe(5);
    expect(batch.toolCalls.map((c) => [c.id, c.messageId, c.name])).toEqual([[`${SESSION}:call-1`, g1.id, 'read_file']]);
    expect(batch.usage).toEqual([expect.objectContaining({ key: g1.id, messageId: g1.id, onConflict: 'replace' })]);
    expect(batch.raw.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps messages cut by $rewindTo and hangs the new branch off the rewind point', () => {
    const batch = parseGemini(
      jsonl(metadata, user('u1', 'first'), gemini('g1', 'answer 1'), user('u2', 'oops'), gemini('g2', 'answer 2'), { $rewindTo: 'u2' }, user('u3', 'better question'), gemini('g3', 'answer 3')),
    );
    expect(ids(batch)).toEqual(['u1', 'g1', 'u2', 'g2', 'u3', 'g3']);
    const parent = (id: string) => batch.messages.find((m) => m.id === `${SESSION}:${id}`)!.parentId?.slice(SESSION.length + 1);
    expect(parent('u2')).toBe('g1');
    expect(parent('u3')).toBe('g1');
    expect(parent('g3')).toBe('u3');
    expect(batch.problems).toEqual([]);
  });

  it('applies $set.messages: existing ids are replaced, new ones follow the list', () => {
    const batch = parseGemini(
      jsonl(
        metadata,
        user('u1', 'hello'),
        gemini('g1', 'long tool output here'),
        { $set: { messages: [user('u1', 'hello'), gemini('g1', '[masked]'), gemini('s1', 'summary of earlier work')], lastUpdated: '2026-04-23T13:00:00.000Z' } },
        user('u2', 'go on'),
      ),
    );
    expect(ids(batch)).toEqual(['u1', 'g1', 's1', 'u2']);
    expect(batch.messages.find((m) => m.id === `${SESSION}:g1`)).toMatchObject({ text: '[masked]', line: 4 });
    expect(batch.messages.find((m) => m.id === `${SESSION}:u2`)!.parentId).toBe(`${SESSION}:s1`);
    expect(batch.sessions[0]!.endedAt).toBe('2026-04-23T13:00:00.000Z');
  });

  it('reports a broken line in the middle with its number and parses the rest', () => {
    const content = jsonl(metadata, user('u1', 'one'), '{"id":"g1","type":"gemini","content":"cut', gemini('g2', 'two'), { hello: 'world' });
    const batch = parseGemini(content);
    expect(batch.problems).toEqual([
      { line: 3, offset: expect.any(Number), reason: expect.stringMatching(/^invalid JSON/) },
      { line: 5, offset: expect.any(Number), reason: 'unknown record kind: no id, sessionId, $set or $rewindTo' },
    ]);
    expect(batch.problems[0]!.offset).toBe(Buffer.byteLength(jsonl(metadata, user('u1', 'one'))));
    expect(ids(batch)).toEqual(['u1', 'g2']);
    expect(batch.raw).toHaveLength(5);
  });

  it('asks to retry while the last line is still being written', () => {
    const content = jsonl(metadata, user('u1', 'one')) + '{"id":"g1","type":"gem';
    expect(() => parseGemini(content)).toThrow(RetryLaterError);
    // A complete last line without its newline is fine.
    expect(ids(parseGemini(content.slice(0, content.lastIndexOf('\n'))))).toEqual(['u1']);
  });

  it('reads the legacy whole-file .json and asks to retry when it is cut off mid-save', () => {
    const doc = JSON.stringify({ ...metadata, messages: [user('u1', 'hi'), gemini('g1', 'hello', { tokens })], summary: 'Greeting' }, null, 2);
    const batch = parseGemini(doc, MAIN_JSON);
    expect(ids(batch)).toEqual(['u1', 'g1']);
    expect(batch.sessions[0]).toMatchObject({ nativeId: SESSION, title: 'Greeting' });
    expect(batch.raw).toHaveLength(3);
    expect(() => parseGemini(doc.slice(0, doc.length - 20), MAIN_JSON)).toThrow(RetryLaterError);
    expect(() => parseGemini('', MAIN_JSON)).toThrow(RetryLaterError);
    expect(parseGemini(doc.replace('"messages"', '"messages" x'), MAIN_JSON).problems).toEqual([{ reason: expect.stringMatching(/^invalid JSON/) }]);
    expect(parseGemini('[1, 2]', MAIN_JSON)).toMatchObject({ sessions: [], problems: [{ reason: 'wrong shape: expected {sessionId, messages[]}' }] });
  });
});
