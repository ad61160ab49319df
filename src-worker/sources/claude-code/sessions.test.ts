import { describe, expect, it } from 'vitest';
import type { ParserState } from '../types.js';
import { assistantLine, parseRecords, userLine } from './test-support.js';

describe('claude-code sessions', () => {
  it('takes workspace, branch, times, models and version from the records', () => {
    const batch = parseRecords([
      userLine('u1', 'Go', { gitBranch: '' }),
      assistantLine('a1', [{ type: 'text', text: 'ok' }], { cwd: '/tmp/demo/sub', gitBranch: 'feature/x', version: '2.1.12', timestamp: '2026-01-01T10:05:00.000Z' }),
      assistantLine('a2', [{ type: 'text', text: 'ok' }], { gitBranch: '' }, { id: 'msg_2', model: 'claude-opus-4-5' }),
    ]);
    expect(batch.sessions).toEqual([
      {
        nativeId: 's1',
        workspace: '/tmp/demo',
        gitBranch: 'feature/x',
        startedAt: '2026-01-01T10:00:00.000Z',
        endedAt: '2026-01-01T10:05:00.000Z',
        models: ['claude-sonnet-4-5', 'claude-opus-4-5'],
        extra: { version: '2.1.0' },
      },
    ]);
  });

  it('titles the session of the file with a summary written before any record', () => {
    const batch = parseRecords([{ type: 'summary', summary: 'Refactor the parser', leafUuid: 'elsewhere' }, userLine('u1', 'Go', { sessionId: 'abc' })]);
    expect(batch.sessions).toEqual([expect.objectContaining({ nativeId: 'abc', title: 'Refactor the parser' })]);
    expect(batch.problems).toEqual([]);
  });

  it('falls back to the file name for a file holding only a summary', () => {
    const batch = parseRecords([{ type: 'summary', summary: 'Old chat', leafUuid: 'x' }], 'projects/-tmp-demo/ff71dbed.jsonl');
    expect(batch.sessions).toEqual([{ nativeId: 'ff71dbed', title: 'Old chat' }]);
  });

  it('remembers the file session and its first workspace across batches', () => {
    const state: ParserState = {};
    parseRecords([userLine('u1', 'Go', { sessionId: 'abc', cwd: '/work/app' })], undefined, state);
    expect(state).toEqual({ sessionId: 'abc', workspace: '/work/app' });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const later = parseRecords(
      [{ type: 'summary', summary: 'Later title', leafUuid: 'u9' }, userLine('u2', 'more', { sessionId: 'abc', cwd: '/work/app/src' })],
      undefined,
      state,
    );
    expect(later.sessions).toEqual([expect.objectContaining({ nativeId: 'abc', title: 'Later title', workspace: '/work/app' })]);
  });

  it('prefers the title the user gave over generated titles and summaries, across batches too', () => {
    const state: ParserState = {};
    const batch = parseRecords(
      [
        userLine('u1', 'Go'),
        { type: 'custom-title', sessionId: 's1', customTitle: 'My title' },
        { type: 'ai-title', sessionId: 's1', aiTitle: 'Generated title' },
        { type: 'summary', summary: 'Summary title', leafUuid: 'u1' },
      ],
      undefined,
      state,
    );
    expect(batch.sessions[0]!.title).toBe('My title');
    const later = parseRecords([{ type: 'ai-title', sessionId: 's1', aiTitle: 'Newer generated title' }], undefined, state);
    expect(later.sessions).toEqual([]);
    const renamed = parseRecords([{ type: 'custom-title', sessionId: 's1', customTitle: 'Renamed' }], undefined, state);
    expect(renamed.sessions).toEqual([expect.objectContaining({ nativeId: 's1', title: 'Renamed' })]);
  });

  it('lets a later summary replace an earlier one', () => {
    const batch = parseRecords([{ type: 'summary', summary: 'Old', leafUuid: 'a' }, userLine('u1', 'Go'), { type: 'summary', summary: 'New', leafUuid: 'u1' }]);
    expect(batch.sessions[0]!.title).toBe('New');
  });

  it('does not let a subagent file title the parent session', () => {
    const batch = parseRecords([{ type: 'summary', summary: 'Subagent notes', leafUuid: 'x' }, userLine('u1', 'Go')], 'projects/-tmp-demo/p1/subagents/agent-1.jsonl');
    expect(batch.sessions).toEqual([expect.objectContaining({ nativeId: 'p1' })]);
    expect(batch.sessions[0]!.title).toBeUndefined();
  });
});
