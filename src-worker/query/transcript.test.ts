import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../src-shared/contract/index.js';
import type { DevlogError} from '../../src-shared/errors.js';
import { ErrorCodes } from '../../src-shared/errors.js';
import { fenced, transcriptToMarkdown } from './markdown.js';
import { writeSampleSessions } from './sample-sessions.js';
import { rec, TestStore } from './test-store.js';
import { getTranscript } from './transcript.js';

let store: TestStore;
beforeAll(() => {
  store = new TestStore();
  writeSampleSessions(store);
  // Two sessions whose agent ids share a prefix, for the ambiguity check.
  store.commit('gemini', 'chats/x.json', { sessions: [rec.session('same-prefix-1'), rec.session('same-prefix-2')] });
});
afterAll(() => store.dispose());

function errorOf(fn: () => unknown): DevlogError {
  try {
    fn();
  } catch (err) {
    return err as DevlogError;
  }
  throw new Error('expected an error');
}

describe('getTranscript', () => {
  it('gives the messages in order, the subagent file merged by time, tool calls under their message', () => {
    const t = getTranscript(store.reader(), 'claude-code:alpha-1');
    const messages = t.entries.filter((e): e is TranscriptMessage => e.type === 'message');
    expect(messages.map((m) => m.id.replace('claude-code:', ''))).toEqual(['a1', 'a2', 'a3', 'sub1', 'a4', 'a5']);
    expect(messages.find((m) => m.id.endsWith('sub1'))!.isSidechain).toBe(true);
    const [call] = messages.find((m) => m.id.endsWith('a3'))!.toolCalls;
    expect(call).toMatchObject({ name: 'Bash', input: '{"command":"npm test -- login"}', isError: true, resultTruncated: true });
    expect(call!.result).toHaveLength(2000);
    expect(call!.resultChars).toBeGreaterThan(5000);
    expect(getTranscript(store.reader(), 'claude-code:alpha-1', 0).entries.length).toBe(t.entries.length);
  });

  it('finds a session by full id, by the agent id, or by a unique prefix', () => {
    expect(getTranscript(store.reader(), 'beta-2').session.id).toBe('claude-code:beta-2');
    expect(getTranscript(store.reader(), 'gamm').session.id).toBe('codex:gamma-3');
    expect(getTranscript(store.reader(), 'copilot-chat:del').session.id).toBe('copilot-chat:delta-4');
  });

  it('says NOT_FOUND for an unknown id and BAD_REQUEST for an ambiguous one', () => {
    const missing = errorOf(() => getTranscript(store.reader(), 'claude-code:nope'));
    expect(missing.code).toBe(ErrorCodes.NotFound);
    expect(missing.message).toMatch(/no session with id "claude-code:nope"/);
    const ambiguous = errorOf(() => getTranscript(store.reader(), 'same-prefix'));
    expect(ambiguous.code).toBe(ErrorCodes.BadRequest);
    expect(ambiguous.message).toMatch(/ambiguous.*gemini:same-prefix-1.*gemini:same-prefix-2|ambiguous.*gemini:same-prefix-2.*gemini:same-prefix-1/);
  });
});

describe('transcriptToMarkdown', () => {
  it('contains every user prompt in order, the tool call, the subagent marked, no injected text', () => {
    const md = transcriptToMarkdown(getTranscript(store.reader(), 'claude-code:alpha-1'));
    const prompts = ['The login page throws a TypeError when the password field is empty', 'Now also add a regression test please'];
    const at = prompts.map((p) => md.indexOf(p));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(md).toMatch(/^# Fix the login bug\n/);
    expect(md).toContain('<details><summary>Tool `Bash: npm test -- login` (error)</summary>');
    expect(md).toContain('## Assistant · subagent\n\n> Subagent searched the codebase');
    expect(md).not.toContain('injected context');
    expect(transcriptToMarkdown(getTranscript(store.reader(), 'claude-code:alpha-1'), { includeMeta: true })).toContain('injected context');
  });

  it('fences code so that backticks inside cannot close the block', () => {
    expect(fenced('a ``` b')).toBe('````\na ``` b\n````');
    expect(fenced('plain', 'json')).toBe('```json\nplain\n```');
  });
});
