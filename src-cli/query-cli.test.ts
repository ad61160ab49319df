import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionQueryResult, SessionTranscript, StatsResult } from '../src-shared/contract/index.js';
import { querySessions } from '../src-worker/query/sessions.js';
import { writeSampleSessions } from '../src-worker/query/sample-sessions.js';
import { TestStore } from '../src-worker/query/test-store.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

/** The built CLI against a store filled through the real write path (needs `npm run build:engine`). */
describe('devlog query / show / stats (CLI process)', () => {
  let store: TestStore;
  let env: Record<string, string>;
  const tempHome = useTempHome();

  beforeAll(() => {
    store = new TestStore();
    writeSampleSessions(store);
    // Stopped like an engine that exited: the CLI must read the store without it, too.
    store.engine.dispose();
    env = { DEVLOG_HOME: store.home, TZ: 'UTC' };
  });
  afterAll(() => fs.rmSync(store.home, { recursive: true, force: true }));

  const cli = (...args: string[]) => runCli(args, env);
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  it('query --json prints what the engine API returns', async () => {
    const out = await json<SessionQueryResult>('query', '--json');
    expect(out.sessions.map((s) => s.nativeId)).toEqual(['delta-4', 'gamma-3', 'beta-2', 'alpha-1']);
    const withSearch = await json<SessionQueryResult>('query', '--search', 'login', '--agent', 'codex', '--json');
    expect(withSearch.sessions.map((s) => s.id)).toEqual(['codex:gamma-3']);
    expect(withSearch.sessions[0]!.snippets![0]).toMatchObject({ source: 'message', text: 'Write docs for the login flow', highlights: [[19, 24]] });
  });

  it('query prints an aligned table, snippets under each row', async () => {
    const r = await cli('query', '--search', 'login');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+AGENT\s+STARTED\s+MSGS\s+TOKENS\s+WORKSPACE\s+TITLE$/);
    expect(lines[1]).toMatch(/^gamma-3\s+codex\s+2026-11-10 08:00\s+2\s+67k\s+\/home\/dev\/code\/alpha\s+Write docs for the login flow$/);
    expect(lines[2]).toBe('    user: Write docs for the login flow');
    expect(r.stdout).toMatch(/2 sessions; devlog show ID for one/);
  });

  it('stats --json totals equal the sum over query --json', async () => {
    const stats = await json<StatsResult>('stats', '--json', '--by', 'model');
    const { sessions } = await json<SessionQueryResult>('query', '--json', '--limit', '1000');
    const sum = (f: (s: (typeof sessions)[number]) => number) => sessions.reduce((a, s) => a + f(s), 0);
    expect(stats.total).toMatchObject({
      sessions: sessions.length,
      messages: sum((s) => s.messageCount),
      toolCalls: sum((s) => s.toolCallCount),
      tokens: { input: sum((s) => s.tokens.input), output: sum((s) => s.tokens.output), cacheRead: sum((s) => s.tokens.cacheRead), cacheCreation: sum((s) => s.tokens.cacheCreation) },
      costUnknownTokens: 5000,
      unknownModels: ['mystery-model-1'],
    });
    const human = await cli('stats', '--by', 'agent');
    expect(human.stdout).toMatch(/TOTAL\s+4\s+11\s+1\s+17\.1k\s+4\.5k\s+60k\s+2k\s+\$0\.17 \+ \?/);
    expect(human.stdout).toMatch(/cost unknown for 5k tokens of mystery-model-1/);
  });

  it('show prints the transcript as text, Markdown and JSON', async () => {
    const md = await cli('show', 'alpha-1', '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout.indexOf('The login page throws')).toBeLessThan(md.stdout.indexOf('Now also add a regression test'));
    expect(md.stdout).toContain('<details><summary>Tool `Bash: npm test -- login` (error)</summary>');
    const t = await json<SessionTranscript>('show', 'claude-code:alpha-1', '--format', 'json');
    expect(t.session.title).toBe('Fix the login bug');
    const text = await cli('show', 'alpha-1');
    expect(text.stdout).toMatch(/── assistant \[subagent\]/);
  });

  it('bad input: a clear one-line error and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['show', 'claude-code:no-such-session'], /^devlog: no session with id "claude-code:no-such-session"/],
      [['query', '--since', '2026-02-30'], /^devlog: --since: "2026-02-30" is not a time \(no such date\)/],
      [['stats', '--until', 'soon'], /^devlog: --until: "soon" is not a time/],
      [['query', '--search', 'login AND (', '--fts'], /^devlog: --search: not a valid FTS5 query: "login AND \("/],
      [['query', '--agent', 'vim'], /^devlog: --agent: unknown agent "vim"/],
      [['query', '--limit', 'ten'], /--limit <n>' argument 'ten' is invalid/],
      [['show', 'x', '--format', 'pdf'], /must be text, md or json/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('user text that is FTS syntax is searched as text', async () => {
    for (const text of ['login AND (', 'foo(bar', '"unbalanced', 'NOT']) {
      const r = await cli('query', '--search', text, '--json');
      expect(r.code, text).toBe(0);
    }
  });

  it('says clearly when there is no store yet', async () => {
    const r = await runCli(['query'], { DEVLOG_HOME: path.join(tempHome(), 'empty') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^devlog: no devlog store in .* yet: run `devlog collect` or `devlog start` first/);
  });

  it('matches the in-process API exactly', async () => {
    const viaCli = await json<SessionQueryResult>('query', '--json', '--search', 'login', '--workspace', '/home/dev/code/**');
    const reader = new TestStore(tempHome());
    try {
      writeSampleSessions(reader);
      const direct = querySessions(reader.reader(), { search: 'login', workspace: '/home/dev/code/**' });
      const strip = (r: SessionQueryResult) => r.sessions.map(({ originMachine: _, ...s }) => s);
      expect(strip(viaCli)).toEqual(strip(direct));
    } finally {
      reader.dispose(false);
    }
  });
});
