import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionQuery } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { SAMPLE_HOME, writeSampleSessions } from './sample-sessions.js';
import { querySessions } from './sessions.js';
import { TestStore } from './test-store.js';

let store: TestStore;
beforeAll(() => {
  store = new TestStore();
  writeSampleSessions(store);
});
afterAll(() => store.dispose());

const now = new Date('2026-11-13T12:00:00.000Z');
const ids = (query: SessionQuery) => querySessions(store.reader(), query, { home: SAMPLE_HOME, now }).sessions.map((s) => s.id);

describe('querySessions', () => {
  it('lists sessions newest first with agent, workspace, title, times, counts and tokens', () => {
    const { sessions, hasMore } = querySessions(store.reader(), {});
    expect(hasMore).toBe(false);
    expect(sessions.map((s) => s.id)).toEqual(['copilot-chat:delta-4', 'codex:gamma-3', 'claude-code:beta-2', 'claude-code:alpha-1']);
    const alpha = sessions[3]!;
    expect(alpha).toMatchObject({
      agent: 'claude-code',
      nativeId: 'alpha-1',
      workspace: `${SAMPLE_HOME}/code/alpha`,
      title: 'Fix the login bug',
      titleSource: 'agent',
      gitBranch: 'main',
      startedAt: '2026-11-01T10:00:00.000Z',
      endedAt: '2026-11-01T10:05:00.000Z',
      messageCount: 6,
      toolCallCount: 1,
      tokens: { input: 1100, output: 550, cacheRead: 10_000, cacheCreation: 2000, reasoning: 0 },
    });
    expect(alpha.snippets).toBeUndefined();
  });

  it('titles: the user title, else the agent title, else the first prompt (one trimmed line)', () => {
    const beta = querySessions(store.reader(), { agents: ['claude-code'] }).sessions.find((s) => s.nativeId === 'beta-2')!;
    expect(beta).toMatchObject({ title: 'Refactor the café menu renderer into small components', titleSource: 'prompt' });
    store.engine.db
      .prepare("INSERT INTO session_meta(session_id, title, updated_at, updated_by, seq) VALUES ('claude-code:beta-2', '  My   title ', 'x', 'x', 999)")
      .run();
    try {
      const renamed = querySessions(store.reader(), { agents: ['claude-code'] }).sessions.find((s) => s.nativeId === 'beta-2')!;
      expect(renamed).toMatchObject({ title: 'My title', titleSource: 'user' });
    } finally {
      store.engine.db.prepare("DELETE FROM session_meta WHERE session_id = 'claude-code:beta-2'").run();
    }
  });

  it('filters by agent, workspace glob, time and model, and combines them', () => {
    expect(ids({ agents: ['codex', 'copilot-chat'] })).toEqual(['copilot-chat:delta-4', 'codex:gamma-3']);
    expect(ids({ workspace: '~/code/alpha' })).toEqual(['codex:gamma-3', 'claude-code:alpha-1']);
    expect(ids({ workspace: '~/code' })).toEqual(['codex:gamma-3', 'claude-code:beta-2', 'claude-code:alpha-1']);
    expect(ids({ workspace: '~/code/*/web' })).toEqual(['claude-code:beta-2']);
    expect(ids({ workspace: 'alph*' })).toEqual(['codex:gamma-3', 'claude-code:alpha-1']);
    expect(ids({ workspace: '/nowhere/**' })).toEqual([]);
    expect(ids({ since: '2026-11-05' })).toEqual(['copilot-chat:delta-4', 'codex:gamma-3', 'claude-code:beta-2']);
    expect(ids({ since: '2d' })).toEqual(['copilot-chat:delta-4']);
    expect(ids({ until: '2026-11-04' })).toEqual(['claude-code:alpha-1']);
    expect(ids({ since: '2026-11-02', until: '2026-11-10T00:00Z' })).toEqual(['claude-code:beta-2']);
    expect(ids({ model: 'SONNET' })).toEqual(['claude-code:alpha-1']);
    expect(ids({ model: 'gpt-5' })).toEqual(['codex:gamma-3']);
    expect(ids({ agents: ['claude-code'], workspace: '~/code/alpha', since: '30d', model: 'claude' })).toEqual(['claude-code:alpha-1']);
    expect(ids({ agents: ['codex'], model: 'claude' })).toEqual([]);
  });

  it('leaves out hidden and deleted sessions unless asked', () => {
    const db = store.engine.db;
    db.prepare("INSERT INTO session_meta(session_id, hidden, updated_at, updated_by, seq) VALUES ('copilot-chat:delta-4', 1, 'x', 'x', 1000)").run();
    db.prepare("INSERT INTO session_meta(session_id, deleted, updated_at, updated_by, seq) VALUES ('codex:gamma-3', 1, 'x', 'x', 1001)").run();
    try {
      expect(ids({})).toEqual(['claude-code:beta-2', 'claude-code:alpha-1']);
      expect(ids({ includeHidden: true })).toEqual(['copilot-chat:delta-4', 'claude-code:beta-2', 'claude-code:alpha-1']);
    } finally {
      db.prepare("DELETE FROM session_meta WHERE session_id IN ('copilot-chat:delta-4', 'codex:gamma-3')").run();
    }
  });

  it('limits, and says when there is more', () => {
    const result = querySessions(store.reader(), { limit: 2 });
    expect(result.sessions).toHaveLength(2);
    expect(result.hasMore).toBe(true);
  });

  it('rejects bad input with BAD_REQUEST naming the field', () => {
    const cases: Array<[SessionQuery, RegExp]> = [
      [{ since: 'last tuesday' }, /--since: "last tuesday" is not a time/],
      [{ until: '2026-13-01' }, /--until: "2026-13-01" is not a time/],
      [{ since: '2026-11-10', until: '2026-11-01' }, /--since .* is not before --until/],
      [{ agents: ['vim' as never] }, /--agent: unknown agent "vim"/],
      [{ limit: 0 }, /--limit: must be a whole number/],
      [{ sort: 'relevance' }, /--sort relevance needs --search/],
    ];
    for (const [query, message] of cases) {
      let caught: unknown;
      try {
        querySessions(store.reader(), query);
      } catch (err) {
        caught = err;
      }
      expect(caught, JSON.stringify(query)).toBeInstanceOf(DevlogError);
      expect((caught as DevlogError).code).toBe(ErrorCodes.BadRequest);
      expect((caught as DevlogError).message).toMatch(message);
    }
  });
});
